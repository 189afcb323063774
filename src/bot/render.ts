import type { Answer } from "../core/answer/answer.ts";
import { partLines } from "../core/answer/answer.ts";

/** Telegram's limit for one message's text, in UTF-16 code units after entity parsing. */
export const TELEGRAM_MESSAGE_LIMIT = 4096;
// Room left for safety: Telegram counts the text after entities are parsed, we count the HTML source,
// which is always longer, so staying under the limit in source is enough.
const LIMIT = TELEGRAM_MESSAGE_LIMIT - 96;

/** Escapes text for Telegram's HTML parse mode (only <, > and & need it). */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** Escapes text for a double-quoted HTML attribute (an href). */
export function escapeAttribute(text: string): string {
  return escapeHtml(text).replace(/"/g, "&quot;");
}

const LABELS = {
  vi: {
    sources: "Nguồn",
    related: "Bài gần nhất trong thư viện (không phải câu trả lời)",
    searched: "Đã tìm",
  },
  en: {
    sources: "Sources",
    related: "Closest articles in the library (not an answer)",
    searched: "Searched for",
  },
} as const;

/** The lines of an answer as Telegram HTML: note, sentences with [n], then the source list with links. */
export function answerHtmlLines(answer: Answer): string[] {
  const labels = LABELS[answer.language];
  const lines: string[] = [];
  if (answer.note) lines.push(`<i>${escapeHtml(answer.note)}</i>`, "");
  // A merged follow-up: the member sees what was searched, so a wrong merge is visible at once.
  if (answer.searched) lines.push(`<i>${labels.searched}: «${escapeHtml(answer.searched)}»</i>`, "");
  lines.push(
    ...partLines(
      answer.parts,
      (part) => `${escapeHtml(part.text)}${part.citations.map((n) => ` [${n}]`).join("")}`,
    ),
  );
  if (answer.citations.length > 0) {
    lines.push("", `<b>${labels.sources}:</b>`);
    for (const citation of answer.citations) {
      const title = citation.url
        ? `<a href="${escapeAttribute(citation.url)}">${escapeHtml(citation.title)}</a>`
        : escapeHtml(citation.title);
      const details = [citation.date, citation.url ? null : citation.site].filter(Boolean).join(", ");
      lines.push(`[${citation.n}] ${title}${details ? ` — ${escapeHtml(details)}` : ""}`);
    }
  }
  if (answer.related?.length) {
    lines.push("", `<b>${labels.related}:</b>`);
    for (const article of answer.related) {
      const title = article.url
        ? `<a href="${escapeAttribute(article.url)}">${escapeHtml(article.title)}</a>`
        : escapeHtml(article.title);
      lines.push(`• ${title}${article.date ? ` — ${escapeHtml(article.date)}` : ""}`);
    }
  }
  return lines;
}

/**
 * Splits HTML lines into messages under Telegram's limit. Lines are never cut inside a tag or an entity:
 * each line is self-contained HTML, and a line that is itself too long is cut at sentence or word
 * boundaries of its text (see `splitLongText`) by the caller's renderer before escaping.
 */
export function splitMessages(lines: readonly string[], limit = LIMIT): string[] {
  const messages: string[] = [];
  let current = "";
  for (const line of lines.flatMap((l) => (l.length > limit ? splitLongLine(l, limit) : [l]))) {
    const candidate = current ? `${current}\n${line}` : line;
    if (candidate.length > limit && current.trim()) {
      messages.push(current.trim());
      current = line;
    } else {
      current = candidate;
    }
  }
  if (current.trim()) messages.push(current.trim());
  return messages;
}

// A single over-long line (a huge sentence from an LLM) is cut at sentence ends, then spaces, outside tags
// and entities; lines we build only carry tags in the source list, which stays short.
function splitLongLine(line: string, limit: number): string[] {
  const pieces: string[] = [];
  let rest = line;
  while (rest.length > limit) {
    let cut = -1;
    for (const pattern of [/[.!?…]\s/g, /\s/g]) {
      for (const match of rest.slice(0, limit).matchAll(pattern)) {
        const at = (match.index ?? 0) + match[0].length;
        if (!insideMarkup(rest, at)) cut = at;
      }
      if (cut > limit / 2) break;
    }
    if (cut <= 0) cut = safeCut(rest, limit);
    pieces.push(rest.slice(0, cut).trimEnd());
    rest = rest.slice(cut).trimStart();
  }
  if (rest) pieces.push(rest);
  return pieces;
}

function insideMarkup(text: string, at: number): boolean {
  const before = text.slice(0, at);
  const openTag = before.lastIndexOf("<") > before.lastIndexOf(">");
  const openEntity = /&[a-z#0-9]*$/i.test(before);
  const openLink = (before.match(/<a /g)?.length ?? 0) > (before.match(/<\/a>/g)?.length ?? 0);
  return openTag || openEntity || openLink;
}

function safeCut(text: string, limit: number): number {
  let cut = limit;
  while (cut > 1 && insideMarkup(text, cut)) cut--;
  // Never split a surrogate pair (emoji).
  const code = text.charCodeAt(cut - 1);
  if (code >= 0xd800 && code <= 0xdbff) cut--;
  return cut;
}

/** The answer as Telegram messages (HTML). */
export function renderAnswerMessages(answer: Answer): string[] {
  return splitMessages(answerHtmlLines(answer));
}

/** The passages an answer cites, for the "📄 Trích dẫn" button. */
export function renderCitedPassages(
  answer: Answer,
  passage: (chunkId: string) => { text: string } | null,
  maxChars = 900,
): string[] {
  const lines: string[] = [];
  for (const citation of answer.citations) {
    lines.push(
      `<b>[${citation.n}] ${escapeHtml(citation.title)}</b>${citation.date ? ` — ${escapeHtml(citation.date)}` : ""}`,
    );
    for (const chunkId of citation.chunkIds) {
      const text = passage(chunkId)?.text ?? answer.hits.find((hit) => hit.chunkId === chunkId)?.text;
      if (!text) continue;
      const shown = text.length > maxChars ? `${text.slice(0, maxChars).replace(/\s+\S*$/, "")} …` : text;
      lines.push(`<blockquote>${escapeHtml(shown)}</blockquote>`);
    }
  }
  return splitMessages(lines.length > 0 ? lines : ["Câu trả lời này không trích dẫn đoạn nào."]);
}
