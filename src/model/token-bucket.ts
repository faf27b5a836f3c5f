/**
 * A token bucket (the algorithm AWS uses for Fargate's launch rate and its API rate limits): it
 * holds up to `capacity` tokens, starts full, and refills at `ratePerSecond`. Pure arithmetic over
 * the caller's clock (ms); no scheduling. The caller asks {@link TokenBucket.msUntil} when to try
 * again, so a waiting launch costs one timer, not a poll.
 */
export class TokenBucket {
  private tokens: number;
  private at = 0;
  private readonly perMs: number;

  constructor(
    readonly capacity: number,
    readonly ratePerSecond: number,
  ) {
    if (!(capacity >= 1) || !(ratePerSecond > 0)) throw new Error(`a token bucket needs capacity >= 1 and a refill rate > 0 (got ${capacity}, ${ratePerSecond})`);
    this.tokens = capacity;
    this.perMs = ratePerSecond / 1000;
  }

  /** Tokens in the bucket at `now` (ms, never earlier than the last call's). */
  available(now: number): number {
    this.refill(now);
    return this.tokens;
  }

  /** Takes one token at `now` if there is one; returns whether it did. */
  tryTake(now: number): boolean {
    this.refill(now);
    if (this.tokens < 1 - EPSILON) return false;
    this.tokens = Math.max(0, this.tokens - 1);
    return true;
  }

  /** Milliseconds from `now` until a token is there (0: one is there now). */
  msUntil(now: number): number {
    this.refill(now);
    if (this.tokens >= 1 - EPSILON) return 0;
    return Math.max(1, Math.ceil((1 - this.tokens) / this.perMs));
  }

  private refill(now: number): void {
    if (now <= this.at) return;
    this.tokens = Math.min(this.capacity, this.tokens + (now - this.at) * this.perMs);
    this.at = now;
  }
}

/** Float refills land a hair short of a whole token at the ms the bucket said it would. */
const EPSILON = 1e-9;
