import type { Answer } from "./answer/answer.ts";
import type { SearchOnlyOptions } from "./answer/search-only-answer.ts";
import { composeSearchOnlyAnswer } from "./answer/search-only-answer.ts";
import { CchcError } from "./errors.ts";
import { isoArticleDate } from "./ingest/article-date.ts";
import type { SeedImportReport } from "./ingest/ingest-article.ts";
import { importSeeds, prepareArticle, recleanOutdated } from "./ingest/ingest-article.ts";
import type { Logger } from "./logger.ts";
import type { Embedder } from "./search/embedder.ts";
import { loadIndex, saveIndex } from "./search/index-files.ts";
import type { SearchHit, SearchOptions } from "./search/search-index.ts";
import { SearchIndex } from "./search/search-index.ts";
import type { Article, LibraryStore } from "./store/library-store.ts";
import type { Lexicon } from "./text/lexicon.ts";

export const MAX_QUESTION_CHARS = 1000;
const ARTICLE_CACHE_SIZE = 500;

export interface LibraryDeps {
  store: LibraryStore;
  lexicon: Lexicon;
  embedder: Embedder;
  /** Where the search index is persisted (DATA_DIR/index). */
  indexDir: string;
  logger: Logger;
  /** Seed articles imported on start (idempotent); omit to import nothing. */
  seedsDir?: string;
  /** Defaults for every question (configuration); per-call options override them. */
  defaults?: AskOptions;
}

export interface LibraryStats {
  articles: number;
  chunks: number;
  /** Earliest and latest article date with a known year, ISO. */
  firstDate: string | null;
  lastDate: string | null;
  embedderId: string;
}

export interface AskOptions {
  search?: Partial<SearchOptions>;
  answer?: Partial<SearchOnlyOptions>;
}

/**
 * The library as the adapters see it: articles in the store, a search index derived from them, and
 * questions answered from both. Telegram, the CLI and the console chat all go through this class.
 */
export class Library {
  readonly store: LibraryStore;
  readonly lexicon: Lexicon;
  private readonly deps: LibraryDeps;
  private readonly index: SearchIndex;
  private readonly articleCache = new Map<string, Article>();
  // Index saves run one after another: two at once would race on the generation directories.
  private persisting: Promise<void> = Promise.resolve();

  private constructor(deps: LibraryDeps, index: SearchIndex) {
    this.deps = deps;
    this.store = deps.store;
    this.lexicon = deps.lexicon;
    this.index = index;
  }

  /** Imports seeds, then loads the saved index or rebuilds it (with a warning) when it is unusable. */
  static async open(deps: LibraryDeps): Promise<{ library: Library; seeds: SeedImportReport | null }> {
    const seeds = deps.seedsDir ? await importSeeds(deps.store, deps.seedsDir) : null;
    for (const failure of seeds?.failed ?? []) deps.logger.warn(failure, "seed article not imported");
    const reclean = recleanOutdated(deps.store);
    if (reclean.recleaned.length > 0)
      deps.logger.info(
        { articles: reclean.recleaned.length },
        "articles cleaned again by the current cleaner",
      );
    for (const kept of reclean.kept) deps.logger.warn(kept, "article not cleaned again");
    const fingerprint = deps.store.fingerprint();
    const loaded = await loadIndex(deps.indexDir, deps, fingerprint);
    if (loaded.ok) {
      deps.logger.debug({ chunks: loaded.index.size }, "search index loaded");
      return { library: new Library(deps, loaded.index), seeds };
    }
    const level = loaded.reason === "missing" || loaded.reason === "stale" ? "info" : "warn";
    deps.logger[level](
      { reason: loaded.reason, detail: loaded.detail },
      "rebuilding the search index from the store",
    );
    const index = await SearchIndex.build(deps.store.listArticles(), deps, fingerprint);
    await saveIndex(index, deps.indexDir);
    return { library: new Library(deps, index), seeds };
  }

  get searchIndex(): SearchIndex {
    return this.index;
  }

  stats(): LibraryStats {
    const { first, last } = this.store.dateRange();
    return {
      articles: this.store.countArticles(),
      chunks: this.index.size,
      firstDate: isoArticleDate(first),
      lastDate: isoArticleDate(last),
      embedderId: this.index.manifest.embedderId,
    };
  }

  /** An article by id; recently used ones are kept in memory (answers look up the same few often). */
  article(id: string): Article | null {
    const cached = this.articleCache.get(id);
    if (cached) return cached;
    const article = this.store.getArticle(id);
    if (article) {
      this.articleCache.set(id, article);
      if (this.articleCache.size > ARTICLE_CACHE_SIZE) {
        const oldest = this.articleCache.keys().next().value;
        if (oldest !== undefined) this.articleCache.delete(oldest);
      }
    }
    return article;
  }

  /**
   * Hybrid search with the configured defaults (overridden by `overrides`); falls back to full-text only
   * when the question cannot be embedded.
   */
  async search(question: string, overrides: Partial<SearchOptions> = {}): Promise<SearchHit[]> {
    const text = validateQuestion(question);
    const options = { ...this.deps.defaults?.search, ...overrides };
    let vector: number[] | null = null;
    if (options.mode !== "fulltext") {
      try {
        [vector = null] = await this.index.embedder.embed([text]);
      } catch (error) {
        this.deps.logger.warn({ err: error }, "question not embedded; searching full-text only");
      }
    }
    return this.index.search(text, options, vector);
  }

  /** Answers from the library alone (search-only mode). */
  async ask(question: string, options: AskOptions = {}): Promise<Answer> {
    const text = validateQuestion(question);
    const hits = await this.search(text, options.search);
    return this.searchOnlyAnswer({
      question: text,
      hits,
      ...(options.answer ? { options: options.answer } : {}),
    });
  }

  /**
   * The deterministic answer from given hits. `query` (what was searched, e.g. a rewritten follow-up)
   * decides relevance; `question` is what the member asked and is shown.
   */
  searchOnlyAnswer(input: {
    question: string;
    hits: readonly SearchHit[];
    query?: string;
    note?: string | null;
    options?: Partial<SearchOnlyOptions>;
  }): Answer {
    const answer = composeSearchOnlyAnswer({
      question: input.query ?? input.question,
      hits: input.hits,
      index: this.index,
      lexicon: this.lexicon,
      articles: (id) => this.article(id),
      options: { ...this.deps.defaults?.answer, ...input.options },
      note: input.note ?? null,
    });
    return { ...answer, question: input.question };
  }

  /**
   * Cleans, stores and indexes one article; searchable when this resolves. A duplicate (same content)
   * is not stored twice: `added` is false and the existing article is returned.
   */
  async addArticle(
    input: Parameters<typeof prepareArticle>[0],
  ): Promise<{ article: Article; added: boolean }> {
    const prepared = await prepareArticle(input);
    const existing = this.store.findByContentHash(prepared.contentHash);
    if (existing) return { article: existing, added: false };
    // Only an explicitly chosen id can collide with another article's.
    if (this.store.hasArticle(prepared.id))
      throw new CchcError("DUPLICATE_ARTICLE", `id ${prepared.id} is taken`);
    const result = this.store.addArticle(prepared);
    await this.index.addArticles([result.article], this.store.fingerprint());
    await this.persist();
    return result;
  }

  /** Removes an article from the store and the index; false when there is no such article. */
  async removeArticle(id: string): Promise<boolean> {
    if (!this.store.removeArticle(id)) return false;
    this.articleCache.delete(id);
    this.index.removeArticle(id, this.store.fingerprint());
    await this.persist();
    return true;
  }

  private persist(): Promise<void> {
    const next = this.persisting.then(() => saveIndex(this.index, this.deps.indexDir));
    // A failed save must not block later ones; the caller still sees this one's error.
    this.persisting = next.catch((error: unknown) =>
      this.deps.logger.error({ err: error }, "saving the search index failed"),
    );
    return next;
  }
}

/** Trims a question and refuses empty or over-long ones with a member-facing message. */
export function validateQuestion(question: string): string {
  const text = question.normalize("NFC").replace(/\s+/g, " ").trim();
  if (!text) throw new CchcError("EMPTY_QUESTION");
  if (text.length > MAX_QUESTION_CHARS) throw new CchcError("QUESTION_TOO_LONG", `${text.length} characters`);
  return text;
}
