import type Database from "better-sqlite3";
import type { ArticleDate } from "../ingest/article-date.ts";
import type { CleanArticle } from "../ingest/clean-article.ts";
import { shortHash } from "../text/lexicon.ts";
import { openDatabase } from "./database.ts";

/** An article as the library keeps it: the cleaned text plus where it came from. */
export interface Article extends Omit<CleanArticle, "titleDerived"> {
  id: string;
  /** sha256 of the cleaned body; two uploads of the same article share it. */
  contentHash: string;
  origin: "seed" | "upload" | "cli";
  originalName: string | null;
  /** ISO timestamp of when the article entered the library (digests use it). */
  addedAt: string;
}

/** What a document said about itself (an HTML page's canonical URL and published date, a --url given). */
export interface SourceHints {
  url: string | null;
  date: ArticleDate | null;
}

export type NewArticle = Omit<Article, "addedAt"> & {
  rawText: string;
  cleanerVersion: string;
  sourceHints: SourceHints;
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

/** The library's source of truth: articles in SQLite. The search index is derived from it. */
export class LibraryStore {
  private readonly db: Database.Database;

  constructor(db: Database.Database) {
    this.db = db;
  }

  /** Opens (creating and migrating if needed) the store at `path`; ":memory:" for tests. */
  static open(path: string): LibraryStore {
    return new LibraryStore(openDatabase(path));
  }

  /** The underlying database, for the other stores that share it (answers, feedback, access). */
  get database(): Database.Database {
    return this.db;
  }

  /** Adds an article unless one with the same content is already there; returns the stored one. */
  addArticle(article: NewArticle, now: Date = new Date()): { article: Article; added: boolean } {
    const existing = this.findByContentHash(article.contentHash);
    if (existing) return { article: existing, added: false };
    this.db
      .prepare(
        `INSERT INTO articles (id, title, body, date_year, date_month, date_day, url, site, author,
           content_hash, origin, original_name, raw_text, cleaner_version, source_hints, added_at)
         VALUES (@id, @title, @body, @year, @month, @day, @url, @site, @author,
           @contentHash, @origin, @originalName, @rawText, @cleanerVersion, @sourceHints, @addedAt)`,
      )
      .run({ ...columnsOf(article), addedAt: now.toISOString() });
    const stored = this.getArticle(article.id);
    if (!stored) throw new Error(`article ${article.id} vanished after insert`);
    return { article: stored, added: true };
  }

  /** Articles cleaned by another cleaner version than `cleanerVersion`, with their raw text. */
  outdatedArticles(cleanerVersion: string): RawArticle[] {
    const rows = this.db
      .prepare(
        "SELECT id, raw_text, source_hints, origin, original_name FROM articles WHERE cleaner_version != ? ORDER BY id",
      )
      .all(cleanerVersion) as {
      id: string;
      raw_text: string;
      source_hints: string | null;
      origin: Article["origin"];
      original_name: string | null;
    }[];
    return rows.map((row) => ({
      id: row.id,
      rawText: row.raw_text,
      sourceHints: row.source_hints
        ? (JSON.parse(row.source_hints) as SourceHints)
        : { url: null, date: null },
      origin: row.origin,
      originalName: row.original_name,
    }));
  }

  /** Replaces an article's cleaned fields (same id; when it was added does not change). */
  replaceArticle(article: NewArticle): void {
    this.db
      .prepare(
        `UPDATE articles SET title = @title, body = @body, date_year = @year, date_month = @month, date_day = @day,
           url = @url, site = @site, author = @author, content_hash = @contentHash, raw_text = @rawText,
           cleaner_version = @cleanerVersion, source_hints = @sourceHints WHERE id = @id`,
      )
      .run(columnsOf(article));
  }

  getArticle(id: string): Article | null {
    const row = this.db.prepare("SELECT * FROM articles WHERE id = ?").get(id) as ArticleRow | undefined;
    return row ? toArticle(row) : null;
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

  /** All articles, ordered by id (a stable order for index building and listings). */
  listArticles(): Article[] {
    const rows = this.db.prepare("SELECT * FROM articles ORDER BY id").all() as ArticleRow[];
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

  removeArticle(id: string): boolean {
    return this.db.prepare("DELETE FROM articles WHERE id = ?").run(id).changes > 0;
  }

  /** Changes whenever an article is added, removed or edited: the index records it to detect staleness. */
  fingerprint(): string {
    const rows = this.db.prepare("SELECT id, content_hash FROM articles ORDER BY id").all() as {
      id: string;
      content_hash: string;
    }[];
    return shortHash(rows.map((row) => `${row.id}:${row.content_hash}`).join("\n"));
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
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
