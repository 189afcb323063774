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
];

/** Opens (creating and migrating if needed) the SQLite database at `path`; ":memory:" for tests. */
export function openDatabase(path: string): Database.Database {
  if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  db.pragma("journal_mode = WAL");
  db.pragma("foreign_keys = ON");
  db.pragma("busy_timeout = 5000");
  migrate(db);
  return db;
}

function migrate(db: Database.Database): void {
  const version = db.pragma("user_version", { simple: true }) as number;
  if (version > MIGRATIONS.length) {
    throw new Error(
      `store schema version ${version} is newer than this program (${MIGRATIONS.length}); upgrade cchc-bot`,
    );
  }
  for (let v = version; v < MIGRATIONS.length; v++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[v] ?? "");
      db.pragma(`user_version = ${v + 1}`);
    })();
  }
}
