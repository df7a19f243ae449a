/**
 * The report itself: each managed key's age, last and next rotation and status at a given now,
 * the sinks it fed, and what Sentry holds that no stack manages. Pure: the clock is a parameter.
 */
import type { KeyUsage } from "../provider/lifecycle/usage";
import { addDuration, parseDuration } from "../provider/rotation/duration";
import { rotationStatus } from "../provider/rotation/schedule";
import { type KeyRole, type ManagedKey } from "./model";
import { type LiveInventory, presentInSentry, type UnmanagedKey, unmanagedKeys } from "./unmanaged";

/** Where a key stands. */
export type KeyStatus =
  | "ok"
  | "due"
  | "overdue"
  | "never-rotates"
  | "overlap"
  | "inactive"
  | "retiring"
  | "pending-delete"
  | "missing";

/** One managed key as the report shows it. */
export interface ReportRow extends ManagedKey {
  /** Milliseconds since its creation. */
  ageMs?: number;
  /**
   * What happens to it next, and when (absent: never, or at the next `pulumi up`). With a rotation
   * window, a rotation's `at` is the first window opening after the due date (overdue counts from it).
   */
  next?: { action: "rotate" | "deactivate" | "delete"; at: string };
  /** A current key's rotation window, and when it next opens for this key's rotation. */
  window?: { description: string; opensAt: string };
  status: KeyStatus;
  /** Sinks whose receipt names another key: their last delivery did not finish. */
  staleSinks: string[];
  /** Whether Sentry still has it (only with the live API). */
  inSentry?: boolean;
  /** Error events Sentry accepted with it in the last 24 hours (client keys, live API only). */
  usage24h?: KeyUsage;
}

/** Counts for the summary line and `--fail-on`. */
export interface ReportSummary {
  managed: number;
  shown: number;
  overdue: number;
  due: number;
  neverRotates: number;
  stale: number;
  missing: number;
  unmanaged: number;
  /** Client keys whose usage Sentry did not give (live API only). */
  usageUnreadable: number;
}

/** The whole report. */
export interface Report {
  /** The instant the report is computed for (ISO 8601). */
  now: string;
  grace: string;
  dueWithin?: string;
  stacks: { stack: string; source: string }[];
  rows: ReportRow[];
  /** Present when Sentry was asked (`--sentry-url`). */
  unmanaged?: UnmanagedKey[];
  /** Organizations listed through the live API. */
  organizations?: string[];
  summary: ReportSummary;
}

/** Options that change what the report computes. */
export interface EvaluateOptions {
  now: Date;
  /** How long past its rotation a key may be before it counts as overdue. */
  grace: string;
  /** Only keys with something happening before now + this. */
  dueWithin?: string;
}

const ALWAYS_SHOWN: KeyStatus[] = ["due", "overdue", "retiring", "pending-delete", "missing"];

/**
 * Builds the report from the stacks' managed keys and, optionally, Sentry's own lists and each
 * client key's last-24h usage (by key id).
 */
export function evaluate(
  stacks: { stack: string; source: string; keys: ManagedKey[] }[],
  options: EvaluateOptions,
  live?: LiveInventory[],
  usage?: ReadonlyMap<string, KeyUsage>,
): Report {
  const graceDuration = parseDuration(options.grace, "--grace");
  const horizon = options.dueWithin
    ? addDuration(options.now, parseDuration(options.dueWithin, "--due-within"))
    : undefined;
  const keys = stacks.flatMap((s) => s.keys);
  const all = keys.map((key) => {
    const row = rowOf(key, options.now, graceDuration, live);
    const used = key.keyId ? usage?.get(key.keyId) : undefined;
    return used ? { ...row, usage24h: used } : row;
  });
  const rows = horizon
    ? all.filter(
        (r) => ALWAYS_SHOWN.includes(r.status) || (r.next && new Date(r.next.at) <= horizon),
      )
    : all;
  const unmanaged = live ? unmanagedKeys(live, keys) : undefined;
  return {
    now: options.now.toISOString(),
    grace: options.grace,
    ...(options.dueWithin ? { dueWithin: options.dueWithin } : {}),
    stacks: stacks.map(({ stack, source }) => ({ stack, source })),
    rows,
    ...(unmanaged ? { unmanaged, organizations: (live ?? []).map((l) => l.organization) } : {}),
    summary: {
      managed: all.length,
      shown: rows.length,
      overdue: all.filter((r) => r.status === "overdue").length,
      due: all.filter((r) => r.status === "due").length,
      neverRotates: all.filter((r) => r.status === "never-rotates").length,
      stale: all.filter((r) => r.staleSinks.length > 0).length,
      missing: all.filter((r) => r.status === "missing").length,
      unmanaged: unmanaged?.length ?? 0,
      usageUnreadable: all.filter((r) => r.usage24h && !r.usage24h.known).length,
    },
  };
}

function rowOf(
  key: ManagedKey,
  now: Date,
  grace: ReturnType<typeof parseDuration>,
  live: LiveInventory[] | undefined,
): ReportRow {
  const rotation = currentRotation(key, now);
  const next = rotation ? { action: "rotate" as const, at: rotation.rotatableAt } : nextStep(key);
  const late = (at: string) => now.getTime() > addDuration(new Date(at), grace).getTime();
  const inSentry = live ? presentInSentry(key, live) : undefined;
  const delivered = key.keyId ?? key.tokenId;
  return {
    ...key,
    ...(key.createdAt ? { ageMs: now.getTime() - new Date(key.createdAt).getTime() } : {}),
    ...(next ? { next } : {}),
    ...(rotation?.window
      ? {
          window: {
            description: rotation.window,
            opensAt: rotation.waitsForWindowAt ?? rotation.rotatableAt,
          },
        }
      : {}),
    status: statusOf(key.role, next, now, late, inSentry),
    staleSinks: key.sinks.filter((s) => s.keyId && s.keyId !== delivered).map((s) => s.sink),
    ...(inSentry !== undefined ? { inSentry } : {}),
  };
}

// A current key with a period and a window: the one due-date decision says when it may rotate.
function currentRotation(key: ManagedKey, now: Date) {
  if (key.role !== "current" || !key.rotationWindow || !key.createdAt || !key.rotateEvery) {
    return undefined;
  }
  return rotationStatus(key.createdAt, key.rotateEvery, now, key.rotationWindow);
}

function nextStep(key: ManagedKey): ReportRow["next"] {
  if (key.role === "current" && key.rotateAt) return { action: "rotate", at: key.rotateAt };
  if (key.role !== "previous") return undefined;
  if (key.isActive && key.deactivateAt) return { action: "deactivate", at: key.deactivateAt };
  return key.deleteAt ? { action: "delete", at: key.deleteAt } : undefined;
}

function statusOf(
  role: KeyRole,
  next: ReportRow["next"],
  now: Date,
  late: (at: string) => boolean,
  inSentry: boolean | undefined,
): KeyStatus {
  if (role === "retiring" || role === "pending-delete") return role;
  if (inSentry === false) return "missing";
  if (!next) return role === "current" ? "never-rotates" : "inactive";
  if (late(next.at)) return "overdue";
  if (role === "previous") return next.action === "deactivate" ? "overlap" : "inactive";
  return now.getTime() >= new Date(next.at).getTime() ? "due" : "ok";
}
