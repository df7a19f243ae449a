/**
 * A client key's recent usage, from Sentry's key stats: how many error events Sentry accepted with
 * the key in a window, and the hour of the last one. The stats count the `error` category only
 * (transactions, spans, replays, logs, check-ins are not counted), so "no events" means "no error
 * events reached Sentry", not "nobody holds the key" (docs/resources.md).
 */
import type { ClientKeyStatsBucket, SentryClient } from "../sentry";
import { isNotFound } from "../sentry/outcome";

/** What Sentry's stats say of a key in a window, or why they could not be read. */
export type KeyUsage =
  | {
      known: true;
      /** Error events Sentry accepted with the key in the window (hourly buckets). */
      acceptedEvents: number;
      /** Start of the window asked for (ISO 8601). */
      since: string;
      /** End of the window (ISO 8601). */
      until: string;
      /** Start of the last hour with an accepted event, if any (ISO 8601). */
      lastEventHour?: string;
    }
  | {
      known: false;
      /** Why the stats could not be read (redacted by the client's error). */
      problem: string;
      /** Sentry answered 404: the key is gone. */
      gone: boolean;
    };

/** Where a key lives. */
export interface UsageLocation {
  organization: string;
  project: string;
  keyId: string;
}

/** Sums hourly buckets: accepted events and the last hour that had any. Pure. */
export function summarizeUsage(
  buckets: readonly ClientKeyStatsBucket[],
  since: Date,
  until: Date,
): KeyUsage {
  let acceptedEvents = 0;
  let last: number | undefined;
  for (const bucket of buckets) {
    if (!(bucket.accepted > 0)) continue;
    acceptedEvents += bucket.accepted;
    last = last === undefined ? bucket.ts : Math.max(last, bucket.ts);
  }
  return {
    known: true,
    acceptedEvents,
    since: since.toISOString(),
    until: until.toISOString(),
    ...(last === undefined ? {} : { lastEventHour: new Date(last * 1000).toISOString() }),
  };
}

/**
 * Reads the key's accepted error events from `since` to `until`, hourly (the client retries as
 * for any GET). A failure is returned as an unknown usage, never thrown: callers decide what an
 * unknown usage means.
 */
export async function readKeyUsage(
  client: SentryClient,
  where: UsageLocation,
  since: Date,
  until: Date,
): Promise<KeyUsage> {
  try {
    const buckets = await client.clientKeys.stats(where.organization, where.project, where.keyId, {
      since,
      until,
      resolution: "1h",
    });
    return summarizeUsage(buckets, since, until);
  } catch (err) {
    return {
      known: false,
      problem: err instanceof Error ? err.message : String(err),
      gone: isNotFound(err),
    };
  }
}

/** The usage as a sentence for the audit trail and warnings. Pure. */
export function describeUsage(usage: KeyUsage, quietPeriod: string): string {
  if (!usage.known) return `its usage could not be read (${usage.problem})`;
  if (usage.acceptedEvents === 0) return `no error events in the last ${quietPeriod}`;
  const last = usage.lastEventHour ? `, the last in the hour from ${usage.lastEventHour}` : "";
  return `${usage.acceptedEvents} error event(s) accepted in the last ${quietPeriod}${last}`;
}
