/**
 * Stops calling a failing service for a while: after `threshold` failures in a row the circuit opens for
 * `cooldownMs`, so members get the fallback at once instead of each waiting for a timeout. After the
 * cool-down one call is let through; its success closes the circuit, its failure opens it again.
 */
export class CircuitBreaker {
  private failures = 0;
  private openUntil = 0;
  private readonly threshold: number;
  private readonly cooldownMs: number;
  private readonly now: () => number;

  constructor(options: { threshold: number; cooldownMs: number; now?: () => number }) {
    this.threshold = options.threshold;
    this.cooldownMs = options.cooldownMs;
    this.now = options.now ?? Date.now;
  }

  /** False while the circuit is open. */
  canCall(): boolean {
    return this.now() >= this.openUntil;
  }

  success(): void {
    this.failures = 0;
    this.openUntil = 0;
  }

  failure(): void {
    this.failures++;
    if (this.failures >= this.threshold) {
      this.openUntil = this.now() + this.cooldownMs;
      // Half-open after the cool-down: a single further failure re-opens the circuit.
      this.failures = this.threshold - 1;
    }
  }

  get state(): "closed" | "open" {
    return this.canCall() ? "closed" : "open";
  }
}
