import type { Answer } from "./answer/answer.ts";
import { detectLanguage } from "./answer/answer.ts";
import { asData, citedSentences, composeLlmAnswer, leaksPrompt } from "./answer/llm-answer.ts";
import { mentionsOf } from "./answer/mentions.ts";
import { mergePartAnswers, splitTwoPart } from "./answer/two-part.ts";
import type { Turn } from "./conversation.ts";
import { ConversationMemory } from "./conversation.ts";
import type { ErrorCode } from "./errors.ts";
import { ERROR_MESSAGES } from "./errors.ts";
import {
  historyText,
  LEANING_SYLLABLES,
  leansOnPrevious,
  namesEntity,
  refersBack,
  rewriteFollowUpByRule,
  shouldMergeWithPrevious,
} from "./follow-up.ts";
import type { Library } from "./library.ts";
import { validateQuestion } from "./library.ts";
import type { ChatModel } from "./llm/chat-model.ts";
import { CircuitBreaker } from "./llm/circuit-breaker.ts";
import { LlmFailure, type LlmFailureReason } from "./llm/llm-failure.ts";
import type { Prompts } from "./llm/prompts.ts";
import { fillTemplate } from "./llm/prompts.ts";
import type { Logger } from "./logger.ts";
import type { SearchHit } from "./search/search-index.ts";
import type { UsageLog } from "./store/usage-log.ts";
import { translateQuery } from "./text/english-query.ts";
import { expandShorthand } from "./text/question-forms.ts";
import { BIGRAM_JOINER, CONCEPT_PREFIX } from "./text/search-terms.ts";

export interface LlmSettings {
  model: ChatModel;
  prompts: Prompts;
  /** The whole LLM step, retries included, ends by then; the member then gets the search-only answer. */
  timeoutMs: number;
  maxPassages: number;
  maxTokens: number;
  /** Failures in a row that open the circuit, and how long it stays open. */
  failuresBeforeCooldown: number;
  cooldownMs: number;
}

export interface AskContext {
  /** Conversation key (a Telegram chat, the console); follow-ups are understood within it. */
  chatId?: string;
  /** The turn the question continues when the member replied to a specific earlier answer. */
  previous?: Turn;
  signal?: AbortSignal;
}

// Below this relevance the LLM is not asked: the passages have next to nothing in common with the question.
// Between it and ANSWER_MIN_RELEVANCE the model decides (it may see a paraphrase the lexical measure misses).
const OFF_TOPIC_RELEVANCE = 0.25;

// Interrogatives left in a question's terms when typed without accents ("ai", "gi", "sao"): they say what
// is asked, not what about, so they do not make a short question stand on its own.
const QUESTION_WORDS = new Set([
  "ai",
  "gi",
  "nao",
  "dau",
  "sao",
  "may",
  "bao",
  "nhieu",
  "khi",
  "luc",
  "nhu",
  "the",
]);

const NOTE_BY_REASON: Record<LlmFailureReason, ErrorCode> = {
  timeout: "LLM_TIMEOUT",
  unavailable: "LLM_UNAVAILABLE",
  "rate-limited": "LLM_UNAVAILABLE",
  cooldown: "LLM_COOLDOWN",
  "bad-output": "LLM_UNAVAILABLE",
  "no-citation": "LLM_UNVERIFIED",
  leak: "LLM_UNVERIFIED",
};

/**
 * Answers members: understands follow-ups within a chat, searches, and has the LLM compose a cited
 * answer when one is configured and healthy — otherwise, or whenever the LLM fails or cannot be trusted,
 * the deterministic search-only answer, with a note saying why.
 */
export class AnswerService {
  private readonly library: Library;
  private readonly llm: LlmSettings | null;
  private readonly logger: Logger;
  private readonly now: () => number;
  private readonly memory: ConversationMemory;
  private readonly breaker: CircuitBreaker;
  private readonly usage: UsageLog | null;

  constructor(options: {
    library: Library;
    llm: LlmSettings | null;
    logger: Logger;
    now?: () => number;
    memory?: ConversationMemory;
    /** Where tokens used by answers are counted (for /stats). */
    usage?: UsageLog;
  }) {
    this.library = options.library;
    this.usage = options.usage ?? null;
    this.llm = options.llm;
    this.logger = options.logger;
    this.now = options.now ?? Date.now;
    this.memory = options.memory ?? new ConversationMemory();
    this.breaker = new CircuitBreaker({
      threshold: this.llm?.failuresBeforeCooldown ?? 3,
      cooldownMs: this.llm?.cooldownMs ?? 60_000,
      now: this.now,
    });
  }

  /** "llm" when answers are composed by a model, "search-only" otherwise. */
  get mode(): "llm" | "search-only" {
    return this.llm ? "llm" : "search-only";
  }

  get llmState(): "closed" | "open" | "none" {
    return this.llm ? this.breaker.state : "none";
  }

  async ask(rawQuestion: string, context: AskContext = {}): Promise<Answer> {
    const typed = validateQuestion(rawQuestion);
    // Phone shorthand ("bn hs", "7 th đầu năm") is read as the words it stands for, for searching and for
    // reading what is asked; the member's own words stay on the answer.
    const question = expandShorthand(typed, this.library.lexicon.shorthand);
    const history = context.previous
      ? [context.previous]
      : context.chatId
        ? this.memory.recent(context.chatId, this.now())
        : [];
    // An English question is searched with its domain terms in Vietnamese; the answer stays in English.
    const searchable =
      detectLanguage(question) === "en" ? translateQuery(question, this.library.lexicon.glossary) : question;
    const pieces = context.previous ? [searchable] : splitTwoPart(searchable);
    const { query, hits, searchOnly } =
      pieces.length > 1
        ? await this.searchParts(question, searchable, pieces)
        : {
            ...(await this.resolveQuery(searchable, history, Boolean(context.previous), context.signal)),
            searchOnly: undefined,
          };
    const composed = await this.compose(question, query, hits, context.signal, searchOnly);
    const answer = { ...(query === question ? composed : { ...composed, searched: query }), question: typed };
    if (context.chatId) {
      this.memory.remember(context.chatId, {
        question,
        query,
        answer: answer.parts.map((part) => part.text).join(" "),
        articleIds: answer.citations.map((citation) => citation.articleId),
        at: this.now(),
      });
    }
    return answer;
  }

  /**
   * A digest summary of an article written by the LLM: two or three sentences, each citing the article
   * ([1], and nothing else), checked like answers. Null — and the caller uses the extractive summary —
   * without an LLM, while it cools down, or when its output cannot be trusted.
   */
  async summarizeArticle(article: { title: string; body: string }): Promise<string | null> {
    if (!this.llm || !this.breaker.canCall()) return null;
    try {
      const completion = await this.llm.model.complete(
        [
          {
            role: "user",
            content: fillTemplate(this.llm.prompts.digestSummary, {
              title: asData(article.title),
              body: asData(article.body.slice(0, 6000)),
            }),
          },
        ],
        { signal: AbortSignal.timeout(this.llm.timeoutMs), maxTokens: 300 },
      );
      this.breaker.success();
      if (completion.usage) this.usage?.record(this.llm.model.model, completion.usage);
      const sentences = citedSentences(completion.text.trim());
      const trusted =
        sentences.length > 0 &&
        sentences.length <= 4 &&
        sentences.every((sentence) => sentence.refs.length > 0 && sentence.refs.every((ref) => ref === 1)) &&
        !leaksPrompt(completion.text, this.llm.prompts.digestSummary);
      if (!trusted) {
        this.logger.warn(
          { model: this.llm.model.model },
          "digest summary not trusted; using the extractive one",
        );
        return null;
      }
      return sentences.map((sentence) => sentence.text).join(" ");
    } catch (error) {
      if (!(error instanceof LlmFailure && (error.reason === "bad-output" || error.reason === "no-citation")))
        this.breaker.failure();
      this.logger.warn({ err: error }, "digest summary failed; using the extractive one");
      return null;
    }
  }

  /** Forgets a chat's history (e.g. on /start). */
  forget(chatId: string): void {
    this.memory.forget(chatId);
  }

  /**
   * A question that asks two things: each part is searched on its own, so that each finds its article;
   * the search-only answer quotes the evidence of each part, and the LLM sees the passages of both.
   */
  private async searchParts(
    question: string,
    query: string,
    pieces: readonly string[],
  ): Promise<{ query: string; hits: SearchHit[]; searchOnly: Answer }> {
    const partHits = await Promise.all(pieces.map((piece) => this.library.search(piece)));
    const answers = pieces.map((piece, i) =>
      this.library.searchOnlyAnswer({ question, query: piece, hits: partHits[i] ?? [] }),
    );
    const hits: SearchHit[] = [];
    const longest = Math.max(...partHits.map((list) => list.length));
    for (let rank = 0; rank < longest; rank++)
      for (const list of partHits) {
        const hit = list[rank];
        if (hit && !hits.some((other) => other.chunkId === hit.chunkId)) hits.push(hit);
      }
    return { query, hits, searchOnly: mergePartAnswers(question, answers, pieces) };
  }

  private async compose(
    question: string,
    query: string,
    hits: Awaited<ReturnType<Library["search"]>>,
    signal?: AbortSignal,
    partsAnswer?: Answer,
  ): Promise<Answer> {
    const searchOnly = partsAnswer ?? this.library.searchOnlyAnswer({ question, query, hits });
    const fallback = (reason: LlmFailureReason) => ({
      ...searchOnly,
      note: ERROR_MESSAGES[NOTE_BY_REASON[reason]],
    });
    if (!this.llm) return searchOnly;
    // What the question names but no article holds: no passage is handed to the model as if it answered.
    if (searchOnly.missing?.length) return searchOnly;
    const passages = this.library.scopeToMentions(query, hits).hits.slice(0, this.llm.maxPassages);
    // Clearly off-topic (the price of gold): no passage to give the model, and nothing for it to get wrong.
    if (passages.length === 0 || searchOnly.relevance < OFF_TOPIC_RELEVANCE) return searchOnly;
    if (!this.breaker.canCall()) return fallback("cooldown");

    const started = this.now();
    const deadline = AbortSignal.timeout(this.llm.timeoutMs);
    try {
      const { answer, usage } = await composeLlmAnswer({
        question,
        relevance: searchOnly.relevance,
        language: detectLanguage(question),
        passages,
        allHits: hits,
        articles: (id) => this.library.article(id),
        model: this.llm.model,
        prompts: this.llm.prompts,
        signal: signal ? AbortSignal.any([signal, deadline]) : deadline,
        maxTokens: this.llm.maxTokens,
      });
      this.breaker.success();
      this.usage?.record(this.llm.model.model, usage);
      this.logger.info(
        { model: this.llm.model.model, ms: this.now() - started, tokens: usage, abstained: answer.abstained },
        "llm answer",
      );
      return answer;
    } catch (error) {
      const reason: LlmFailureReason =
        error instanceof LlmFailure ? error.reason : deadline.aborted ? "timeout" : "bad-output";
      // A model that answered, only badly, is not down: only transport failures count towards the cool-down.
      if (
        reason === "timeout" ||
        reason === "unavailable" ||
        reason === "rate-limited" ||
        reason === "bad-output"
      ) {
        this.breaker.failure();
      }
      this.logger.warn(
        { reason, err: error, ms: this.now() - started, llm: this.breaker.state },
        "llm answer failed; answering search-only",
      );
      if (signal?.aborted) throw error;
      return fallback(reason);
    }
  }

  /**
   * What to search for: the question itself, or — when it continues the previous turn — a standalone
   * rewrite of it. The question alone is searched first; its own hits decide whether it stands alone.
   */
  private async resolveQuery(
    question: string,
    history: readonly Turn[],
    explicit: boolean,
    signal?: AbortSignal,
  ): Promise<{ query: string; hits: SearchHit[] }> {
    const previous = history.at(-1);
    const own = explicit ? [] : await this.library.search(question);
    if (!previous) return { query: question, hits: own };
    if (!explicit && !this.continuesPrevious(question, own, previous)) return { query: question, hits: own };
    const query = await this.standaloneQuery(question, history, previous, signal);
    return { query, hits: await this.library.search(query) };
  }

  private continuesPrevious(question: string, own: readonly SearchHit[], previous: Turn): boolean {
    const index = this.library.searchIndex;
    const stopWords = this.library.lexicon.foldedStopWords;
    // Typed without accents, "ong ay", "nam", "ngay" may be stop words ("ông ấy", "năm", "ngày"): they
    // are neither content nor evidence that the library knows the question's subject, so they do not count.
    const terms = index.analyze(question).folded;
    const words = terms.filter(
      (term) =>
        !term.includes(BIGRAM_JOINER) &&
        !term.startsWith(CONCEPT_PREFIX) &&
        !QUESTION_WORDS.has(term) &&
        !stopWords.has(term),
    );
    // Vietnamese words are mostly two syllables: "thời tiết" is unknown although "thời" and "tiết" each
    // occur somewhere ("thời gian", "tiết kiệm"), so the question's syllable pairs are checked too.
    const ownWords = words.filter((word) => !LEANING_SYLLABLES.has(word));
    const pairs = terms.filter(
      (term) =>
        term.includes(BIGRAM_JOINER) &&
        !term.split(BIGRAM_JOINER).some((syllable) => LEANING_SYLLABLES.has(syllable)),
    );
    const knownPairs = pairs.filter((pair) => index.documentFrequency(pair) > 0).length;
    const known = words.filter((term) => index.documentFrequency(term) > 0).length;
    return shouldMergeWithPrevious({
      explicit: false,
      leans: leansOnPrevious(question),
      refersBack: refersBack(question),
      namesEntity: namesEntity(question),
      contentWords: words.length,
      ownRelevance: this.library.searchOnlyAnswer({ question, hits: own }).relevance,
      minRelevance: this.library.minRelevance,
      knownShare: words.length === 0 ? 1 : known / words.length,
      ownWords: ownWords.length,
      knownPairShare: pairs.length === 0 ? 1 : knownPairs / pairs.length,
      // "tỷ lệ nộp trực tuyến?" after a question about Tây Ninh: a short question that names no place,
      // year or document is asked of what the previous turn named.
      unanchored:
        mentionsOf(question, this.library.lexicon).length === 0 &&
        mentionsOf(previous.query, this.library.lexicon).length > 0,
    });
  }

  private async standaloneQuery(
    question: string,
    history: readonly Turn[],
    previous: Turn,
    signal?: AbortSignal,
  ): Promise<string> {
    const byRule = rewriteFollowUpByRule(question, previous, this.library.lexicon.places);
    if (!this.llm || !this.breaker.canCall()) return byRule;
    try {
      const deadline = AbortSignal.timeout(Math.min(this.llm.timeoutMs, 5000));
      const completion = await this.llm.model.complete(
        [
          {
            role: "user",
            content: fillTemplate(this.llm.prompts.rewriteFollowUp, {
              history: historyText(history),
              question,
            }),
          },
        ],
        { signal: signal ? AbortSignal.any([signal, deadline]) : deadline, maxTokens: 120 },
      );
      const rewritten =
        completion.text
          .trim()
          .split("\n")[0]
          ?.replace(/^["“']|["”']$/g, "")
          .trim() ?? "";
      // A rewrite must be a question of sensible length; anything else is ignored.
      if (rewritten.length >= 3 && rewritten.length <= 500) return rewritten;
    } catch (error) {
      this.logger.warn({ err: error }, "follow-up rewrite failed; using the rule");
    }
    return byRule;
  }
}
