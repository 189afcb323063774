import type Database from "better-sqlite3";

export type AccessKind = "user" | "chat";
export type AccessStatus = "allowed" | "denied" | "pending" | "refused";

/** Who may use the bot beyond the configured allow-lists: decisions admins made in chat, kept in the store. */
export class AccessList {
  private readonly db: Database.Database;

  constructor(db: Database.Database) {
    this.db = db;
  }

  status(kind: AccessKind, id: string): AccessStatus | null {
    const row = this.db.prepare("SELECT status FROM access WHERE kind = ? AND id = ?").get(kind, id) as
      | { status: AccessStatus }
      | undefined;
    return row?.status ?? null;
  }

  set(
    kind: AccessKind,
    id: string,
    status: AccessStatus,
    name: string | null = null,
    now: Date = new Date(),
  ): void {
    this.db
      .prepare(
        `INSERT INTO access (kind, id, status, name, updated_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT(kind, id) DO UPDATE SET status = excluded.status, name = COALESCE(excluded.name, access.name), updated_at = excluded.updated_at`,
      )
      .run(kind, id, status, name, now.toISOString());
  }

  name(kind: AccessKind, id: string): string | null {
    const row = this.db.prepare("SELECT name FROM access WHERE kind = ? AND id = ?").get(kind, id) as
      | { name: string | null }
      | undefined;
    return row?.name ?? null;
  }
}
