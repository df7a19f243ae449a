/**
 * Reading policy config and resource properties safely: durations parsed with the provider's own
 * rotation maths, exemptions by resource name, and values the engine does not know yet (preview).
 */
import { UnknownValueError } from "@pulumi/policy";
import type { Duration } from "luxon";
import { InputError } from "../provider/input-error";
import { addDuration, parseDuration } from "../provider/rotation";

/** What `read` returns for a value the engine does not know yet (a key created in this preview). */
export const UNKNOWN_VALUE: unique symbol = Symbol("unknown during preview");

/**
 * Reads a property through the policy SDK's unknown-checking proxy: a value unknown during preview
 * becomes {@link UNKNOWN_VALUE} instead of aborting the whole policy, so one new key does not hide
 * the problems of the others. The same check runs on `pulumi up`, where every value is known.
 */
export function read<T>(get: () => T): T | typeof UNKNOWN_VALUE {
  try {
    return get();
  } catch (err) {
    if (err instanceof UnknownValueError) return UNKNOWN_VALUE;
    throw err;
  }
}

// Calendar units ("P3M") are measured from a fixed instant, as the provider validates them.
const MEASURED_FROM = new Date(Date.UTC(2000, 0, 1));

/** True when `a` is longer than `b` (P3M, 91 days from 2000-01-01, is longer than 90d). */
export function longerThan(a: Duration, b: Duration): boolean {
  return addDuration(MEASURED_FROM, a).getTime() > addDuration(MEASURED_FROM, b).getTime();
}

/** The instant `duration` after `instant`, in UTC calendar arithmetic. */
export function after(instant: Date, ...durations: Duration[]): Date {
  return durations.reduce((at, d) => addDuration(at, d), instant);
}

/** A duration setting of a policy: the configured text parsed, or the default. */
export interface DurationSetting {
  /** As written ("90d"), for messages. */
  text: string;
  /** Parsed. */
  duration: Duration;
}

/** Reads `key` of a policy's config as a duration; a bad value names `<policy>.<key>` and the fix. */
export function durationSetting(
  config: Record<string, unknown>,
  key: string,
  fallback: string,
  policy: string,
): DurationSetting {
  const text = config[key] ?? fallback;
  return { text: String(text), duration: parseDuration(text, `${policy}.${key}`) };
}

/** The resource names a policy's `exempt` list names (Pulumi resource names, e.g. "web"). */
export function exemptNames(config: Record<string, unknown>, policy: string): Set<string> {
  const exempt = config.exempt ?? [];
  if (!Array.isArray(exempt) || exempt.some((name) => typeof name !== "string")) {
    throw new InputError(
      `${policy}.exempt`,
      `must be a list of resource names such as ["web", "ci"], got ${JSON.stringify(exempt)}.`,
    );
  }
  return new Set(exempt as string[]);
}

/**
 * Reads `key` of a policy's config as stack name patterns (`*` matches any text, case-insensitive);
 * a bad value names `<policy>.<key>` and the fix.
 */
export function stackPatterns(
  config: Record<string, unknown>,
  key: string,
  fallback: readonly string[],
  policy: string,
): RegExp[] {
  const patterns = config[key] ?? fallback;
  if (!Array.isArray(patterns) || patterns.some((p) => typeof p !== "string" || p.trim() === "")) {
    throw new InputError(
      `${policy}.${key}`,
      `must be a list of stack name patterns such as ["prod", "prod-*"] ("*" matches any text), got ${JSON.stringify(patterns)}.`,
    );
  }
  return (patterns as string[]).map(
    (pattern) =>
      new RegExp(
        `^${pattern
          .trim()
          .split("*")
          .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
          .join(".*")}$`,
        "i",
      ),
  );
}

/** Whole days from `from` to `to` (rounded down). */
export function daysBetween(from: Date, to: Date): number {
  return Math.floor((to.getTime() - from.getTime()) / 86_400_000);
}

/** A valid instant from an ISO 8601 string, or undefined. */
export function instant(value: unknown): Date | undefined {
  if (typeof value !== "string") return undefined;
  const at = new Date(value);
  return Number.isNaN(at.getTime()) ? undefined : at;
}
