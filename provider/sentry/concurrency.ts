/**
 * Per-process cap on requests in flight to one Sentry (base URL), shared by every client in the
 * process so that many resources updated in parallel by the Pulumi engine do not open dozens of
 * connections at once (sentry.io also limits concurrent requests per token, to 25).
 */

/** Default cap of requests in flight per base URL. */
export const DEFAULT_MAX_CONCURRENCY = 10;

interface Waiter {
  cap: number;
  wake: () => void;
}

/** Counts requests in flight to one base URL; each caller brings its own cap. */
export class ConcurrencyLimiter {
  private inFlight = 0;
  private readonly waiting: Waiter[] = [];

  /** Requests currently holding a slot. */
  get active(): number {
    return this.inFlight;
  }

  /** Waits for a slot under `cap` and returns the function that gives it back (call it once). */
  async acquire(cap: number): Promise<() => void> {
    await new Promise<void>((wake) => {
      this.waiting.push({ cap: Math.max(1, cap), wake });
      this.wakeNext();
    });
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.inFlight--;
      this.wakeNext();
    };
  }

  private wakeNext(): void {
    // First come, first served among the waiters whose own cap now has room.
    for (let i = 0; i < this.waiting.length;) {
      const waiter = this.waiting[i]!;
      if (this.inFlight < waiter.cap) {
        this.waiting.splice(i, 1);
        this.inFlight++;
        waiter.wake();
      } else {
        i++;
      }
    }
  }
}

const limiters = new Map<string, ConcurrencyLimiter>();

/** The process-wide limiter of a base URL. */
export function limiterFor(baseUrl: string): ConcurrencyLimiter {
  let limiter = limiters.get(baseUrl);
  if (!limiter) {
    limiter = new ConcurrencyLimiter();
    limiters.set(baseUrl, limiter);
  }
  return limiter;
}
