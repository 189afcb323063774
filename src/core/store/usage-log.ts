import type Database from "better-sqlite3";

/** Tokens one LLM call used. */
export interface TokenUsage {
  promptTokens: number;
  completionTokens: number;
}

/** LLM tokens used, summed per day and model, so that admins can see what answers cost. */
export class UsageLog {
  private readonly db: Database.Database;

  constructor(db: Database.Database) {
    this.db = db;
  }

  record(model: string, usage: TokenUsage | null, now: Date = new Date()): void {
    this.db
      .prepare(
        `INSERT INTO llm_usage (day, model, calls, prompt_tokens, completion_tokens) VALUES (?, ?, 1, ?, ?)
         ON CONFLICT(day, model) DO UPDATE SET calls = calls + 1,
           prompt_tokens = prompt_tokens + excluded.prompt_tokens,
           completion_tokens = completion_tokens + excluded.completion_tokens`,
      )
      .run(now.toISOString().slice(0, 10), model, usage?.promptTokens ?? 0, usage?.completionTokens ?? 0);
  }

  /** Calls and tokens since `sinceDay` (YYYY-MM-DD; all time when omitted). */
  totals(sinceDay = "0000-00-00"): { calls: number; promptTokens: number; completionTokens: number } {
    return this.db
      .prepare(
        `SELECT coalesce(sum(calls), 0) AS calls, coalesce(sum(prompt_tokens), 0) AS promptTokens,
           coalesce(sum(completion_tokens), 0) AS completionTokens FROM llm_usage WHERE day >= ?`,
      )
      .get(sinceDay) as { calls: number; promptTokens: number; completionTokens: number };
  }
}
