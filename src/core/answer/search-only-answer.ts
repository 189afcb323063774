import { formatArticleDate } from "../ingest/article-date.ts";
import type { QueryProfile } from "../search/relevance.ts";
import {
  bigramCoverage,
  keyCoverage,
  keyMatch,
  profileQuery,
  weightedCoverage,
} from "../search/relevance.ts";
import type { SearchHit, SearchIndex } from "../search/search-index.ts";
import type { Lexicon } from "../text/lexicon.ts";
import { foldKey } from "../text/normalize.ts";
import { termSet } from "../text/search-terms.ts";
import type { Answer, AnswerPart, Language, RelatedArticle } from "./answer.ts";
import { detectLanguage } from "./answer.ts";
import type { ArticleInfo } from "./citations.ts";
import { CitationNumbering } from "./citations.ts";
import type { Mention } from "./mentions.ts";
import { comparedYears, contradictedFigureMentions, mentionsOf, mentionText, placesIn } from "./mentions.ts";
import { passageUnits } from "./passage-units.ts";
import type { QuestionShape } from "./question-shape.ts";
import {
  answerEvidence,
  isAskedWord,
  lacksAskedRole,
  namedEntities,
  onlyDeputyOfAskedRole,
  onlyOppositeState,
  questionShape,
} from "./question-shape.ts";

export interface SearchOnlyOptions {
  /** Passages whose sentences may be quoted (plus their neighbours in the article). */
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
  minRelevance: 0.45,
  sentenceRatio: 0.6,
  maxSentenceWords: 70,
};

export const ABSTAIN_TEXT: Record<Language, string> = {
  vi: "Thư viện hiện chưa có bài viết nào trả lời câu hỏi này. Bạn thử hỏi cách khác, hoặc đề nghị quản trị viên bổ sung tài liệu.",
  en: "The library has no article that answers this question yet. Try rephrasing it, or ask an admin to add documents.",
};

const RELATED_ARTICLES = 3;

/**
 * The refusal for a question that names what no article holds: says what is missing, and lists the
 * closest articles as related reading (no citation numbers: they are not the answer).
 */
export function composeAbsentAnswer(input: {
  question: string;
  missing: readonly string[];
  hits: readonly SearchHit[];
  articles: (articleId: string) => ArticleInfo | null;
  note?: string | null;
  /** The articles are about the subject but state no figure for what is missing. */
  figure?: boolean;
}): Answer {
  const language = detectLanguage(input.question);
  const names = [...new Set(input.missing)].map((text) => `«${text}»`).join(", ");
  const text = input.figure
    ? language === "en"
      ? names
        ? `The library's articles give no figure for ${names}, so they cannot answer this question.`
        : "The library's articles give no figure that answers this question."
      : names
        ? `Các bài trong thư viện không nêu số liệu cho ${names}, nên chưa trả lời được câu hỏi này.`
        : "Các bài trong thư viện không nêu số liệu trả lời câu hỏi này."
    : language === "en"
      ? `The library has no article about ${names}, so it cannot answer this question.`
      : `Thư viện chưa có bài viết nào về ${names}, nên chưa trả lời được câu hỏi này.`;
  const related: RelatedArticle[] = [];
  for (const hit of input.hits) {
    if (related.length >= RELATED_ARTICLES || related.some((r) => r.articleId === hit.articleId)) continue;
    const article = input.articles(hit.articleId);
    if (!article) continue;
    related.push({
      articleId: hit.articleId,
      title: article.title,
      date: formatArticleDate(article.date),
      url: article.url,
      site: article.site,
    });
  }
  return {
    question: input.question,
    mode: "search-only",
    language,
    abstained: true,
    parts: [{ text, citations: [] }],
    citations: [],
    hits: [...input.hits],
    note: input.note ?? null,
    relevance: 0,
    missing: [...new Set(input.missing)],
    related,
  };
}

// A key missing from a sentence but present elsewhere in its article counts this much: "tỉnh" in a
// sentence of an article about Quảng Bình is about Quảng Bình.
const CONTEXT_CREDIT = 0.3;
// A key of the article's title counts this much in every sentence of it: the title says what the whole
// article is about, so "Ba đơn vị dẫn đầu gồm: …" in an article titled "Chỉ số CCHC năm 2024 của các sở"
// is about that index and year without repeating them.
const TITLE_CREDIT = 0.8;
// A passage that does not name a place or person the question names is worth this much less.
const MISSING_ENTITY_FACTOR = 0.6;

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

interface Passage {
  hit: Omit<SearchHit, "score" | "cosine">;
  rank: number;
}

interface Candidate {
  text: string;
  passage: Passage;
  order: number;
  score: number;
  terms: Set<string>;
  /** How well it states the kind of answer asked for (see answerEvidence). */
  evidence: 0 | 1 | 2;
}

interface Context {
  question: string;
  shape: QuestionShape;
  profile: QueryProfile;
  index: Pick<SearchIndex, "analyze">;
  articleTerms: (articleId: string) => ReadonlySet<string>;
  titleTerms: (articleId: string) => ReadonlySet<string>;
  options: SearchOnlyOptions;
}

/**
 * The deterministic answer: the sentences of the best passages that answer the question, each with its
 * citation, or a plain "not in the library" when nothing is relevant enough. Same input, same output.
 */
export function composeSearchOnlyAnswer(input: {
  question: string;
  hits: readonly SearchHit[];
  index: Pick<SearchIndex, "analyze" | "documentFrequency" | "size" | "passage">;
  lexicon: Lexicon;
  articles: (articleId: string) => ArticleInfo | null;
  options?: Partial<SearchOnlyOptions>;
  note?: string | null;
}): Answer {
  const { index, lexicon } = input;
  const options = { ...DEFAULT_SEARCH_ONLY_OPTIONS, ...input.options };
  const language = detectLanguage(input.question);
  const profile = profileQuery(
    index.analyze(input.question),
    lexicon,
    (term) => index.documentFrequency(term),
    index.size,
  );
  const entities = namedEntities(input.question).filter((entity) => !isAbbreviationPhrase(entity, lexicon));

  const top = input.hits.slice(0, options.passages);
  const namesEntities = (hit: Pick<SearchHit, "articleId" | "title" | "text">) => {
    if (entities.length === 0) return true;
    // The article as a whole counts: a passage of an article about Quảng Bình need not repeat the name.
    const article = input.articles(hit.articleId);
    const text = foldKey(`${hit.title} ${hit.text} ${article?.title ?? ""} ${article?.body ?? ""}`).replace(
      /\s+/g,
      " ",
    );
    return entities.every((entity) => text.includes(entity));
  };
  const relevance = Math.max(
    0,
    ...top.map((hit) => {
      const terms = termSet(index.analyze(`${hit.title}\n${hit.text}`));
      return relevanceOf(profile, terms, hit.cosine) * (namesEntities(hit) ? 1 : MISSING_ENTITY_FACTOR);
    }),
  );
  const base = {
    question: input.question,
    mode: "search-only" as const,
    language,
    hits: [...input.hits],
    note: input.note ?? null,
    relevance: Math.round(relevance * 1e6) / 1e6,
  };
  if (profile.keys.length === 0 || relevance < options.minRelevance) {
    return {
      ...base,
      abstained: true,
      parts: [{ text: ABSTAIN_TEXT[language], citations: [] }],
      citations: [],
    };
  }

  const termCache = new Map<string, ReadonlySet<string>>();
  const cachedTerms = (key: string, text: () => string) => {
    let terms = termCache.get(key);
    if (!terms) {
      terms = termSet(index.analyze(text()));
      termCache.set(key, terms);
    }
    return terms;
  };
  const context: Context = {
    question: input.question,
    shape: questionShape(input.question),
    profile,
    index,
    options,
    titleTerms: (articleId) =>
      cachedTerms(`title:${articleId}`, () => input.articles(articleId)?.title ?? ""),
    articleTerms: (articleId) =>
      cachedTerms(articleId, () => {
        const article = input.articles(articleId);
        return `${article?.title ?? ""}\n${article?.body ?? ""}`;
      }),
  };
  const candidates = gatherSentences(passagesToRead(top, index), context);
  // A figure is an answer only where it is stated for the index and year asked: Quảng Bình's SIPAS of
  // 2023 does not answer a question about its SIPAS of 2024, although the article mentions 2024.
  const figureTerms = context.shape.quantity
    ? mentionsOf(input.question, lexicon).filter(
        (m) =>
          m.kind === "index" ||
          m.kind === "place" ||
          (m.kind === "year" && !comparedYears(input.question).has(m.text)),
      )
    : [];
  const contradicted = new Map(
    candidates.map((candidate) => [candidate, contradictedFigures(figureTerms, candidate, lexicon)]),
  );
  const eligible = candidates.filter((candidate) => contradicted.get(candidate)?.length === 0);
  // The figure asked for is stated only for another year or index: say so rather than quote the rest.
  const states = (candidate: Candidate) => candidate.evidence === 2;
  const statedElsewhere = candidates.filter(
    (candidate) => !eligible.includes(candidate) && states(candidate),
  );
  if (
    candidates.length > 0 &&
    (eligible.length === 0 || (!eligible.some(states) && statedElsewhere.length > 0))
  ) {
    // What the sentences that state such a figure contradict is what the library lacks.
    const evidence = statedElsewhere.length > 0 ? statedElsewhere : candidates;
    const missing = new Set(evidence.flatMap((candidate) => contradicted.get(candidate) ?? []));
    return composeAbsentAnswer({
      question: input.question,
      missing: figureTerms.filter((m) => missing.has(m)).map((m) => m.text),
      hits: input.hits,
      articles: input.articles,
      note: input.note ?? null,
      figure: true,
    });
  }
  // "Bao nhiêu" is answered by a number: sentences that only share the question's words (or state a
  // year) do not answer it, however relevant the articles are.
  if (
    context.shape.quantity &&
    eligible.length > 0 &&
    !eligible.some((candidate) => candidate.evidence > 0)
  ) {
    return composeAbsentAnswer({
      question: input.question,
      missing: [],
      hits: input.hits,
      articles: input.articles,
      note: input.note ?? null,
      figure: true,
    });
  }
  // A question that names a place or a person is answered from articles that name it too (another
  // province's figure is not the answer), when there are such articles.
  const named = eligible.filter((candidate) => namesEntities(candidate.passage.hit));
  const chosen = chooseSentences(statingFirst(named.length > 0 ? named : eligible), context);
  const numbering = new CitationNumbering(input.articles);
  const parts: AnswerPart[] = chosen.map((candidate) => ({
    // An article's own "[9]" (a footnote, a scraped marker) would read as one of our citations.
    text: shorten(candidate.text, profile, index, options.maxSentenceWords, context.shape)
      .replace(BRACKETED_NUMBER, "")
      .trim(),
    citations: [numbering.cite(candidate.passage.hit)],
  }));
  return { ...base, abstained: false, parts, citations: numbering.list() };
}

/**
 * What a sentence contradicts of the asked index, year and place. A sentence that names no place is read
 * in its article's ("toàn tỉnh có 209 đơn vị" under the title "Hà Tĩnh: 69 xã, phường …" is Hà Tĩnh's).
 */
function contradictedFigures(
  figureTerms: readonly Mention[],
  candidate: Candidate,
  lexicon: Lexicon,
): Mention[] {
  const own = contradictedFigureMentions(figureTerms, candidate.text, lexicon.places);
  const places = figureTerms.filter((mention) => mention.kind === "place");
  if (places.length === 0 || placesIn(mentionText(candidate.text), lexicon.places).length > 0) return own;
  const byTitle = contradictedFigureMentions(places, candidate.passage.hit.title, lexicon.places);
  return [...own, ...byTitle.filter((mention) => !own.includes(mention))];
}

const BRACKETED_NUMBER = /\s*\[\d{1,3}(?:\s*[,;–-]\s*\d{1,3})*\]/gu;

function isAbbreviationPhrase(entity: string, lexicon: Lexicon): boolean {
  return lexicon.abbreviations.some((entry) => entry.forms.some((form) => form.join(" ").includes(entity)));
}

/** The best passages, then the passages around them: an answer often sits one passage away. */
function passagesToRead(top: readonly SearchHit[], index: Pick<SearchIndex, "passage">): Passage[] {
  const passages: Passage[] = top.map((hit, rank) => ({ hit, rank }));
  const seen = new Set(top.map((hit) => hit.chunkId));
  for (const hit of top) {
    for (const position of [hit.position - 1, hit.position + 1]) {
      const id = `${hit.articleId}#${position}`;
      if (position < 0 || seen.has(id)) continue;
      const neighbour = index.passage(id);
      if (neighbour) {
        seen.add(id);
        passages.push({ hit: neighbour, rank: passages.length });
      }
    }
  }
  return passages;
}

/** Every sentence of the passages that shares a key with the question, best first. */
function gatherSentences(passages: readonly Passage[], context: Context): Candidate[] {
  const { profile, index } = context;
  const seen = new Set<string>();
  const candidates: Candidate[] = [];
  for (const passage of passages) {
    const sentences = passageUnits(passage.hit.text);
    sentences.forEach((text, order) => {
      const key = text.toLowerCase().replace(/\s+/g, " ");
      if (seen.has(key)) return; // overlapping chunks repeat a sentence
      seen.add(key);
      const terms = termSet(index.analyze(text));
      if (keyCoverage(profile, terms) === 0) return;
      const evidence = answerEvidence(text, context.question, context.shape);
      candidates.push({
        text,
        passage,
        evidence,
        order,
        score: sentenceScore(text, terms, evidence, passage, context),
        terms,
      });
    });
  }
  return candidates.sort((a, b) => b.score - a.score || a.passage.rank - b.passage.rank || a.order - b.order);
}

/**
 * Sentences that state the kind of thing asked (the number in the asked unit, a name, a date) go first
 * when they are nearly as good a match as the best one: "tiếp nhận bao nhiêu hồ sơ" is answered by
 * "tiếp nhận 198.467 hồ sơ", not by the sentence that repeats more of the question around a percentage.
 */
function statingFirst(candidates: readonly Candidate[]): Candidate[] {
  const best = candidates[0]?.score ?? 0;
  const states = (candidate: Candidate) =>
    candidate.score >= best * STATING_RATIO && candidate.evidence === 2;
  return [...candidates.filter(states), ...candidates.filter((candidate) => !states(candidate))];
}

const STATING_RATIO = 0.8;

/** The best sentence, and up to `maxSentences` close to it that each add a key the others lack. */
function chooseSentences(candidates: readonly Candidate[], context: Context): Candidate[] {
  const { profile, options } = context;
  const best = candidates[0]?.score ?? 0;
  const chosen: Candidate[] = [];
  const found = new Set<string>();
  for (const candidate of candidates) {
    if (chosen.length >= options.maxSentences || candidate.score < best * options.sentenceRatio) break;
    // A further sentence must bring a key that the chosen ones lack.
    const adds = profile.keys.some((key) => keyMatch(key, candidate.terms) > 0 && !found.has(key.term));
    if (chosen.length > 0 && !adds) continue;
    for (const key of profile.keys) if (keyMatch(key, candidate.terms) > 0) found.add(key.term);
    chosen.push(candidate);
  }
  return chosen;
}

/**
 * Mostly what the sentence itself says; some credit for keys its article supplies; a bonus when it has
 * the kind of answer asked for (a number in the asked unit, a name, a date); a little for passage rank.
 */
function sentenceScore(
  text: string,
  terms: ReadonlySet<string>,
  evidence: number,
  passage: Passage,
  context: Context,
): number {
  const { profile } = context;
  const articleTerms = context.articleTerms(passage.hit.articleId);
  const titleTerms = context.titleTerms(passage.hit.articleId);
  const coverage = weightedCoverage(profile, (key) =>
    Math.max(
      keyMatch(key, terms),
      TITLE_CREDIT * keyMatch(key, titleTerms),
      CONTEXT_CREDIT * keyMatch(key, articleTerms),
    ),
  );
  const score =
    coverage + 0.15 * bigramCoverage(profile, terms) + 0.12 * evidence + 0.05 / (passage.rank + 1);
  const otherSubject =
    onlyDeputyOfAskedRole(text, context.question) ||
    onlyOppositeState(text, context.question) ||
    (context.shape.person && lacksAskedRole(text, context.question));
  return otherSubject ? score * OTHER_SUBJECT_FACTOR : score;
}

// A sentence naming only the deputy of the office asked about, or no holder of the asked role at all, or only
// the state opposite to the one asked ("sau sắp xếp" for "trước sắp xếp"), is about something else; it can
// still be quoted when nothing better exists.
const OTHER_SUBJECT_FACTOR = 0.5;

// In shortening, a word that is the kind of answer asked for (the number, the code, the name) weighs this
// many matched words: the window must keep the answer, not only the words that repeat the question.
const ASKED_WORD_WEIGHT = 4;
const MAGNITUDE = /^(?:nghìn|ngàn|triệu|tỷ|tỉ|trăm|%)/iu;

/**
 * Keeps a long sentence readable on a phone: the window of `maxWords` words that holds the most of the
 * question's words and, above all, the words that carry what is asked (see `isAskedWord`).
 */
function shorten(
  sentence: string,
  profile: QueryProfile,
  index: Pick<SearchIndex, "analyze">,
  maxWords: number,
  shape: QuestionShape,
): string {
  const words = sentence.split(/\s+/);
  if (words.length <= maxWords) return sentence;
  const wanted = new Set(profile.keys.map((key) => key.term));
  const asked = words.map((word) => isAskedWord(word, shape));
  const matches = words.map((word, i) => {
    const matched = index.analyze(word).folded.some((term) => wanted.has(term)) ? 1 : 0;
    // "78 triệu": the magnitude after an asked number is part of the answer ("78" alone is wrong).
    const magnitude = i > 0 && asked[i - 1] && MAGNITUDE.test(word);
    return asked[i] || magnitude ? matched + ASKED_WORD_WEIGHT : matched;
  });
  let bestStart = 0;
  let bestCount = -1;
  let windowCount = 0;
  for (let i = 0; i < words.length; i++) {
    windowCount += matches[i] ?? 0;
    if (i >= maxWords) windowCount -= matches[i - maxWords] ?? 0;
    if (i >= maxWords - 1 && windowCount > bestCount) {
      bestCount = windowCount;
      bestStart = i - maxWords + 1;
    }
  }
  const slice = words.slice(bestStart, bestStart + maxWords).join(" ");
  return `${bestStart > 0 ? "… " : ""}${slice}${bestStart + maxWords < words.length ? " …" : ""}`;
}
