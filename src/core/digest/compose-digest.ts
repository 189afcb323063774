import { formatArticleDate } from "../ingest/article-date.ts";
import { keyCoverage, profileQuery } from "../search/relevance.ts";
import type { SearchIndex } from "../search/search-index.ts";
import type { Article } from "../store/library-store.ts";
import type { Lexicon } from "../text/lexicon.ts";
import { termSet } from "../text/search-terms.ts";
import { splitSentences } from "../text/sentences.ts";
import { DEFAULT_TIME_ZONE, isTimeZone, parseTimeOfDay } from "./schedule.ts";

/** One new article in a digest: its source and a short summary that cites it as [n]. */
export interface DigestItem {
  n: number;
  articleId: string;
  title: string;
  date: string;
  url: string | null;
  site: string | null;
  summary: string;
}

export interface Digest {
  items: DigestItem[];
  /** New articles that matched, before the cap on items. */
  matched: number;
}

// A summary sentence carries facts; a short line is a caption or a dateline.
const MIN_SENTENCE_WORDS = 8;
const MAX_SUMMARY_SENTENCES = 3;
const MAX_SUMMARY_CHARS = 420;
const MAX_SENTENCE_WORDS = 60;

/**
 * The extractive summary: the article's lead sentences that state something (not its dateline or a photo
 * caption), preferring those with figures, in their order in the article. Deterministic.
 */
export function leadSummary(body: string): string {
  const sentences = body
    .split(/\n+/)
    .flatMap((paragraph) => splitSentences(paragraph))
    .map((sentence) => sentence.trim())
    .filter((sentence) => sentence.split(/\s+/).length >= MIN_SENTENCE_WORDS)
    .slice(0, 6);
  if (sentences.length === 0) return body.split(/\s+/).slice(0, MAX_SENTENCE_WORDS).join(" ");
  const first = sentences[0] as string;
  const withFigures = sentences.slice(1).filter((sentence) => /\d/u.test(sentence));
  const others = sentences.slice(1).filter((sentence) => !/\d/u.test(sentence));
  const picked = new Set([first, ...withFigures, ...others].slice(0, MAX_SUMMARY_SENTENCES));
  let summary = "";
  for (const sentence of sentences.filter((s) => picked.has(s))) {
    const words = sentence.split(/\s+/);
    const text =
      words.length > MAX_SENTENCE_WORDS ? `${words.slice(0, MAX_SENTENCE_WORDS).join(" ")} …` : sentence;
    if (summary && summary.length + text.length > MAX_SUMMARY_CHARS) break;
    summary = summary ? `${summary} ${text}` : text;
  }
  return summary;
}

// A topic matches an article that has this share of its words (IDF-weighted, accents optional).
const TOPIC_MIN_COVERAGE = 0.75;

/** Whether an article matches any of the topics, with the same Vietnamese analysis as questions. */
export function matchesTopics(
  article: Pick<Article, "title" | "body">,
  topics: readonly string[],
  index: Pick<SearchIndex, "analyze" | "documentFrequency" | "size">,
  lexicon: Lexicon,
): boolean {
  if (topics.length === 0) return true;
  const terms = termSet(index.analyze(`${article.title}\n${article.body}`));
  return topics.some((topic) => {
    const profile = profileQuery(
      index.analyze(topic),
      lexicon,
      (t) => index.documentFrequency(t),
      index.size,
    );
    return profile.keys.length > 0 && keyCoverage(profile, terms) >= TOPIC_MIN_COVERAGE;
  });
}

/** The digest of the new articles that match the topics, newest additions last, at most `max`. */
export function composeDigest(input: {
  articles: readonly Article[];
  topics: readonly string[];
  index: Pick<SearchIndex, "analyze" | "documentFrequency" | "size">;
  lexicon: Lexicon;
  max: number;
}): Digest {
  const matched = input.articles.filter((article) =>
    matchesTopics(article, input.topics, input.index, input.lexicon),
  );
  return {
    matched: matched.length,
    items: matched.slice(0, input.max).map((article, i) => ({
      n: i + 1,
      articleId: article.id,
      title: article.title,
      date: formatArticleDate(article.date),
      url: article.url,
      site: article.site,
      summary: leadSummary(article.body),
    })),
  };
}

export interface SubscribeRequest {
  hour: number;
  minute: number;
  timeZone: string;
  topics: string[];
}

export type SubscribeParse = { ok: true; request: SubscribeRequest } | { ok: false; problem: string };

/**
 * "/subscribe", "/subscribe 18:00", "/subscribe 07:30 chuyển đổi số, SIPAS", "/subscribe 07:30
 * Europe/Berlin": an optional time, an optional IANA zone, then topics separated by commas.
 */
export function parseSubscribe(args: string, defaults: { hour: number; minute: number }): SubscribeParse {
  let rest = args.trim();
  let time = { hour: defaults.hour, minute: defaults.minute };
  const first = rest.split(/\s+/, 1)[0] ?? "";
  if (/^\d/u.test(first)) {
    const parsed = parseTimeOfDay(first);
    if (!parsed) return { ok: false, problem: `«${first}» không phải giờ hợp lệ` };
    time = parsed;
    rest = rest.slice(first.length).trim();
  }
  let timeZone = DEFAULT_TIME_ZONE;
  const zone = rest.split(/\s+/, 1)[0] ?? "";
  if (/^[A-Za-z_]+\/[A-Za-z_/+-]+$/u.test(zone) || zone === "UTC") {
    if (!isTimeZone(zone)) return { ok: false, problem: `không biết múi giờ «${zone}»` };
    timeZone = zone;
    rest = rest.slice(zone.length).trim();
  }
  const topics = rest
    .split(/[,;]/u)
    .map((topic) => topic.trim())
    .filter(Boolean)
    .slice(0, 10);
  return { ok: true, request: { ...time, timeZone, topics } };
}
