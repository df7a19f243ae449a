import type { KeyRateLimit } from "./state";

/**
 * sentry.io-style API rate limiting: a fixed window per caller plus a concurrency cap, reported in
 * `X-Sentry-Rate-Limit-*` headers. A 429 carries no Retry-After: clients wait until `-Reset`.
 */

/** Limits for one caller: `limit` requests per `windowSeconds`, `concurrentLimit` in flight. */
export interface RateLimitConfig {
  limit: number;
  windowSeconds: number;
  concurrentLimit: number;
}

/** sentry.io's limit for the keys endpoints: 40 per second, 25 concurrent. */
export const DEFAULT_RATE_LIMIT: RateLimitConfig = {
  limit: 40,
  windowSeconds: 1,
  concurrentLimit: 25,
};

/** The verdict for one request; call `release` when its response is done. */
export interface RateLimitDecision {
  allowed: boolean;
  headers: Record<string, string>;
  body?: { detail: string };
  release(): void;
}

/** The 429 body Sentry sends when the window is used up. */
export function rateLimitedBody(config: RateLimitConfig): { detail: string } {
  return {
    detail:
      "You are attempting to use this endpoint too frequently. " +
      `Limit is ${config.limit} requests in ${config.windowSeconds} seconds`,
  };
}

/** The headers of a response under `config`. */
export function rateLimitHeaders(
  config: RateLimitConfig,
  remaining: number,
  resetEpochSeconds: number,
  concurrentRemaining: number,
): Record<string, string> {
  return {
    "X-Sentry-Rate-Limit-Limit": String(config.limit),
    "X-Sentry-Rate-Limit-Remaining": String(Math.max(0, remaining)),
    "X-Sentry-Rate-Limit-Reset": String(resetEpochSeconds),
    "X-Sentry-Rate-Limit-ConcurrentLimit": String(config.concurrentLimit),
    "X-Sentry-Rate-Limit-ConcurrentRemaining": String(Math.max(0, concurrentRemaining)),
  };
}

/** Counts requests per caller key in fixed windows; `false` config = self-hosted, no headers. */
export class RateLimiter {
  private windows = new Map<string, { start: number; count: number }>();
  private inFlight = new Map<string, number>();

  constructor(
    private config: RateLimitConfig | false,
    private readonly now: () => number = Date.now,
  ) {}

  /** The active limits, or false when limiting is off. */
  get current(): RateLimitConfig | false {
    return this.config;
  }

  /** Switches limits at runtime and forgets the counted windows. */
  configure(config: RateLimitConfig | false): void {
    this.config = config;
    this.windows.clear();
  }

  /** Counts one request for `key` and says whether it may proceed. */
  begin(key: string): RateLimitDecision {
    const config = this.config;
    if (config === false) return { allowed: true, headers: {}, release: () => undefined };
    const nowSeconds = this.now() / 1000;
    const start = Math.floor(nowSeconds / config.windowSeconds) * config.windowSeconds;
    const window = this.windows.get(key);
    const current = window && window.start === start ? window : { start, count: 0 };
    current.count += 1;
    this.windows.set(key, current);
    const running = (this.inFlight.get(key) ?? 0) + 1;
    this.inFlight.set(key, running);
    let released = false;
    const release = (): void => {
      if (released) return;
      released = true;
      const left = (this.inFlight.get(key) ?? 1) - 1;
      if (left <= 0) this.inFlight.delete(key);
      else this.inFlight.set(key, left);
    };
    const headers = rateLimitHeaders(
      config,
      config.limit - current.count,
      start + config.windowSeconds,
      config.concurrentLimit - running,
    );
    if (current.count > config.limit) {
      return { allowed: false, headers, body: rateLimitedBody(config), release };
    }
    if (running > config.concurrentLimit) {
      const detail =
        "You are attempting to go above the allowed concurrency for this endpoint. " +
        `Concurrency limit is ${config.concurrentLimit}`;
      return { allowed: false, headers, body: { detail }, release };
    }
    return { allowed: true, headers, release };
  }
}

/** Per-key ingest caps (a key's `rateLimit`): a fixed window of accepted events per public key. */
export class KeyQuotas {
  private windows = new Map<string, { start: number; count: number }>();

  /** Seconds to wait when `publicKey` is over `limit`, else 0 (and the event is counted). */
  take(publicKey: string, limit: KeyRateLimit, nowMs: number): number {
    const nowSeconds = Math.floor(nowMs / 1000);
    const windowSeconds = Math.max(1, limit.window);
    const start = Math.floor(nowSeconds / windowSeconds) * windowSeconds;
    const current = this.windows.get(publicKey);
    const window = current && current.start === start ? current : { start, count: 0 };
    this.windows.set(publicKey, window);
    if (window.count >= limit.count) return Math.max(1, start + windowSeconds - nowSeconds);
    window.count += 1;
    return 0;
  }
}
