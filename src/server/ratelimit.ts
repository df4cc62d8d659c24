export interface RateLimitOptions {
  /** Sustained requests per second per caller. */
  perSecond: number;
  /** Requests a caller may make at once before the sustained rate applies. */
  burst: number;
}

interface Bucket {
  tokens: number;
  updatedMs: number;
}

const MAX_BUCKETS = 10_000;

/** A token bucket per caller (API key id, or client address before authentication). */
export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private readonly options: RateLimitOptions,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Takes one token; returns 0 when allowed, else the seconds until a token is available. */
  take(caller: string): number {
    const now = this.now();
    const bucket = this.buckets.get(caller) ?? { tokens: this.options.burst, updatedMs: now };
    const refilled = ((now - bucket.updatedMs) / 1000) * this.options.perSecond;
    bucket.tokens = Math.min(this.options.burst, bucket.tokens + refilled);
    bucket.updatedMs = now;
    if (this.buckets.size >= MAX_BUCKETS && !this.buckets.has(caller)) this.forgetFullBuckets();
    this.buckets.set(caller, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return Math.ceil((1 - bucket.tokens) / this.options.perSecond);
  }

  /** A full bucket carries no state worth keeping; dropping it bounds memory under many callers. */
  private forgetFullBuckets(): void {
    const now = this.now();
    for (const [caller, bucket] of this.buckets) {
      const tokens = bucket.tokens + ((now - bucket.updatedMs) / 1000) * this.options.perSecond;
      if (tokens >= this.options.burst) this.buckets.delete(caller);
    }
    const oldest = this.buckets.keys().next();
    if (this.buckets.size >= MAX_BUCKETS && !oldest.done) this.buckets.delete(oldest.value);
  }
}
