export type LlmFailureReason =
  | "timeout"
  | "unavailable"
  | "rate-limited"
  | "bad-output"
  | "no-citation"
  | "leak"
  | "cooldown";

/** Why an LLM answer could not be used; the caller answers search-only instead. */
export class LlmFailure extends Error {
  readonly reason: LlmFailureReason;
  constructor(reason: LlmFailureReason, detail: string, options?: { cause?: unknown }) {
    super(`${reason}: ${detail}`, options);
    this.name = "LlmFailure";
    this.reason = reason;
  }
}
