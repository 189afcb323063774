import type Database from "better-sqlite3";
import type { ArticleDate } from "../ingest/article-date.ts";
import type { CleanArticle } from "../ingest/clean-article.ts";
import { openDatabase } from "./database.ts";

/** An article as the library keeps it: the cleaned text plus where it came from. */
export interface Article extends Omit<CleanArticle, "titleDerived" | "warnings"> {
  id: string;
  /** sha256 of the cleaned body; two uploads of the same article share it. */
  contentHash: string;
  origin: "seed" | "upload" | "cli";
  originalName: string | null;
  /** ISO timestamp of when the article entered the library (digests use it). */
  addedAt: string;
}

/**
 * What a document said about itself (an HTML page's canonical URL, published date and headline, a
 * Markdown file's first-level heading or front matter, a --url given).
 */
export interface SourceHints {
  url: string | null;
  date: ArticleDate | null;
  /** Absent in articles stored before titles were read from a document's structure. */
  title?: string | null;
}

export type NewArticle = Omit<Article, "addedAt"> & {
  rawText: string;
  cleanerVersion: string;
  sourceHints: SourceHints;
  /** Furniture rules the cleaner did not apply because they would have removed too much (for the log). */
  warnings?: CleanArticle["warnings"];
};

/** A stored article's raw material, for cleaning it again. */
export interface RawArticle {
  id: string;
  rawText: string;
  sourceHints: SourceHints;
  origin: Article["origin"];
  originalName: string | null;
}

interface ArticleRow {
  id: string;
  title: string;
  body: string;
  date_year: number | null;
  date_month: number | null;
  date_day: number | null;
  url: string | null;
  site: string | null;
  author: string | null;
  content_hash: string;
  origin: Article["origin"];
  original_name: string | null;
  added_at: string;
}

/** Who changed the library, for the audit log: "telegram:<user id> <name>", "cli", "seeds", "system". */
export type Actor = string;

export type AuditAction = "add" | "update" | "remove" | "undo";

/** One line of the audit log. `previous` holds what an update or removal replaced, so it can be undone. */
export interface AuditEntry {
  id: number;
  at: string;
  actor: Actor;
  action: AuditAction;
  articleId: string;
  title: string;
  contentHash: string | null;
  previous: RawArticle | null;
}

/** What changed since a sequence number of the change log: the ids to look at again, and the newest seq. */
export interface ChangesSince {
  seq: number;
  articleIds: string[];
}

/** The library's source of truth: articles in SQLite. The search index is derived from it. */
export class LibraryStore {
  private readonly db: Database.Database;
  /** True when this open found no schema: a new store, or one that was deleted or emptied. */
  readonly created: boolean;
  readonly path: string;

  constructor(db: Database.Database, options: { created?: boolean; path?: string } = {}) {
    this.db = db;
    this.created = options.created ?? false;
    this.path = options.path ?? ":memory:";
  }

  /** Opens (creating and migrating if needed) the store at `path`; ":memory:" for tests. */
  static open(path: string): LibraryStore {
    const { db, created } = openDatabase(path);
    return new LibraryStore(db, { created, path });
  }

  /** The underlying database, for the other stores that share it (answers, feedback, access). */
  get database(): Database.Database {
    return this.db;
  }

  /** A random id made when the store was created: an index built from another store is not this one's. */
  get libraryId(): string {
    const row = this.db.prepare("SELECT value FROM meta WHERE key = 'library_id'").get() as
      | { value: string }
      | undefined;
    if (!row) throw new Error("store has no library_id (migration 4 missing)");
    return row.value;
  }

  /**
   * Adds an article unless one with the same content is already there; returns the stored one. The
   * insert, its change-log entry and its audit line are one transaction.
   */
  addArticle(
    article: NewArticle,
    options: { actor?: Actor; action?: "add" | "undo"; now?: Date } = {},
  ): { article: Article; added: boolean; auditId: number | null } {
    const now = (options.now ?? new Date()).toISOString();
    return this.db
      .transaction(() => {
        const existing = this.findByContentHash(article.contentHash);
        if (existing) return { article: existing, added: false, auditId: null };
        this.db
          .prepare(
            `INSERT INTO articles (id, title, body, date_year, date_month, date_day, url, site, author,
             content_hash, origin, original_name, raw_text, cleaner_version, source_hints, added_at)
           VALUES (@id, @title, @body, @year, @month, @day, @url, @site, @author,
             @contentHash, @origin, @originalName, @rawText, @cleanerVersion, @sourceHints, @addedAt)`,
          )
          .run({ ...columnsOf(article), addedAt: now });
        this.db.prepare("DELETE FROM removed_articles WHERE id = ?").run(article.id);
        this.logChange(article.id, "add", now);
        const auditId = this.audit(
          options.actor ?? article.origin,
          options.action ?? "add",
          article,
          null,
          now,
        );
        const stored = this.getArticle(article.id);
        if (!stored) throw new Error(`article ${article.id} vanished after insert`);
        return { article: stored, added: true, auditId };
      })
      .immediate();
  }

  /**
   * Replaces an article's content (same id; when it was added does not change). With an actor the change
   * is audited with the previous version, so that it can be undone; without one it is a re-cleaning.
   */
  updateArticle(
    article: NewArticle,
    options: { actor?: Actor; action?: "update" | "undo"; now?: Date } = {},
  ): { article: Article; auditId: number | null } {
    const now = (options.now ?? new Date()).toISOString();
    return this.db
      .transaction(() => {
        const previous = this.rawArticle(article.id);
        if (!previous) throw new Error(`no article ${article.id} to update`);
        this.db
          .prepare(
            `UPDATE articles SET title = @title, body = @body, date_year = @year, date_month = @month, date_day = @day,
             url = @url, site = @site, author = @author, content_hash = @contentHash, raw_text = @rawText,
             cleaner_version = @cleanerVersion, source_hints = @sourceHints WHERE id = @id`,
          )
          .run(columnsOf(article));
        this.logChange(article.id, "update", now);
        const auditId = options.actor
          ? this.audit(options.actor, options.action ?? "update", article, previous, now)
          : null;
        const stored = this.getArticle(article.id);
        if (!stored) throw new Error(`article ${article.id} vanished after update`);
        return { article: stored, auditId };
      })
      .immediate();
  }

  /**
   * Removes an article; it is remembered as removed (a removed seed is not imported again). Returns the
   * removed article, or null when there was none.
   */
  removeArticle(
    id: string,
    options: { actor?: Actor; action?: "remove" | "undo"; now?: Date } = {},
  ): { article: Article; auditId: number } | null {
    const now = (options.now ?? new Date()).toISOString();
    return this.db
      .transaction(() => {
        const article = this.getArticle(id);
        const raw = this.rawArticle(id);
        if (!article || !raw) return null;
        this.db.prepare("DELETE FROM articles WHERE id = ?").run(id);
        this.db
          .prepare("INSERT OR REPLACE INTO removed_articles (id, content_hash, removed_at) VALUES (?, ?, ?)")
          .run(id, article.contentHash, now);
        this.logChange(id, "remove", now);
        const auditId = this.audit(options.actor ?? "system", options.action ?? "remove", article, raw, now);
        return { article, auditId };
      })
      .immediate();
  }

  /** Whether an article with this id or content was removed (and not added again since). */
  wasRemoved(id: string, contentHash?: string): boolean {
    return (
      this.db
        .prepare("SELECT 1 FROM removed_articles WHERE id = ? OR content_hash = ?")
        .get(id, contentHash ?? null) !== undefined
    );
  }

  private logChange(articleId: string, kind: "add" | "update" | "remove", at: string): void {
    this.db.prepare("INSERT INTO changes (article_id, kind, at) VALUES (?, ?, ?)").run(articleId, kind, at);
  }

  private audit(
    actor: Actor,
    action: AuditAction,
    article: { id: string; title: string; contentHash: string },
    previous: RawArticle | null,
    at: string,
  ): number {
    const result = this.db
      .prepare(
        `INSERT INTO audit (at, actor, action, article_id, title, content_hash, previous_json)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        at,
        actor,
        action,
        article.id,
        article.title,
        article.contentHash,
        previous ? JSON.stringify(previous) : null,
      );
    return Number(result.lastInsertRowid);
  }

  /** The newest sequence number of the change log (0 for a new store). */
  changeSeq(): number {
    return (this.db.prepare("SELECT coalesce(max(seq), 0) AS seq FROM changes").get() as { seq: number }).seq;
  }

  /** The newest change made before `at` (epoch ms): a digest watermark that counts the day before as new. */
  changeSeqBefore(at: number): number {
    return (
      this.db
        .prepare("SELECT coalesce(max(seq), 0) AS seq FROM changes WHERE at < ?")
        .get(new Date(at).toISOString()) as { seq: number }
    ).seq;
  }

  /**
   * Articles added after change `seq` and still in the library, in the order they were added, read
   * together with the newest seq (what a digest announces, whichever process added them).
   */
  addedSince(seq: number, upTo = Number.POSITIVE_INFINITY): { seq: number; articleIds: string[] } {
    return this.db.transaction(() => {
      const rows = this.db
        .prepare(
          `SELECT c.article_id AS id FROM changes c JOIN articles a ON a.id = c.article_id
           WHERE c.seq > ? AND c.seq <= ? AND c.kind = 'add' GROUP BY c.article_id ORDER BY min(c.seq)`,
        )
        .all(seq, Number.isFinite(upTo) ? upTo : Number.MAX_SAFE_INTEGER) as { id: string }[];
      return { seq: this.changeSeq(), articleIds: rows.map((row) => row.id) };
    })();
  }

  /** Ids of the articles changed after `seq`, read together with the newest seq. */
  changesSince(seq: number): ChangesSince {
    return this.db.transaction(() => {
      const rows = this.db
        .prepare("SELECT DISTINCT article_id AS id FROM changes WHERE seq > ? ORDER BY id")
        .all(seq) as { id: string }[];
      return { seq: this.changeSeq(), articleIds: rows.map((row) => row.id) };
    })();
  }

  /** Every article's content hash, read together with the newest seq (to reconcile an index). */
  contentHashes(): { seq: number; hashes: Map<string, string> } {
    return this.db.transaction(() => {
      const rows = this.db.prepare("SELECT id, content_hash FROM articles").all() as {
        id: string;
        content_hash: string;
      }[];
      return { seq: this.changeSeq(), hashes: new Map(rows.map((row) => [row.id, row.content_hash])) };
    })();
  }

  /**
   * How many articles the change log says exist. When it differs from the articles actually there, rows
   * were deleted behind the program's back (an emptied table, a damaged file).
   */
  articlesByLog(): number {
    return (
      this.db
        .prepare(
          `SELECT count(*) AS n FROM changes c
           WHERE c.seq = (SELECT max(seq) FROM changes WHERE article_id = c.article_id) AND c.kind != 'remove'`,
        )
        .get() as { n: number }
    ).n;
  }

  /** The audit log, newest first. */
  auditLog(limit = 20, offset = 0): AuditEntry[] {
    const rows = this.db
      .prepare("SELECT * FROM audit ORDER BY id DESC LIMIT ? OFFSET ?")
      .all(limit, offset) as AuditRow[];
    return rows.map(toAuditEntry);
  }

  auditEntry(id: number): AuditEntry | null {
    const row = this.db.prepare("SELECT * FROM audit WHERE id = ?").get(id) as AuditRow | undefined;
    return row ? toAuditEntry(row) : null;
  }

  /** Stored articles cleaned by another cleaner version than `cleanerVersion`, with their raw text. */
  outdatedArticles(cleanerVersion: string): RawArticle[] {
    const rows = this.db
      .prepare(
        "SELECT id, raw_text, source_hints, origin, original_name FROM articles WHERE cleaner_version != ? ORDER BY id",
      )
      .all(cleanerVersion) as RawRow[];
    return rows.map(toRawArticle);
  }

  /** An article's raw material (to clean it again or to restore it). */
  rawArticle(id: string): RawArticle | null {
    const row = this.db
      .prepare("SELECT id, raw_text, source_hints, origin, original_name FROM articles WHERE id = ?")
      .get(id) as RawRow | undefined;
    return row ? toRawArticle(row) : null;
  }

  getArticle(id: string): Article | null {
    const row = this.db.prepare("SELECT * FROM articles WHERE id = ?").get(id) as ArticleRow | undefined;
    return row ? toArticle(row) : null;
  }

  /** Several articles by id, in one query (ids that do not exist are left out). */
  getArticles(ids: readonly string[]): Article[] {
    const found: Article[] = [];
    // SQLite limits the number of bound parameters; 500 at a time stays well under it.
    for (let i = 0; i < ids.length; i += 500) {
      const slice = ids.slice(i, i + 500);
      const rows = this.db
        .prepare(`SELECT * FROM articles WHERE id IN (${slice.map(() => "?").join(",")}) ORDER BY id`)
        .all(...slice) as ArticleRow[];
      found.push(...rows.map(toArticle));
    }
    return found;
  }

  hasArticle(id: string): boolean {
    return this.db.prepare("SELECT 1 FROM articles WHERE id = ?").get(id) !== undefined;
  }

  findByContentHash(contentHash: string): Article | null {
    const row = this.db.prepare("SELECT * FROM articles WHERE content_hash = ?").get(contentHash) as
      | ArticleRow
      | undefined;
    return row ? toArticle(row) : null;
  }

  /** The article published at `url` (the newest, should two share it). */
  findByUrl(url: string): Article | null {
    const row = this.db
      .prepare("SELECT * FROM articles WHERE url = ? ORDER BY added_at DESC LIMIT 1")
      .get(url) as ArticleRow | undefined;
    return row ? toArticle(row) : null;
  }

  /** All articles, ordered by id (a stable order for index building). */
  listArticles(): Article[] {
    const rows = this.db.prepare("SELECT * FROM articles ORDER BY id").all() as ArticleRow[];
    return rows.map(toArticle);
  }

  /** A page of articles, newest added first. */
  listNewest(limit: number, offset = 0): Article[] {
    const rows = this.db
      .prepare("SELECT * FROM articles ORDER BY added_at DESC, rowid DESC LIMIT ? OFFSET ?")
      .all(limit, offset) as ArticleRow[];
    return rows.map(toArticle);
  }

  /** The earliest and latest article dates that have a year. */
  dateRange(): { first: ArticleDate | null; last: ArticleDate | null } {
    const pick = (order: "ASC" | "DESC") => {
      const row = this.db
        .prepare(
          `SELECT date_year AS year, date_month AS month, date_day AS day FROM articles WHERE date_year IS NOT NULL
           ORDER BY date_year ${order}, coalesce(date_month, 0) ${order}, coalesce(date_day, 0) ${order} LIMIT 1`,
        )
        .get() as ArticleDate | undefined;
      return row ?? null;
    };
    return { first: pick("ASC"), last: pick("DESC") };
  }

  countArticles(): number {
    return (this.db.prepare("SELECT count(*) AS n FROM articles").get() as { n: number }).n;
  }

  /** A consistent copy of the database at `path`, taken while other processes keep using it. */
  async backup(path: string): Promise<void> {
    await this.db.backup(path);
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}

interface RawRow {
  id: string;
  raw_text: string;
  source_hints: string | null;
  origin: Article["origin"];
  original_name: string | null;
}

function toRawArticle(row: RawRow): RawArticle {
  return {
    id: row.id,
    rawText: row.raw_text,
    sourceHints: row.source_hints ? (JSON.parse(row.source_hints) as SourceHints) : { url: null, date: null },
    origin: row.origin,
    originalName: row.original_name,
  };
}

interface AuditRow {
  id: number;
  at: string;
  actor: string;
  action: AuditAction;
  article_id: string;
  title: string;
  content_hash: string | null;
  previous_json: string | null;
}

function toAuditEntry(row: AuditRow): AuditEntry {
  return {
    id: row.id,
    at: row.at,
    actor: row.actor,
    action: row.action,
    articleId: row.article_id,
    title: row.title,
    contentHash: row.content_hash,
    previous: row.previous_json ? (JSON.parse(row.previous_json) as RawArticle) : null,
  };
}

function columnsOf(article: NewArticle) {
  return {
    ...article,
    year: article.date?.year ?? null,
    month: article.date?.month ?? null,
    day: article.date?.day ?? null,
    sourceHints: JSON.stringify(article.sourceHints),
  };
}

function toArticle(row: ArticleRow): Article {
  const hasDate = row.date_year !== null || row.date_month !== null || row.date_day !== null;
  return {
    id: row.id,
    title: row.title,
    body: row.body,
    date: hasDate ? { year: row.date_year, month: row.date_month, day: row.date_day } : null,
    url: row.url,
    site: row.site,
    author: row.author,
    contentHash: row.content_hash,
    origin: row.origin,
    originalName: row.original_name,
    addedAt: row.added_at,
  };
}
