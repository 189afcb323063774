/**
 * A per-key token bucket: `perMinute` requests a minute on average, bursts up to the same number. Keeps
 * one member from flooding the bot (and the LLM bill). Buckets of idle members are dropped.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number; warned: boolean }>();
  private readonly perMinute: number;
  private readonly now: () => number;

  constructor(perMinute: number, now: () => number = Date.now) {
    this.perMinute = perMinute;
    this.now = now;
  }

  /** Takes a token; when none is left, says how long to wait and whether the member was already told. */
  take(key: string): { ok: true } | { ok: false; retryAfterSeconds: number; alreadyWarned: boolean } {
    const now = this.now();
    const bucket = this.buckets.get(key) ?? { tokens: this.perMinute, at: now, warned: false };
    bucket.tokens = Math.min(this.perMinute, bucket.tokens + ((now - bucket.at) / 60_000) * this.perMinute);
    bucket.at = now;
    this.buckets.set(key, bucket);
    if (this.buckets.size > 10_000) this.prune(now);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      bucket.warned = false;
      return { ok: true };
    }
    const alreadyWarned = bucket.warned;
    bucket.warned = true;
    return {
      ok: false,
      retryAfterSeconds: Math.ceil(((1 - bucket.tokens) / this.perMinute) * 60),
      alreadyWarned,
    };
  }

  private prune(now: number): void {
    for (const [key, bucket] of this.buckets) if (now - bucket.at > 10 * 60_000) this.buckets.delete(key);
  }
}
