/**
 * Time for tests that must not depend on the machine's speed: the sandbox (`now` option) and the
 * Sentry client (`now`, `sleep`) read one virtual clock, so rate-limit windows only move when the
 * code under test waits. Two ways to let time pass:
 *
 * - `auto` (default): every `sleep(ms)` moves the clock to its deadline on the next turn of the
 *   event loop, as if the wait had passed. For code with one actor, or where any interleaving is
 *   valid.
 * - `manual`: `sleep` parks the caller until the test calls `advance`; `untilSleeping(n)` resolves
 *   once `n` callers are parked, so a test can order events without sleeping itself.
 */
export class VirtualClock {
  private nowMs: number;
  private parked: Array<{ at: number; wake: () => void }> = [];
  private watchers: Array<() => void> = [];

  constructor(
    start: string,
    private readonly mode: "auto" | "manual" = "auto",
  ) {
    this.nowMs = Date.parse(start);
    if (Number.isNaN(this.nowMs)) throw new Error(`VirtualClock: not an ISO date: ${start}`);
  }

  /** Milliseconds since the epoch, virtual. */
  readonly now = (): number => this.nowMs;

  /** The same instant as a Date (the sandbox's `now` option). */
  readonly date = (): Date => new Date(this.nowMs);

  /** Waits `ms` of virtual time. */
  readonly sleep = (ms: number): Promise<void> => {
    const at = this.nowMs + Math.max(0, ms);
    if (this.mode === "auto") {
      return new Promise((resolve) =>
        setImmediate(() => {
          this.nowMs = Math.max(this.nowMs, at);
          resolve();
        }),
      );
    }
    return new Promise((resolve) => {
      this.parked.push({ at, wake: resolve });
      for (const watch of this.watchers) watch();
    });
  };

  /** Callers parked in `sleep` (manual mode). */
  get sleeping(): number {
    return this.parked.length;
  }

  /** Resolves once at least `count` callers are parked in `sleep` (manual mode). */
  untilSleeping(count: number): Promise<void> {
    return new Promise((resolve) => {
      const check = (): void => {
        if (this.parked.length < count) return;
        this.watchers = this.watchers.filter((w) => w !== check);
        resolve();
      };
      this.watchers.push(check);
      check();
    });
  }

  /** Moves time forward by `ms` and wakes, in deadline order, every sleeper now due. */
  advance(ms: number): void {
    this.nowMs += ms;
    const due = this.parked.filter((p) => p.at <= this.nowMs).sort((a, b) => a.at - b.at);
    this.parked = this.parked.filter((p) => p.at > this.nowMs);
    for (const sleeper of due) sleeper.wake();
  }
}
