import type { ThrottleSpec } from '../template/specs.js';

/**
 * A token bucket: holds up to `burstLimit` tokens, refills at `rateLimit` tokens per second, starts
 * full. Time comes from the caller (milliseconds), so tests can drive it.
 */
export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    private readonly throttle: ThrottleSpec,
    nowMs: number,
  ) {
    this.tokens = throttle.burstLimit;
    this.last = nowMs;
  }

  /** Whether a token is available at `nowMs` (refills first; a clock going backwards refills nothing). */
  hasToken(nowMs: number): boolean {
    if (nowMs > this.last) {
      this.tokens = Math.min(this.throttle.burstLimit, this.tokens + ((nowMs - this.last) / 1000) * this.throttle.rateLimit);
      this.last = nowMs;
    }
    return this.tokens >= 1;
  }

  /** Takes one token; call after {@link hasToken} returned true. */
  take(): void {
    this.tokens -= 1;
  }
}

/** Who a request is throttled as. */
export interface ThrottleSubject {
  /** Identifies the method for stage-level throttling (applied to each method separately, as on AWS). */
  readonly methodKey: string;
  /** The usage plan and key, when the method requires a key: `<planLogicalId>/<keyId>`. */
  readonly planKey?: string;
  /** The plan's throttle, when it has one. */
  readonly planThrottle?: ThrottleSpec;
}

/** Request-rate limits for one API stage. */
export interface Throttler {
  /** Admits a request (taking a token from every bucket that applies) or refuses it (taking none). */
  admit(subject: ThrottleSubject): boolean;
}

/**
 * Builds the throttler: one bucket per (usage plan, key) with the plan's throttle, and one per method
 * with the stage throttle when set. A request needs a token from each bucket that applies.
 */
export function createThrottler(stageThrottle: ThrottleSpec | undefined, now: () => number): Throttler {
  const planBuckets = new Map<string, TokenBucket>();
  const stageBuckets = new Map<string, TokenBucket>();
  const bucket = (buckets: Map<string, TokenBucket>, key: string, throttle: ThrottleSpec, at: number): TokenBucket => {
    let found = buckets.get(key);
    if (!found) {
      found = new TokenBucket(throttle, at);
      buckets.set(key, found);
    }
    return found;
  };
  return {
    admit(subject) {
      const at = now();
      const buckets: TokenBucket[] = [];
      if (subject.planKey !== undefined && subject.planThrottle) {
        buckets.push(bucket(planBuckets, subject.planKey, subject.planThrottle, at));
      }
      if (stageThrottle) buckets.push(bucket(stageBuckets, subject.methodKey, stageThrottle, at));
      if (!buckets.every((candidate) => candidate.hasToken(at))) return false;
      for (const candidate of buckets) candidate.take();
      return true;
    },
  };
}
