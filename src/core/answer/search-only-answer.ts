import type { QueryProfile } from "../search/relevance.ts";
import { bigramCoverage, keyCoverage, profileQuery } from "../search/relevance.ts";
import type { SearchHit, SearchIndex } from "../search/search-index.ts";
import type { Lexicon } from "../text/lexicon.ts";
import { splitSentences } from "../text/sentences.ts";
import type { Answer, AnswerPart, Citation, Language } from "./answer.ts";
import { detectLanguage } from "./answer.ts";
import type { ArticleInfo } from "./citations.ts";
import { CitationNumbering } from "./citations.ts";

export interface SearchOnlyOptions {
  /** Passages whose sentences may be quoted. */
  passages: number;
  /** At most this many sentences in an answer. */
  maxSentences: number;
  /** Below this relevance (see `relevanceOf`) the library is taken not to answer the question. */
  minRelevance: number;
  /** A sentence is quoted only if it scores at least this share of the best sentence. */
  sentenceRatio: number;
  /** Sentences longer than this many words are shortened around the words that match. */
  maxSentenceWords: number;
}

export const DEFAULT_SEARCH_ONLY_OPTIONS: SearchOnlyOptions = {
  passages: 4,
  maxSentences: 3,
  minRelevance: 0.5,
  sentenceRatio: 0.6,
  maxSentenceWords: 70,
};

export const ABSTAIN_TEXT: Record<Language, string> = {
  vi: "Thư viện hiện chưa có bài viết nào trả lời câu hỏi này. Bạn thử hỏi cách khác, hoặc đề nghị quản trị viên bổ sung tài liệu.",
  en: "The library has no article that answers this question yet. Try rephrasing it, or ask an admin to add documents.",
};

/**
 * How well a passage answers the question, in [0, 1]: the IDF-weighted share of the question's keys that
 * the passage (with its title) contains, plus a little for matching two-syllable terms and for vector
 * similarity. Unlike Orama's scores, which are relative to the best hit, it can be compared to a fixed bar.
 */
export function relevanceOf(
  profile: QueryProfile,
  terms: ReadonlySet<string>,
  cosine: number | null,
): number {
  const keys = keyCoverage(profile, terms);
  const pairs = bigramCoverage(profile, terms);
  return Math.min(1, 0.8 * keys + 0.1 * pairs + 0.2 * Math.max(0, cosine ?? 0));
}

interface Candidate {
  text: string;
  hit: SearchHit;
  rank: number;
  order: number;
  score: number;
  terms: Set<string>;
}

/**
 * The deterministic answer: the sentences of the best passages that answer the question, each with its
 * citation, or a plain "not in the library" when nothing is relevant enough. Same input, same output.
 */
export function composeSearchOnlyAnswer(input: {
  question: string;
  hits: readonly SearchHit[];
  index: Pick<SearchIndex, "analyze" | "documentFrequency" | "size">;
  lexicon: Lexicon;
  articles: (articleId: string) => ArticleInfo | null;
  options?: Partial<SearchOnlyOptions>;
  note?: string | null;
}): Answer {
  const options = { ...DEFAULT_SEARCH_ONLY_OPTIONS, ...input.options };
  const language = detectLanguage(input.question);
  const profile = profileQuery(
    input.index.analyze(input.question).folded,
    input.lexicon,
    (term) => input.index.documentFrequency(term),
    input.index.size,
  );
  const hits = input.hits.slice(0, options.passages);
  const base = {
    question: input.question,
    mode: "search-only" as const,
    language,
    hits: [...input.hits],
    note: input.note ?? null,
  };
  const relevance = Math.max(
    0,
    ...hits.map((hit) => relevanceOf(profile, termsOf(input.index, `${hit.title}\n${hit.text}`), hit.cosine)),
  );
  if (profile.keys.length === 0 || relevance < options.minRelevance) {
    return {
      ...base,
      abstained: true,
      parts: [{ text: ABSTAIN_TEXT[language], citations: [] }],
      citations: [],
    };
  }

  const chosen = chooseSentences(hits, profile, input.index, options);
  const numbering = new CitationNumbering(input.articles);
  const parts: AnswerPart[] = chosen.map((candidate) => ({
    text: shorten(candidate.text, candidate.terms, profile, input.index, options.maxSentenceWords),
    citations: [numbering.cite(candidate.hit)],
  }));
  const citations: Citation[] = numbering.list();
  return { ...base, abstained: false, parts, citations };
}

function termsOf(index: Pick<SearchIndex, "analyze">, text: string): Set<string> {
  return new Set(index.analyze(text).folded);
}

function chooseSentences(
  hits: readonly SearchHit[],
  profile: QueryProfile,
  index: Pick<SearchIndex, "analyze">,
  options: SearchOnlyOptions,
): Candidate[] {
  const seen = new Set<string>();
  const candidates: Candidate[] = [];
  hits.forEach((hit, rank) => {
    const sentences = hit.text.split("\n").flatMap((line) => splitSentences(line));
    sentences.forEach((text, order) => {
      const key = text.toLowerCase().replace(/\s+/g, " ");
      if (seen.has(key)) return; // overlapping chunks repeat a sentence
      seen.add(key);
      const terms = termsOf(index, text);
      const coverage = keyCoverage(profile, terms);
      if (coverage === 0) return;
      // Mostly what the sentence itself says; a little for the passage's rank, so ties go to the best passage.
      const score = coverage + 0.15 * bigramCoverage(profile, terms) + 0.05 / (rank + 1);
      candidates.push({ text, hit, rank, order, score, terms });
    });
  });
  candidates.sort((a, b) => b.score - a.score || a.rank - b.rank || a.order - b.order);
  const best = candidates[0]?.score ?? 0;
  const chosen: Candidate[] = [];
  const found = new Set<string>();
  for (const candidate of candidates) {
    if (chosen.length >= options.maxSentences || candidate.score < best * options.sentenceRatio) break;
    // Skip a sentence that adds no key the chosen ones lack.
    const adds = profile.keys.some((key) => candidate.terms.has(key.term) && !found.has(key.term));
    if (chosen.length > 0 && !adds) continue;
    for (const key of profile.keys) if (candidate.terms.has(key.term)) found.add(key.term);
    chosen.push(candidate);
  }
  return chosen;
}

/** Keeps a long sentence readable on a phone: the window of `maxWords` words with the most matches. */
function shorten(
  sentence: string,
  _terms: ReadonlySet<string>,
  profile: QueryProfile,
  index: Pick<SearchIndex, "analyze">,
  maxWords: number,
): string {
  const words = sentence.split(/\s+/);
  if (words.length <= maxWords) return sentence;
  const wanted = new Set(profile.keys.map((key) => key.term));
  const hitsPerWord = words.map((word) =>
    index.analyze(word).folded.some((term) => wanted.has(term)) ? 1 : 0,
  );
  let bestStart = 0;
  let bestCount = -1;
  let windowCount = 0;
  for (let i = 0; i < words.length; i++) {
    windowCount += hitsPerWord[i] ?? 0;
    if (i >= maxWords) windowCount -= hitsPerWord[i - maxWords] ?? 0;
    const start = Math.max(0, i - maxWords + 1);
    if (i >= maxWords - 1 && windowCount > bestCount) {
      bestCount = windowCount;
      bestStart = start;
    }
  }
  const slice = words.slice(bestStart, bestStart + maxWords).join(" ");
  return `${bestStart > 0 ? "… " : ""}${slice}${bestStart + maxWords < words.length ? " …" : ""}`;
}
