import type Database from "better-sqlite3";
import type { Answer } from "../answer/answer.ts";

/** Answers given in chats, the messages that carry them, and members' 👍/👎 on them. */
export class AnswerLog {
  private readonly db: Database.Database;

  constructor(db: Database.Database) {
    this.db = db;
  }

  /** Stores an answer and returns its id (used in button callback data, which Telegram caps at 64 bytes). */
  record(entry: { chatId: string; userId: string | null; answer: Answer }, now: Date = new Date()): number {
    const result = this.db
      .prepare(
        "INSERT INTO answers (chat_id, user_id, question, answer_json, created_at) VALUES (?, ?, ?, ?, ?)",
      )
      .run(
        entry.chatId,
        entry.userId,
        entry.answer.question,
        JSON.stringify(entry.answer),
        now.toISOString(),
      );
    return Number(result.lastInsertRowid);
  }

  get(id: number): Answer | null {
    const row = this.db.prepare("SELECT answer_json FROM answers WHERE id = ?").get(id) as
      | { answer_json: string }
      | undefined;
    return row ? (JSON.parse(row.answer_json) as Answer) : null;
  }

  /** Remembers which Telegram message shows which answer, so a reply to it can continue that answer. */
  linkMessage(chatId: string, messageId: number, answerId: number): void {
    this.db
      .prepare("INSERT OR REPLACE INTO answer_messages (chat_id, message_id, answer_id) VALUES (?, ?, ?)")
      .run(chatId, messageId, answerId);
  }

  answerForMessage(chatId: string, messageId: number): number | null {
    const row = this.db
      .prepare("SELECT answer_id FROM answer_messages WHERE chat_id = ? AND message_id = ?")
      .get(chatId, messageId) as { answer_id: number } | undefined;
    return row?.answer_id ?? null;
  }

  /** Records (or changes) a member's rating of an answer; false when the answer does not exist. */
  rate(answerId: number, userId: string, rating: 1 | -1, now: Date = new Date()): boolean {
    if (!this.get(answerId)) return false;
    this.db
      .prepare(
        `INSERT INTO feedback (answer_id, user_id, rating, created_at) VALUES (?, ?, ?, ?)
         ON CONFLICT(answer_id, user_id) DO UPDATE SET rating = excluded.rating, created_at = excluded.created_at`,
      )
      .run(answerId, userId, rating, now.toISOString());
    return true;
  }

  /** Questions answered in chats, and the 👍 / 👎 they received. */
  totals(): { answers: number; up: number; down: number } {
    const answers = (this.db.prepare("SELECT count(*) AS n FROM answers").get() as { n: number }).n;
    const votes = this.db
      .prepare(
        "SELECT coalesce(sum(rating = 1), 0) AS up, coalesce(sum(rating = -1), 0) AS down FROM feedback",
      )
      .get() as { up: number; down: number };
    return { answers, ...votes };
  }

  /** Feedback for admins to review, newest first. */
  feedback(
    limit = 50,
  ): { answerId: number; userId: string; rating: 1 | -1; question: string; createdAt: string }[] {
    return this.db
      .prepare(
        `SELECT f.answer_id AS answerId, f.user_id AS userId, f.rating AS rating, a.question AS question, f.created_at AS createdAt
           FROM feedback f JOIN answers a ON a.id = f.answer_id ORDER BY f.created_at DESC, f.answer_id DESC LIMIT ?`,
      )
      .all(limit) as {
      answerId: number;
      userId: string;
      rating: 1 | -1;
      question: string;
      createdAt: string;
    }[];
  }
}
