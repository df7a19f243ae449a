/**
 * When keys are due: the one place that decides it, pure, with "now" always passed in (from the
 * provider context's clock, never read here).
 */
import type { Duration } from "luxon";
import { containsUnknown } from "../unknown";
import { addDuration, parseDuration } from "./duration";
import { firstOpenAtOrAfter, nextWindowOpening, openWindowAt, parseRotationWindow } from "./window";

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
  /** When the key is due (its period is over), as an ISO 8601 instant. */
  rotateAt: string;
  /** Whether the key rotates now: it is due and, with a rotation window, the window is open. */
  due: boolean;
  /** Milliseconds until `rotateAt` (negative once it has passed). */
  remainingMs: number;
  /**
   * The first instant the key may rotate, as ISO 8601: `rotateAt`, or with a window, the first
   * window opening after `rotateAt` when `rotateAt` falls outside a window. Overdue counts from here.
   */
  rotatableAt: string;
  /** Set when the key is due but the window is closed: when the next window opens (ISO 8601). */
  waitsForWindowAt?: string;
  /** How messages name the window, when the key has one. */
  window?: string;
}

/**
 * Whether a key created at `createdAt`, rotating every `every` inside `window` (if any), rotates
 * at `now`, and when. Undefined when it never rotates (no period), was never confirmed (no creation
 * date) or the period is not known yet (preview); a window not known yet counts as none. The one
 * due-date decision: diff, plans, overdue and waiting reports, and the report CLI all ask it.
 */
export function rotationStatus(
  createdAt: unknown,
  every: unknown,
  now: Date,
  window?: unknown,
): RotationStatus | undefined {
  if (typeof createdAt !== "string" && !(createdAt instanceof Date)) return undefined;
  if (typeof every !== "string" || containsUnknown(every)) return undefined;
  const at = rotationDueAt(createdAt, every);
  const periodOver = isDue(at, now);
  const base = { rotateAt: at.toISOString(), remainingMs: at.getTime() - now.getTime() };
  if (window === undefined || window === null || containsUnknown(window)) {
    return { ...base, due: periodOver, rotatableAt: base.rotateAt };
  }
  const parsed = parseRotationWindow(window);
  const rotatable = firstOpenAtOrAfter(parsed, at);
  const open = periodOver && openWindowAt(parsed, now) !== undefined;
  const opensAt = periodOver && !open ? nextWindowOpening(parsed, now) : undefined;
  return {
    ...base,
    due: open,
    // A window that never opens was refused at check; the period's end is then the best answer.
    rotatableAt: (rotatable ?? at).toISOString(),
    ...(opensAt ? { waitsForWindowAt: opensAt.toISOString() } : {}),
    window: parsed.description,
  };
}
