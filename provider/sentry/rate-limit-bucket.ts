/**
 * The stateful side of pacing: one bucket per (base URL, token) per process, shared by every client
 * with that token, fed by each response's headers. The maths lives in rate-limit.ts.
 */
import { createHash } from "node:crypto";
import {
  observeResponse,
  planNextRequest,
  readRateLimitHeaders,
  reserveRequest,
  type PacingPlan,
  type RateLimitOptions,
  type RateLimitState,
} from "./rate-limit";
import type { HeaderLookup } from "./retry-policy";

/** Rate-limit state of one token against one Sentry. */
export class RateLimitBucket {
  private state: RateLimitState = {};
  private inFlight = 0;

  /** A copy of the current state (for diagnostics and tests). */
  get snapshot(): RateLimitState {
    return { ...this.state };
  }

  /** Waits until the window allows one more request, then reserves it; call `finish` after. */
  async pace(
    options: RateLimitOptions,
    now: () => number,
    sleep: (ms: number) => Promise<void>,
    onWait: (plan: PacingPlan) => void,
  ): Promise<void> {
    // Re-plan after every wait: other requests may have taken the slot or brought news meanwhile.
    for (;;) {
      const at = now();
      const plan = planNextRequest(this.state, at, options);
      if (plan.delayMs <= 0) {
        this.state = reserveRequest(this.state, at, options);
        this.inFlight++;
        return;
      }
      onWait(plan);
      await sleep(plan.delayMs);
    }
  }

  /** Ends a paced request, feeding the headers of its response (any status) into the state. */
  finish(headers: HeaderLookup | undefined): void {
    this.inFlight = Math.max(0, this.inFlight - 1);
    if (headers) {
      this.state = observeResponse(this.state, readRateLimitHeaders(headers), this.inFlight);
    }
  }
}

const buckets = new Map<string, RateLimitBucket>();

/** The process-wide bucket of a token at a base URL (the token is only kept as a hash prefix). */
export function rateLimitBucketFor(baseUrl: string, token: string): RateLimitBucket {
  const fingerprint = createHash("sha256").update(token).digest("hex").slice(0, 16);
  const key = `${baseUrl} ${fingerprint}`;
  let bucket = buckets.get(key);
  if (!bucket) {
    bucket = new RateLimitBucket();
    buckets.set(key, bucket);
  }
  return bucket;
}
