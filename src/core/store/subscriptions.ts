import type Database from "better-sqlite3";

/** A chat that receives the daily digest. */
export interface Subscription {
  chatId: string;
  chatType: "private" | "group";
  hour: number;
  minute: number;
  timeZone: string;
  /** Only new articles that match one of these (empty: every new article). */
  topics: string[];
  /** Send "no new articles" instead of nothing. */
  sendEmpty: boolean;
  active: boolean;
  /** When this subscription (or its latest re-subscription) began, epoch ms. */
  since: number;
  createdBy: string;
  /** Articles added to the library after this change-log seq are new to this subscriber. */
  watermark: number;
  /** The latest period delivered (or claimed), "YYYY-MM-DD". */
  lastPeriod: string | null;
  endedReason: string | null;
}

interface Row {
  chat_id: string;
  chat_type: string;
  hour: number;
  minute: number;
  time_zone: string;
  topics_json: string;
  send_empty: number;
  active: number;
  since: string;
  created_by: string;
  watermark: number;
  last_period: string | null;
  ended_reason: string | null;
}

function fromRow(row: Row): Subscription {
  return {
    chatId: row.chat_id,
    chatType: row.chat_type === "group" ? "group" : "private",
    hour: row.hour,
    minute: row.minute,
    timeZone: row.time_zone,
    topics: JSON.parse(row.topics_json) as string[],
    sendEmpty: row.send_empty === 1,
    active: row.active === 1,
    since: Date.parse(row.since),
    createdBy: row.created_by,
    watermark: row.watermark,
    lastPeriod: row.last_period,
    endedReason: row.ended_reason,
  };
}

export type DeliveryOutcome = "sent" | "empty" | "failed";

/** Subscriptions and their deliveries, in the shared store (see migration 6). */
export class SubscriptionStore {
  private readonly db: Database.Database;

  constructor(db: Database.Database) {
    this.db = db;
  }

  get(chatId: string): Subscription | null {
    const row = this.db.prepare("SELECT * FROM subscriptions WHERE chat_id = ?").get(chatId) as
      | Row
      | undefined;
    return row ? fromRow(row) : null;
  }

  /**
   * Subscribes a chat, or changes its settings. A new (or renewed) subscription starts this minute (a
   * send time already past today starts tomorrow; subscribing at 07:30 for 07:30 is in time) and its first
   * digest announces what was added after `watermark` (the caller passes the last day's start).
   */
  subscribe(
    input: Pick<
      Subscription,
      "chatId" | "chatType" | "hour" | "minute" | "timeZone" | "topics" | "createdBy"
    > & {
      sendEmpty?: boolean;
      watermark: number;
    },
    now: number,
  ): Subscription {
    const existing = this.get(input.chatId);
    const renewing = !existing?.active;
    this.db
      .prepare(
        `INSERT INTO subscriptions (chat_id, chat_type, hour, minute, time_zone, topics_json, send_empty, active,
           since, created_by, watermark, last_period)
         VALUES (@chatId, @chatType, @hour, @minute, @timeZone, @topics, @sendEmpty, 1, @since, @createdBy,
           @watermark, NULL)
         ON CONFLICT (chat_id) DO UPDATE SET chat_type = @chatType, hour = @hour, minute = @minute,
           time_zone = @timeZone, topics_json = @topics, send_empty = @sendEmpty, active = 1,
           ended_at = NULL, ended_reason = NULL,
           since = CASE WHEN @renewing THEN @since ELSE since END,
           watermark = CASE WHEN @renewing THEN @watermark ELSE watermark END`,
      )
      .run({
        chatId: input.chatId,
        chatType: input.chatType,
        hour: input.hour,
        minute: input.minute,
        timeZone: input.timeZone,
        topics: JSON.stringify(input.topics),
        sendEmpty: (input.sendEmpty ?? existing?.sendEmpty ?? false) ? 1 : 0,
        since: new Date(now - (now % 60_000)).toISOString(),
        createdBy: input.createdBy,
        watermark: input.watermark,
        renewing: renewing ? 1 : 0,
      });
    return this.get(input.chatId) as Subscription;
  }

  /** Ends a subscription and says why ("unsubscribed", "blocked: Forbidden: bot was blocked by the user"). */
  end(chatId: string, reason: string, now: number): boolean {
    const result = this.db
      .prepare(
        "UPDATE subscriptions SET active = 0, ended_at = ?, ended_reason = ? WHERE chat_id = ? AND active = 1",
      )
      .run(new Date(now).toISOString(), reason, chatId);
    return result.changes > 0;
  }

  active(): Subscription[] {
    return (
      this.db.prepare("SELECT * FROM subscriptions WHERE active = 1 ORDER BY chat_id").all() as Row[]
    ).map(fromRow);
  }

  /**
   * Claims a chat's digest for a period, before it is sent. Exactly one caller — in this process or any
   * other sharing the store — gets true; everyone else gets false and sends nothing.
   */
  claim(chatId: string, period: string, upToSeq: number, claimedBy: string, now: number): boolean {
    return this.db.transaction(() => {
      const inserted = this.db
        .prepare(
          `INSERT OR IGNORE INTO deliveries (chat_id, period, status, claimed_by, claimed_at, up_to_seq)
           VALUES (?, ?, 'sending', ?, ?, ?)`,
        )
        .run(chatId, period, claimedBy, new Date(now).toISOString(), upToSeq);
      if (inserted.changes === 0) return false;
      this.db
        .prepare(
          "UPDATE subscriptions SET last_period = ? WHERE chat_id = ? AND (last_period IS NULL OR last_period < ?)",
        )
        .run(period, chatId, period);
      return true;
    })();
  }

  /** Records how a claimed delivery ended; a delivered digest moves the subscriber's watermark. */
  finish(
    chatId: string,
    period: string,
    outcome: DeliveryOutcome,
    detail: { articles: number; note?: string },
    now: number,
  ): void {
    this.db.transaction(() => {
      this.db
        .prepare(
          "UPDATE deliveries SET status = ?, finished_at = ?, articles = ?, detail = ? WHERE chat_id = ? AND period = ?",
        )
        .run(outcome, new Date(now).toISOString(), detail.articles, detail.note ?? null, chatId, period);
      if (outcome === "failed") return;
      this.db
        .prepare(
          `UPDATE subscriptions SET watermark = max(watermark,
             (SELECT up_to_seq FROM deliveries WHERE chat_id = ? AND period = ?)) WHERE chat_id = ?`,
        )
        .run(chatId, period, chatId);
    })();
  }

  /**
   * Gives a claim back when Telegram refused the message outright (nothing was delivered), so that a
   * later run tries again.
   */
  release(chatId: string, period: string, previousPeriod: string | null): void {
    this.db.transaction(() => {
      this.db
        .prepare("DELETE FROM deliveries WHERE chat_id = ? AND period = ? AND status = 'sending'")
        .run(chatId, period);
      this.db
        .prepare("UPDATE subscriptions SET last_period = ? WHERE chat_id = ?")
        .run(previousPeriod, chatId);
    })();
  }

  deliveries(chatId: string): { period: string; status: string; articles: number; detail: string | null }[] {
    return this.db
      .prepare("SELECT period, status, articles, detail FROM deliveries WHERE chat_id = ? ORDER BY period")
      .all(chatId) as { period: string; status: string; articles: number; detail: string | null }[];
  }
}
