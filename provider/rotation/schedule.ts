/**
 * When keys are due: the one place that decides it, pure, with "now" always passed in (from the
 * provider context's clock, never read here).
 */
import type { Duration } from "luxon";
import { containsUnknown } from "../unknown";
import { addDuration, parseDuration } from "./duration";

/** The instant `period` after `from` (calendar maths in UTC); `field` names the period in errors. */
export function afterPeriod(
  from: Date | string,
  period: Duration | string,
  field = "rotateEvery",
): Date {
  const length = typeof period === "string" ? parseDuration(period, field) : period;
  return addDuration(new Date(from), length);
}

/** When a key created at `createdAt` and rotating every `every` is due. Pure. */
export function rotationDueAt(createdAt: Date | string, every: Duration | string): Date {
  return afterPeriod(createdAt, every, "rotateEvery");
}

/**
 * When a key is due, from when it was created and how often it rotates.
 * @deprecated Use {@link rotationDueAt}, the same function under a name that says what it returns.
 */
export const rotateAt = rotationDueAt;

/** True once `now` has reached the instant a key is due (a key due exactly now rotates now). */
export function isDue(dueAt: Date | string, now: Date): boolean {
  return now.getTime() >= new Date(dueAt).getTime();
}

/** The rotation state of one key at a given instant. */
export interface RotationStatus {
  /** When the key is due, as an ISO 8601 instant. */
  rotateAt: string;
  /** Whether the key is due. */
  due: boolean;
  /** Milliseconds until due (negative when overdue). */
  remainingMs: number;
}

/**
 * Whether a key created at `createdAt`, rotating every `every`, is due at `now`, and when. Undefined
 * when it never rotates (no period), was never confirmed (no creation date) or a value is not known
 * yet (preview). The one due-date decision: diff, plans and overdue reports all ask it.
 */
export function rotationStatus(
  createdAt: unknown,
  every: unknown,
  now: Date,
): RotationStatus | undefined {
  if (typeof createdAt !== "string" && !(createdAt instanceof Date)) return undefined;
  if (typeof every !== "string" || containsUnknown(every)) return undefined;
  const at = rotationDueAt(createdAt, every);
  return {
    rotateAt: at.toISOString(),
    due: isDue(at, now),
    remainingMs: at.getTime() - now.getTime(),
  };
}
