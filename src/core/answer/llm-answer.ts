import { formatArticleDate } from "../ingest/article-date.ts";
import type { ChatModel, Completion } from "../llm/chat-model.ts";
import { LlmFailure } from "../llm/llm-failure.ts";
import type { Prompts } from "../llm/prompts.ts";
import { fillTemplate } from "../llm/prompts.ts";
import type { SearchHit } from "../search/search-index.ts";
import { foldKey } from "../text/normalize.ts";
import { splitSentences } from "../text/sentences.ts";
import type { Answer, AnswerPart, Language } from "./answer.ts";
import type { ArticleInfo } from "./citations.ts";
import { CitationNumbering } from "./citations.ts";
import { ABSTAIN_TEXT } from "./search-only-answer.ts";

/** What the model writes, alone, when the passages do not answer the question. */
export const NOT_ANSWERABLE = "KHONG_CO_THONG_TIN";

export interface LlmAnswerInput {
  question: string;
  /** The library's own relevance measure for these passages (kept on the answer). */
  relevance: number;
  language: Language;
  /** The passages the model may cite, numbered [1]..[n] in this order. */
  passages: readonly SearchHit[];
  allHits: readonly SearchHit[];
  articles: (articleId: string) => ArticleInfo | null;
  model: ChatModel;
  prompts: Prompts;
  signal: AbortSignal;
  maxTokens: number;
}

/**
 * Asks the model for an answer from numbered passages and checks it: citations to passages that were not
 * given are dropped, sources are renumbered per article in order of first use and listed by the code
 * (the model cannot invent a title or a link). An answer with no valid citation, or one that repeats
 * the system prompt, is a failure; "not answerable" is an explicit abstention.
 */
export async function composeLlmAnswer(
  input: LlmAnswerInput,
): Promise<{ answer: Answer; usage: Completion["usage"] }> {
  const system = fillTemplate(input.prompts.answerSystem, { not_answerable: NOT_ANSWERABLE });
  const user = fillTemplate(input.prompts.answerUser, {
    passages: input.passages
      .map((hit, i) => formatPassage(i + 1, hit, input.articles(hit.articleId)))
      .join("\n\n"),
    // The member's words are data too: they must not be able to open or close a block either.
    question: asData(input.question),
  });
  const completion = await input.model.complete(
    [
      { role: "system", content: system },
      { role: "user", content: user },
    ],
    { signal: input.signal, maxTokens: input.maxTokens },
  );
  const text = cleanModelText(completion.text);
  const base = {
    question: input.question,
    relevance: input.relevance,
    mode: "llm" as const,
    language: input.language,
    hits: [...input.allHits],
    note: null,
  };
  if (!text) throw new LlmFailure("bad-output", "empty answer");
  if (text.includes(NOT_ANSWERABLE)) {
    return {
      answer: {
        ...base,
        abstained: true,
        parts: [{ text: ABSTAIN_TEXT[input.language], citations: [] }],
        citations: [],
      },
      usage: completion.usage,
    };
  }
  if (leaksPrompt(text, system)) throw new LlmFailure("leak", "the answer repeats the system prompt");

  const numbering = new CitationNumbering(input.articles);
  const parts: AnswerPart[] = [];
  for (const sentence of citedSentences(text)) {
    // A passage that was not provided gives a claim no source; a sentence left without one is not shown,
    // since every sentence a member reads must be checkable.
    const cited = sentence.refs.flatMap((ref) => input.passages[ref - 1] ?? []);
    if (cited.length === 0) continue;
    const citations = [...new Set(cited.map((passage) => numbering.cite(passage)))];
    const continues = sentence.continues && parts.length > 0;
    parts.push({ text: sentence.text, citations, ...(continues ? { continues: true } : {}) });
  }
  if (parts.length === 0) throw new LlmFailure("no-citation", "no citation points to a given passage");
  return {
    answer: { ...base, abstained: false, parts, citations: numbering.list() },
    usage: completion.usage,
  };
}

/**
 * Article text and questions are data: they must not be able to close a <tài_liệu> block and speak as the
 * user or the system. Normalising first (fullwidth forms, invisible characters, HTML entities) and then
 * escaping every angle bracket leaves no spelling of a tag that survives.
 */
export function asData(text: string): string {
  return text
    .normalize("NFKC")
    .replace(/\p{Cf}+/gu, "")
    .replace(/&(?:lt|#0*60|#x0*3c);?/giu, "<")
    .replace(/&(?:gt|#0*62|#x0*3e);?/giu, ">")
    .replace(/</g, "‹")
    .replace(/>/g, "›");
}

function formatPassage(n: number, hit: SearchHit, article: ArticleInfo | null): string {
  const date = formatArticleDate(article?.date ?? null) || "không rõ";
  const source = article?.url ?? article?.site ?? "không rõ";
  return [
    `<tài_liệu số="${n}">`,
    `[${n}] Tiêu đề: ${asData(article?.title ?? hit.title)}`,
    `Ngày: ${date} | Nguồn: ${asData(source)}`,
    asData(hit.text),
    "</tài_liệu>",
  ].join("\n");
}

/** Strips Markdown emphasis and headings that chat models like to add; Telegram output is rendered by us. */
function cleanModelText(text: string): string {
  return text
    .replace(/【(\d+)】/g, "[$1]")
    .replace(/\*\*|__/g, "")
    .replace(/^#{1,6}\s+/gm, "")
    .replace(/^\s*[-*•]\s+/gm, "")
    .trim();
}

const MARKERS = /\[(\d{1,3}(?:\s*[,;–-]\s*\d{1,3})*)\]/g;

/** The answer's sentences with the passage numbers each cites; markers after the full stop count too. */
export function citedSentences(text: string): { text: string; refs: number[]; continues: boolean }[] {
  // "… 86,06 điểm. [1]" → "… 86,06 điểm [1]." so that the marker stays with its sentence.
  const moved = text.replace(
    /([.!?…])\s*((?:\[\d[\d\s,;–-]*\]\s*)+)/gu,
    (_, stop: string, markers: string) => ` ${markers.trim()}${stop}`,
  );
  const sentences: { text: string; refs: number[]; continues: boolean }[] = [];
  for (const line of moved.split(/\n+/)) {
    for (const [index, sentence] of splitSentences(line.trim()).entries()) {
      const refs: number[] = [];
      for (const match of sentence.matchAll(MARKERS)) refs.push(...expandRefs(match[1] ?? ""));
      const bare = sentence
        .replace(MARKERS, "")
        .replace(/\s+([.,;:!?…])/g, "$1")
        .replace(/\s{2,}/g, " ")
        .trim();
      if (bare) sentences.push({ text: bare, refs, continues: index > 0 });
    }
  }
  return sentences;
}

function expandRefs(list: string): number[] {
  const refs: number[] = [];
  for (const item of list.split(/\s*[,;]\s*/)) {
    const range = /^(\d+)\s*[–-]\s*(\d+)$/.exec(item);
    if (range) {
      const [from, to] = [Number(range[1]), Number(range[2])];
      for (let n = from; n <= to && n - from < 10; n++) refs.push(n);
    } else if (/^\d+$/.test(item)) {
      refs.push(Number(item));
    }
  }
  return refs;
}

/**
 * True when the answer contains a stretch of the system prompt (a prompt-injection success), however
 * it is spelled: compared without accents, case, punctuation or spacing.
 */
export function leaksPrompt(answer: string, system: string): boolean {
  const normalise = (text: string) => foldKey(text).replace(/[^\p{L}\p{N}]+/gu, "");
  const haystack = normalise(answer);
  const prompt = normalise(system);
  const window = 45;
  for (let start = 0; start + window <= prompt.length; start += 15) {
    if (haystack.includes(prompt.slice(start, start + window))) return true;
  }
  return false;
}
