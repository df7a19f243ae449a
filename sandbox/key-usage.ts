/**
 * Per-key usage counts, as Sentry's key stats endpoint serves them: error events only (an envelope
 * with an `event` item, or a `/store/` body), by outcome, in minute buckets of the sandbox clock
 * so any whole-minute interval can be served. In memory, like the journal.
 */

/** The outcomes the stats endpoint reports (the sandbox has no inbound filters: filtered is 0). */
export type UsageOutcome = "accepted" | "dropped";

/** One bucket of the stats response, as Sentry shapes it. */
export interface UsageBucket {
  ts: number;
  total: number;
  dropped: number;
  accepted: number;
  filtered: number;
}

/** Whether an ingest payload counts for the stats: the `error` data category only. */
export function countsAsError(itemTypes: readonly string[]): boolean {
  return itemTypes.includes("event");
}

/** Counts by key and minute. */
export class KeyUsage {
  private readonly byKey = new Map<string, Map<number, Record<UsageOutcome, number>>>();

  /** Counts one event of `publicKey` at `at`. */
  count(publicKey: string, at: Date, outcome: UsageOutcome): void {
    const minute = Math.floor(at.getTime() / 60_000) * 60;
    let minutes = this.byKey.get(publicKey);
    if (!minutes) this.byKey.set(publicKey, (minutes = new Map()));
    const slot = minutes.get(minute) ?? { accepted: 0, dropped: 0 };
    slot[outcome] += 1;
    minutes.set(minute, slot);
  }

  /**
   * Zero-filled buckets of `intervalSeconds` from the bucket holding `since` to the one holding
   * `until` (epoch seconds), oldest first; each counts its whole interval, as Sentry's rollups do.
   */
  buckets(publicKey: string, since: number, until: number, intervalSeconds: number): UsageBucket[] {
    const first = Math.floor(since / intervalSeconds) * intervalSeconds;
    const out: UsageBucket[] = [];
    for (let ts = first; ts <= until; ts += intervalSeconds) {
      out.push({ ts, total: 0, dropped: 0, accepted: 0, filtered: 0 });
    }
    for (const [minute, slot] of this.byKey.get(publicKey) ?? []) {
      const bucket =
        minute < first ? undefined : out[Math.floor((minute - first) / intervalSeconds)];
      if (!bucket) continue;
      bucket.accepted += slot.accepted;
      bucket.dropped += slot.dropped;
      bucket.total += slot.accepted + slot.dropped;
    }
    return out;
  }
}
