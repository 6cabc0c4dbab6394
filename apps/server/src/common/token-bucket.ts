/**
 * Per-socket flood protection. A small token bucket rather than @nestjs/throttler or rate-limiter-flexible:
 * the limit belongs to one socket and dies with it, the check is synchronous (it runs before any parsing),
 * and it needs no store or extra dependency. A class of students clicking fast stays far below the limit;
 * a script looping on `emit` does not.
 */
export class TokenBucket {
  private tokens: number;
  private refilledAt: number;

  constructor(
    private readonly capacity: number,
    private readonly refillPerSecond: number,
    private readonly now: () => number = Date.now,
  ) {
    this.tokens = capacity;
    this.refilledAt = now();
  }

  /** Takes one token; false when the bucket is empty (the event must be refused). */
  take(): boolean {
    const now = this.now();
    const refill = ((now - this.refilledAt) / 1000) * this.refillPerSecond;
    this.tokens = Math.min(this.capacity, this.tokens + refill);
    this.refilledAt = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}

/** 20 events at once, then 10 per second on average. */
export const SOCKET_EVENT_BURST = 20;
export const SOCKET_EVENTS_PER_SECOND = 10;
