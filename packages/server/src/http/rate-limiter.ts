// Token buckets per key (a client id or an IP), in memory: `perMinute` requests a minute on average,
// bursts up to the same number. Each instance limits on its own; behind a load balancer the effective
// limit is per instance (documented in docs/configuration.md).
export interface RateDecision {
  allowed: boolean;
  retryAfterSeconds: number;
}

interface Bucket {
  tokens: number;
  updatedAt: number;
}

const ALLOWED: RateDecision = { allowed: true, retryAfterSeconds: 0 };
const SWEEP_EVERY = 10_000;

export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly refillPerMs: number;
  private calls = 0;

  constructor(private readonly perMinute: number) {
    this.refillPerMs = perMinute / 60_000;
  }

  take(key: string, now = Date.now()): RateDecision {
    if (this.perMinute === 0) return ALLOWED;
    if (++this.calls % SWEEP_EVERY === 0) this.sweep(now);
    let bucket = this.buckets.get(key);
    if (!bucket) {
      bucket = { tokens: this.perMinute, updatedAt: now };
      this.buckets.set(key, bucket);
    } else {
      // A wall clock stepped backwards (NTP) must not drain the bucket: never refill by negative time.
      const elapsed = Math.max(0, now - bucket.updatedAt);
      bucket.tokens = Math.min(this.perMinute, bucket.tokens + elapsed * this.refillPerMs);
      bucket.updatedAt = now;
    }
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return ALLOWED;
    }
    return {
      allowed: false,
      retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket.tokens) / this.refillPerMs / 1000)),
    };
  }

  /** Drops buckets that have refilled completely; they are equivalent to absent ones. */
  private sweep(now: number): void {
    for (const [key, bucket] of this.buckets) {
      if (bucket.tokens + (now - bucket.updatedAt) * this.refillPerMs >= this.perMinute)
        this.buckets.delete(key);
    }
  }
}
