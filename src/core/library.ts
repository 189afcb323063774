import type { Answer } from "./answer/answer.ts";
import { detectLanguage } from "./answer/answer.ts";
import type { MentionScope } from "./answer/mentions.ts";
import { scopeToMentions } from "./answer/mentions.ts";
import type { SearchOnlyOptions } from "./answer/search-only-answer.ts";
import {
  composeAbsentAnswer,
  composeSearchOnlyAnswer,
  DEFAULT_SEARCH_ONLY_OPTIONS,
} from "./answer/search-only-answer.ts";
import { CchcError } from "./errors.ts";
import { isoArticleDate } from "./ingest/article-date.ts";
import type { SeedImportReport } from "./ingest/ingest-article.ts";
import { cleanToArticle, importSeeds, prepareArticle, recleanOutdated } from "./ingest/ingest-article.ts";
import type { Logger } from "./logger.ts";
import type { Embedder } from "./search/embedder.ts";
import { loadIndex, readSavedManifest, saveIndex } from "./search/index-files.ts";
import type { SearchHit, SearchOptions } from "./search/search-index.ts";
import { SearchIndex } from "./search/search-index.ts";
import type { Actor, Article, AuditAction, LibraryStore, NewArticle } from "./store/library-store.ts";
import { checkStoreIntegrity } from "./store/store-integrity.ts";
import type { Lexicon } from "./text/lexicon.ts";
import { withBodyNames } from "./text/question-forms.ts";

export const MAX_QUESTION_CHARS = 1000;
const ENGLISH_QUOTES_NOTE =
  "The library's articles are in Vietnamese: the evidence below is quoted as written, with its sources.";
const ARTICLE_CACHE_SIZE = 500;
// Saving the whole index costs seconds at tens of thousands of passages: a burst of uploads is saved once.
const DEFAULT_PERSIST_DELAY_MS = 3000;

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
  /** Never write the saved index (read-only commands such as `ask`). */
  readOnly?: boolean;
  /** The index is saved this long after the last change; `flush()` saves at once. */
  persistDelayMs?: number;
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

/** A document to add: its bytes and what is known about where it came from. */
export interface DocumentInput {
  bytes: Uint8Array;
  origin: Article["origin"];
  originalName?: string | null;
  url?: string | null;
  /** Who adds it, for the audit log ("telegram:123 Lan", "cli"). */
  actor?: Actor;
}

/**
 * What adding a document did: a new article, the same content already there, or a new version of the
 * article published at the same URL (same id). `auditId` names the change for undo (null when nothing
 * changed).
 */
export interface IngestOutcome {
  status: "added" | "duplicate" | "updated";
  article: Article;
  passages: number;
  auditId: number | null;
}

/** What following the store's change log did to the index. */
export interface SyncReport {
  indexed: number;
  removed: number;
}

/**
 * The library as the adapters see it: articles in the store (the source of truth, shared by every
 * process), a search index derived from them that follows the store's change log, and questions answered
 * from both. Telegram, the CLI and the console chat all go through this class.
 */
export class Library {
  readonly store: LibraryStore;
  readonly lexicon: Lexicon;
  private readonly deps: LibraryDeps;
  private readonly index: SearchIndex;
  private readonly articleCache = new Map<string, Article>();
  // Index changes and saves run one after another, never interleaved.
  private queue: Promise<unknown> = Promise.resolve();
  private persistTimer: NodeJS.Timeout | null = null;
  private dirty = false;
  private followTimer: NodeJS.Timeout | null = null;

  private constructor(deps: LibraryDeps, index: SearchIndex) {
    this.deps = deps;
    this.store = deps.store;
    this.lexicon = deps.lexicon;
    this.index = index;
  }

  /**
   * Checks that the store is the one the saved index was built from, imports seeds, loads the saved index
   * (or builds one when it is unusable) and reconciles it with the store by article ids and content hashes.
   */
  static async open(deps: LibraryDeps): Promise<{ library: Library; seeds: SeedImportReport | null }> {
    checkStoreIntegrity(deps.store, await readSavedManifest(deps.indexDir), deps.indexDir);
    const seeds = deps.seedsDir ? await importSeeds(deps.store, deps.seedsDir) : null;
    for (const failure of seeds?.failed ?? []) deps.logger.warn(failure, "seed article not imported");
    const reclean = recleanOutdated(deps.store);
    if (reclean.recleaned.length > 0)
      deps.logger.info(
        { articles: reclean.recleaned.length },
        "articles cleaned again by the current cleaner",
      );
    for (const kept of reclean.kept) deps.logger.warn(kept, "article not cleaned again");
    const libraryId = deps.store.libraryId;
    const loaded = await loadIndex(deps.indexDir, deps);
    let index: SearchIndex;
    if (loaded.ok && loaded.index.manifest.libraryId === libraryId) {
      deps.logger.debug({ chunks: loaded.index.size }, "search index loaded");
      index = loaded.index;
    } else {
      const reason = loaded.ok ? { reason: "other-store", detail: "built from another store" } : loaded;
      const level = reason.reason === "missing" ? "info" : "warn";
      deps.logger[level](
        { reason: reason.reason, detail: reason.detail },
        "building the search index from the store",
      );
      index = await SearchIndex.build([], deps, { libraryId, changeSeq: 0 });
    }
    const library = new Library(deps, index);
    const savedSeq = index.manifest.changeSeq;
    const report = await library.reconcile();
    if (report.indexed + report.removed > 0)
      deps.logger.info(report, "search index reconciled with the store");
    if (report.indexed + report.removed > 0 || index.manifest.changeSeq !== savedSeq) {
      library.dirty = true;
      await library.flush();
    }
    return { library, seeds };
  }

  get searchIndex(): SearchIndex {
    return this.index;
  }

  /** The relevance under which answers abstain (configuration, or the calibrated default). */
  get minRelevance(): number {
    return this.deps.defaults?.answer?.minRelevance ?? DEFAULT_SEARCH_ONLY_OPTIONS.minRelevance;
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

  /** How many passages of an article are in the index. */
  passageCount(articleId: string): number {
    return this.index.passageCount(articleId);
  }

  /**
   * Hybrid search with the configured defaults (overridden by `overrides`); falls back to full-text only
   * when the question cannot be embedded.
   */
  async search(question: string, overrides: Partial<SearchOptions> = {}): Promise<SearchHit[]> {
    const text = withBodyNames(validateQuestion(question), this.lexicon.abbreviations);
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
    const query = input.query ?? input.question;
    const scope = this.scopeToMentions(query, input.hits);
    if (scope.missing.length > 0) {
      return composeAbsentAnswer({
        question: input.question,
        missing: scope.missing.map((mention) => mention.text),
        hits: input.hits,
        articles: (id) => this.article(id),
        note: input.note ?? null,
      });
    }
    const answer = composeSearchOnlyAnswer({
      question: query,
      hits: scope.hits,
      index: this.index,
      lexicon: this.lexicon,
      articles: (id) => this.article(id),
      options: { ...this.deps.defaults?.answer, ...input.options },
      note: input.note ?? null,
    });
    // The language is the member's, not the query's: an English question searched in Vietnamese.
    const language = detectLanguage(input.question);
    if (language === "en" && !answer.abstained)
      return { ...answer, question: input.question, language, note: answer.note ?? ENGLISH_QUOTES_NOTE };
    return { ...answer, question: input.question, language };
  }

  /** The hits whose articles hold what the query names (documents, people, places, years, indexes). */
  scopeToMentions(query: string, hits: readonly SearchHit[]): MentionScope {
    return scopeToMentions(query, hits, (id) => this.article(id)?.body ?? null, this.lexicon);
  }

  /**
   * Reads, cleans, stores and indexes one document; searchable when this resolves. The same content again
   * is reported as a duplicate; new content at the URL of a stored article updates that article (same id).
   */
  async addDocument(input: DocumentInput): Promise<IngestOutcome> {
    const prepared = await prepareArticle(input);
    if (prepared.warnings?.length)
      this.deps.logger.warn(
        { file: input.originalName ?? null, warnings: prepared.warnings },
        "cleaning kept text that a furniture rule wanted to remove",
      );
    const actor = input.actor ?? input.origin;
    const outcome = this.storeDocument(prepared, actor);
    await this.syncOwnChange();
    return { ...outcome, passages: this.passageCount(outcome.article.id) };
  }

  private storeDocument(prepared: NewArticle, actor: Actor): Omit<IngestOutcome, "passages"> {
    const duplicate = this.store.findByContentHash(prepared.contentHash);
    if (duplicate) return { status: "duplicate", article: duplicate, auditId: null };
    const previous = prepared.url ? this.store.findByUrl(prepared.url) : null;
    if (previous) {
      const { article, auditId } = this.store.updateArticle(
        { ...prepared, id: previous.id, origin: previous.origin },
        { actor },
      );
      return { status: "updated", article, auditId };
    }
    // Only an explicitly chosen id can collide with another article's.
    if (this.store.hasArticle(prepared.id))
      throw new CchcError("DUPLICATE_ARTICLE", `id ${prepared.id} is taken`);
    const { article, added, auditId } = this.store.addArticle(prepared, { actor });
    return { status: added ? "added" : "duplicate", article, auditId };
  }

  /** Removes an article from the store and the index; null when there is no such article. */
  async removeArticle(
    id: string,
    actor: Actor = "system",
  ): Promise<{ article: Article; auditId: number } | null> {
    const removed = this.store.removeArticle(id, { actor });
    if (removed) await this.syncOwnChange();
    return removed;
  }

  /**
   * Undoes the change recorded as audit entry `auditId` — an addition is removed, an update or a removal
   * restores the previous version — unless the article changed again since (then UNDO_STALE).
   */
  async undo(auditId: number, actor: Actor): Promise<{ action: AuditAction; article: Article }> {
    const entry = this.store.auditEntry(auditId);
    if (!entry || entry.action === "undo") throw new CchcError("NOTHING_TO_UNDO", `audit ${auditId}`);
    const current = this.store.getArticle(entry.articleId);
    const unchanged =
      entry.action === "remove" ? current === null : current?.contentHash === entry.contentHash;
    if (!unchanged) throw new CchcError("UNDO_STALE", `article ${entry.articleId} changed since`);
    let article: Article;
    if (entry.action === "add") {
      const removed = this.store.removeArticle(entry.articleId, { actor, action: "undo" });
      if (!removed) throw new CchcError("UNDO_STALE", `article ${entry.articleId} is gone`);
      article = removed.article;
    } else {
      if (!entry.previous) throw new CchcError("NOTHING_TO_UNDO", `audit ${auditId} kept no earlier version`);
      const restored = cleanToArticle(entry.previous);
      article =
        entry.action === "update"
          ? this.store.updateArticle(restored, { actor, action: "undo" }).article
          : this.store.addArticle(restored, { actor, action: "undo" }).article;
    }
    await this.syncOwnChange();
    return { action: entry.action, article };
  }

  // What this process changed is saved (batched); what it only followed was saved by the process that
  // made it, and a start reconciles anything a killed process did not save.
  private async syncOwnChange(): Promise<void> {
    await this.sync();
    this.schedulePersist();
  }

  /**
   * Brings the index up to date with the store's change log: what this or another process (the ingest
   * CLI, a second bot) added, updated or removed since the last sync. Cheap when nothing changed.
   */
  sync(): Promise<SyncReport> {
    return this.serialized(async () => {
      const applied = this.index.manifest.changeSeq;
      const { seq, articleIds } = this.store.changesSince(applied);
      // A log older than the index: the store was restored from a backup. Compare everything.
      if (seq < applied) return this.reconcileNow();
      if (articleIds.length === 0) return { indexed: 0, removed: 0 };
      const present = new Map(this.store.getArticles(articleIds).map((article) => [article.id, article]));
      let removed = 0;
      for (const id of articleIds) {
        this.articleCache.delete(id);
        if (!present.has(id) && this.index.contentHashOf(id) !== undefined) {
          this.index.removeArticle(id);
          removed++;
        }
      }
      const changed = [...present.values()].filter((a) => this.index.contentHashOf(a.id) !== a.contentHash);
      await this.index.addArticles(changed);
      this.index.markSynced(seq);
      return { indexed: changed.length, removed };
    });
  }

  /** Compares the whole index with the store by ids and content hashes and fixes what differs. */
  reconcile(): Promise<SyncReport> {
    return this.serialized(() => this.reconcileNow());
  }

  private async reconcileNow(): Promise<SyncReport> {
    const { seq, hashes } = this.store.contentHashes();
    let removed = 0;
    for (const { id } of this.index.indexedArticles()) {
      if (hashes.has(id)) continue;
      this.index.removeArticle(id);
      this.articleCache.delete(id);
      removed++;
    }
    const stale = [...hashes]
      .filter(([id, hash]) => this.index.contentHashOf(id) !== hash)
      .map(([id]) => id)
      .sort();
    for (const id of stale) this.articleCache.delete(id);
    await this.index.addArticles(this.store.getArticles(stale));
    this.index.markSynced(seq);
    return { indexed: stale.length, removed };
  }

  /**
   * Follows the store's change log every `intervalMs`, so that articles added or removed by another
   * process become searchable (or stop being cited) without a restart. Returns a function that stops.
   */
  follow(intervalMs: number): () => void {
    this.stopFollowing();
    const timer = setInterval(() => {
      this.sync().catch((error: unknown) =>
        this.deps.logger.error({ err: error }, "following the library's changes failed"),
      );
    }, intervalMs);
    timer.unref();
    this.followTimer = timer;
    return () => this.stopFollowing();
  }

  private stopFollowing(): void {
    if (this.followTimer) clearInterval(this.followTimer);
    this.followTimer = null;
  }

  private schedulePersist(): void {
    this.dirty = true;
    if (this.deps.readOnly || this.persistTimer) return;
    this.persistTimer = setTimeout(() => {
      this.persistTimer = null;
      this.flush().catch((error: unknown) =>
        this.deps.logger.error({ err: error }, "saving the search index failed"),
      );
    }, this.deps.persistDelayMs ?? DEFAULT_PERSIST_DELAY_MS);
    this.persistTimer.unref();
  }

  /** Saves the index now if it changed since the last save (a read-only library never saves). */
  flush(): Promise<void> {
    if (this.persistTimer) clearTimeout(this.persistTimer);
    this.persistTimer = null;
    return this.serialized(async () => {
      if (!this.dirty || this.deps.readOnly) return;
      this.dirty = false;
      try {
        const result = await saveIndex(this.index, this.deps.indexDir);
        this.deps.logger.debug({ result, changeSeq: this.index.manifest.changeSeq }, "search index saved");
      } catch (error) {
        this.dirty = true;
        throw error;
      }
    });
  }

  /** Stops following the store and saves what is not saved yet. The store is closed by its owner. */
  async close(): Promise<void> {
    this.stopFollowing();
    await this.flush();
  }

  private serialized<T>(work: () => Promise<T>): Promise<T> {
    const next = this.queue.then(work);
    // One failure must not block later work; the caller still sees it.
    this.queue = next.catch(() => undefined);
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
