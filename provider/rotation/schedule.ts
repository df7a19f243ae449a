import { Duration } from "luxon";
import { Clock } from "./clock";
import { addDuration, parseDuration } from "./duration";

/** When a key is due, from when it was created and how often it rotates. Pure. */
export function rotateAt(createdAt: Date | string, every: Duration | string): Date {
  const period = typeof every === "string" ? parseDuration(every, "rotateEvery") : every;
  return addDuration(new Date(createdAt), period);
}

/** True once `now` has reached the rotation instant (a key due exactly now rotates now). */
export function isDue(rotateAtInstant: Date | string, now: Date): boolean {
  return now.getTime() >= new Date(rotateAtInstant).getTime();
}

/** The rotation state of one key at the clock's now. */
export interface RotationStatus {
  /** When the key is due, as an ISO 8601 instant. */
  rotateAt: string;
  /** Whether the key is due now. */
  due: boolean;
  /** Milliseconds until due (negative when overdue). */
  remainingMs: number;
}

/** The rotation state of a key created at `createdAt` rotating every `every`, seen from `clock`. */
export function rotationStatus(
  createdAt: Date | string,
  every: Duration | string,
  clock: Clock,
): RotationStatus {
  const at = rotateAt(createdAt, every);
  const now = clock.now();
  return {
    rotateAt: at.toISOString(),
    due: isDue(at, now),
    remainingMs: at.getTime() - now.getTime(),
  };
}
