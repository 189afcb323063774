import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import Database from "better-sqlite3";

// Each entry upgrades the schema by one version (PRAGMA user_version). New capabilities append entries;
// existing ones never change.
const MIGRATIONS: readonly string[] = [
  // 1: the library
  `CREATE TABLE articles (
     id TEXT PRIMARY KEY,
     title TEXT NOT NULL,
     body TEXT NOT NULL,
     date_year INTEGER, date_month INTEGER, date_day INTEGER,
     url TEXT, site TEXT, author TEXT,
     content_hash TEXT NOT NULL UNIQUE,
     origin TEXT NOT NULL,
     original_name TEXT,
     raw_text TEXT NOT NULL,
     cleaner_version TEXT NOT NULL,
     added_at TEXT NOT NULL
   );
   CREATE INDEX articles_added_at ON articles(added_at);
   CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);`,
  // 2: answers given in chats (for feedback and the citations button), feedback, access control
  `CREATE TABLE answers (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     chat_id TEXT NOT NULL,
     user_id TEXT,
     question TEXT NOT NULL,
     answer_json TEXT NOT NULL,
     created_at TEXT NOT NULL
   );
   CREATE TABLE answer_messages (
     chat_id TEXT NOT NULL,
     message_id INTEGER NOT NULL,
     answer_id INTEGER NOT NULL REFERENCES answers(id) ON DELETE CASCADE,
     PRIMARY KEY (chat_id, message_id)
   );
   CREATE TABLE feedback (
     answer_id INTEGER NOT NULL REFERENCES answers(id) ON DELETE CASCADE,
     user_id TEXT NOT NULL,
     rating INTEGER NOT NULL CHECK (rating IN (-1, 1)),
     created_at TEXT NOT NULL,
     PRIMARY KEY (answer_id, user_id)
   );
   CREATE TABLE access (
     kind TEXT NOT NULL CHECK (kind IN ('user', 'chat')),
     id TEXT NOT NULL,
     status TEXT NOT NULL CHECK (status IN ('allowed', 'denied', 'pending', 'refused')),
     name TEXT,
     updated_at TEXT NOT NULL,
     PRIMARY KEY (kind, id)
   );`,
  // 3: what the document itself said about its source (HTML canonical URL, published date), so that an
  // article can be cleaned again from raw_text when the cleaner improves
  `ALTER TABLE articles ADD COLUMN source_hints TEXT;`,
  // 4: several processes share one library. Every change to an article is appended to `changes` in the
  // same transaction, so each process's index can follow the others; removed ids are remembered (a removed
  // seed stays removed); `audit` says who added, updated or removed what; `library_id` tells this store
  // from a new one that replaced it.
  `CREATE TABLE changes (
     seq INTEGER PRIMARY KEY AUTOINCREMENT,
     article_id TEXT NOT NULL,
     kind TEXT NOT NULL CHECK (kind IN ('add', 'update', 'remove')),
     at TEXT NOT NULL
   );
   CREATE INDEX changes_article ON changes(article_id, seq);
   INSERT INTO changes (article_id, kind, at) SELECT id, 'add', added_at FROM articles ORDER BY added_at, id;
   CREATE TABLE removed_articles (
     id TEXT PRIMARY KEY,
     content_hash TEXT NOT NULL,
     removed_at TEXT NOT NULL
   );
   CREATE TABLE audit (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     at TEXT NOT NULL,
     actor TEXT NOT NULL,
     action TEXT NOT NULL CHECK (action IN ('add', 'update', 'remove', 'undo')),
     article_id TEXT NOT NULL,
     title TEXT NOT NULL,
     content_hash TEXT,
     previous_json TEXT
   );
   CREATE INDEX articles_url ON articles(url);
   INSERT OR IGNORE INTO meta (key, value) VALUES ('library_id', lower(hex(randomblob(16))));`,
  // 5: LLM tokens used, per day and model (admins see them in /stats)
  `CREATE TABLE llm_usage (
     day TEXT NOT NULL,
     model TEXT NOT NULL,
     calls INTEGER NOT NULL,
     prompt_tokens INTEGER NOT NULL,
     completion_tokens INTEGER NOT NULL,
     PRIMARY KEY (day, model)
   );`,
  // 6: daily digests. A subscription is a chat (a member's private chat or a group); `watermark` is the
  // change-log seq up to which articles were announced to it. A delivery row is claimed (inserted) before
  // its message is sent: its primary key makes a second send of one chat's period impossible, whichever
  // process or restart tries.
  `CREATE TABLE subscriptions (
     chat_id TEXT PRIMARY KEY,
     chat_type TEXT NOT NULL,
     hour INTEGER NOT NULL,
     minute INTEGER NOT NULL,
     time_zone TEXT NOT NULL,
     topics_json TEXT NOT NULL,
     send_empty INTEGER NOT NULL DEFAULT 0,
     active INTEGER NOT NULL,
     since TEXT NOT NULL,
     created_by TEXT NOT NULL,
     watermark INTEGER NOT NULL,
     last_period TEXT,
     ended_at TEXT,
     ended_reason TEXT
   );
   CREATE TABLE deliveries (
     chat_id TEXT NOT NULL,
     period TEXT NOT NULL,
     status TEXT NOT NULL CHECK (status IN ('sending', 'sent', 'empty', 'failed')),
     claimed_by TEXT NOT NULL,
     claimed_at TEXT NOT NULL,
     finished_at TEXT,
     up_to_seq INTEGER NOT NULL,
     articles INTEGER NOT NULL DEFAULT 0,
     detail TEXT,
     PRIMARY KEY (chat_id, period)
   );`,
];

/** Raised when the database file exists but is not a readable SQLite database. */
export class StoreUnreadableError extends Error {
  constructor(
    readonly path: string,
    cause: unknown,
  ) {
    super(
      `${path} không đọc được (${cause instanceof Error ? cause.message : String(cause)}). ` +
        "Dừng mọi tiến trình cchc-bot, chép bản sao lưu gần nhất (npm run backup) vào đường dẫn này, rồi khởi động lại; " +
        "chỉ mục tìm kiếm sẽ tự khớp lại với kho.",
      { cause },
    );
    this.name = "StoreUnreadableError";
  }
}

/**
 * Opens (creating and migrating if needed) the SQLite database at `path`; ":memory:" for tests.
 * `created` is true when the file held no schema yet (a new, deleted or emptied store).
 */
export function openDatabase(path: string): { db: Database.Database; created: boolean } {
  if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
  let db: Database.Database | null = null;
  try {
    db = new Database(path);
    db.pragma("journal_mode = WAL");
    db.pragma("foreign_keys = ON");
    db.pragma("busy_timeout = 5000");
    const created = (db.pragma("user_version", { simple: true }) as number) === 0;
    migrate(db);
    return { db, created };
  } catch (error) {
    db?.close();
    const code = (error as { code?: unknown }).code;
    if (code === "SQLITE_NOTADB" || code === "SQLITE_CORRUPT") throw new StoreUnreadableError(path, error);
    throw error;
  }
}

function migrate(db: Database.Database): void {
  // IMMEDIATE takes the write lock before the version is read: two processes opening a new store at once
  // (two ingests) migrate it once, the second finding it done.
  db.transaction(() => {
    const version = db.pragma("user_version", { simple: true }) as number;
    if (version > MIGRATIONS.length) {
      throw new Error(
        `store schema version ${version} is newer than this program (${MIGRATIONS.length}); upgrade cchc-bot`,
      );
    }
    for (let v = version; v < MIGRATIONS.length; v++) db.exec(MIGRATIONS[v] ?? "");
    if (version < MIGRATIONS.length) db.pragma(`user_version = ${MIGRATIONS.length}`);
  }).immediate();
}
