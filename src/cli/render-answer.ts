import type { Answer } from "../core/answer/answer.ts";
import { partLines } from "../core/answer/answer.ts";

const SOURCES_LABEL = { vi: "Nguồn", en: "Sources" } as const;
export const RELATED_LABEL = {
  vi: "Bài gần nhất trong thư viện (không phải câu trả lời)",
  en: "Closest articles in the library (not an answer)",
} as const;
export const SEARCHED_LABEL = { vi: "Đã tìm", en: "Searched for" } as const;

/** The answer as plain text for a terminal: sentences with [n], then the numbered source list. */
export function renderAnswerText(answer: Answer): string {
  const lines = partLines(
    answer.parts,
    (part) => `${part.text}${part.citations.map((n) => ` [${n}]`).join("")}`,
  );
  if (answer.searched) lines.unshift(`(${SEARCHED_LABEL[answer.language]}: «${answer.searched}»)`);
  if (answer.note) lines.unshift(`(${answer.note})`);
  if (answer.related?.length) {
    lines.push("", `${RELATED_LABEL[answer.language]}:`);
    for (const article of answer.related) {
      const details = [article.date, article.url ?? article.site].filter(Boolean).join(" — ");
      lines.push(`• ${article.title}${details ? ` — ${details}` : ""}`);
    }
  }
  if (answer.citations.length > 0) {
    lines.push("", `${SOURCES_LABEL[answer.language]}:`);
    for (const citation of answer.citations) {
      const details = [citation.date, citation.url ?? citation.site].filter(Boolean).join(" — ");
      lines.push(`[${citation.n}] ${citation.title}${details ? ` — ${details}` : ""}`);
    }
  }
  return lines.join("\n");
}

/** The stable JSON shape of `npm run ask -- --json` (documented in the README). */
export function answerToJson(answer: Answer) {
  return {
    question: answer.question,
    mode: answer.mode,
    answer: renderAnswerText(answer),
    abstained: answer.abstained,
    citations: answer.citations.map(({ n, articleId, title, date, url, chunkId }) => ({
      n,
      articleId,
      title,
      date,
      url,
      chunkId,
    })),
    hits: answer.hits.map(({ articleId, chunkId, score, text }) => ({
      articleId,
      chunkId,
      score: round(score),
      text,
    })),
    missing: answer.missing ?? [],
    related: (answer.related ?? []).map(({ articleId, title, date, url }) => ({
      articleId,
      title,
      date,
      url,
    })),
    searched: answer.searched ?? null,
  };
}

function round(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}
