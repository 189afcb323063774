import type { SearchHit } from "../search/search-index.ts";

/** A numbered source under an answer; the number is what [n] in the answer text refers to. */
export interface Citation {
  n: number;
  articleId: string;
  title: string;
  /** Display date ("03/02/2023", "17/05"), empty when the article gives none. */
  date: string;
  url: string | null;
  site: string | null;
  /** The first cited passage of this article, and all of them. */
  chunkId: string;
  chunkIds: string[];
}

/** An article shown beside a refusal as the closest the library has: not cited, not an answer. */
export interface RelatedArticle {
  articleId: string;
  title: string;
  date: string;
  url: string | null;
  site: string | null;
}

/** A sentence (or a few) of the answer and the sources it rests on. */
export interface AnswerPart {
  text: string;
  citations: number[];
  /** True when the part continues the previous part's paragraph (LLM prose); otherwise it starts a line. */
  continues?: boolean;
}

/** Each part as "text [n]", grouped into paragraphs: a part that continues the previous one joins its line. */
export function partLines(parts: readonly AnswerPart[], format: (part: AnswerPart) => string): string[] {
  const lines: string[] = [];
  for (const part of parts) {
    const text = format(part);
    if (part.continues && lines.length > 0) lines[lines.length - 1] += ` ${text}`;
    else lines.push(text);
  }
  return lines;
}

export type AnswerMode = "search-only" | "llm";
export type Language = "vi" | "en";

export interface Answer {
  question: string;
  mode: AnswerMode;
  language: Language;
  /** True when the library has nothing that answers the question; `parts` then holds the explanation. */
  abstained: boolean;
  parts: AnswerPart[];
  citations: Citation[];
  hits: SearchHit[];
  /** Why this answer is search-only when an LLM was configured (timeout, error…), for the member. */
  note: string | null;
  /** How well the best passages cover the question, in [0, 1] (see relevanceOf); 0 with no passages. */
  relevance: number;
  /** What the question names that no article holds ("Nghị quyết 76"); the answer then abstains. */
  missing?: string[];
  /** With `missing`: the closest articles, offered as related reading, never as the answer. */
  related?: RelatedArticle[];
  /** What was searched when it differs from the question (a follow-up merged with the previous turn). */
  searched?: string | null;
}

const ENGLISH_WORDS = new Set(
  "what which who whom whose when where why how is are was were the of and in on for to does did do many much about".split(
    " ",
  ),
);

/**
 * "en" when the question reads as English (no Vietnamese letters and several common English words),
 * otherwise "vi". Unaccented Vietnamese ("chi so cchc") stays "vi".
 */
export function detectLanguage(question: string): Language {
  if (/[ăâđêôơưàáảãạèéẻẽẹìíỉĩịòóỏõọùúủũụỳýỷỹỵ]/iu.test(question)) return "vi";
  const words = question.toLowerCase().match(/[a-z]+/g) ?? [];
  const english = words.filter((word) => ENGLISH_WORDS.has(word)).length;
  return english >= 2 || (english === 1 && words.length <= 3) ? "en" : "vi";
}
