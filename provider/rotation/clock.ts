import { DateTime } from "luxon";
import { InputError } from "../input-error";
import { addDuration, parseDuration } from "./duration";

/** Where "now" comes from: the one seam between rotation maths and the real world. */
export interface Clock {
  /** The current instant. */
  now(): Date;
}

/** The system clock. */
export const systemClock: Clock = { now: () => new Date() };

/** A clock stopped at `instant`, for tests and for "what rotates by then?" previews. */
export function fixedClock(instant: Date | string): Clock {
  const at = new Date(instant);
  return { now: () => new Date(at) };
}

/** The environment variable that moves "now" for previews: an ISO instant, or `+45d` from now. */
export const NOW_OVERRIDE_VARIABLE = "SENTRY_ROTATION_NOW";

/**
 * The clock the provider uses: the system clock, unless `SENTRY_ROTATION_NOW` is set to an ISO 8601
 * instant (`2027-03-01T00:00:00Z`) or an offset from the real now (`+45d`, `+P3M`), which lets a team
 * run `pulumi preview` to see what will rotate by that date.
 */
export function clockFromEnvironment(
  env: Record<string, string | undefined> = process.env,
  base: Clock = systemClock,
): Clock {
  const value = env[NOW_OVERRIDE_VARIABLE]?.trim();
  if (!value) return base;
  if (value.startsWith("+")) {
    const offset = parseDuration(value.slice(1), NOW_OVERRIDE_VARIABLE);
    return { now: () => addDuration(base.now(), offset) };
  }
  const instant = DateTime.fromISO(value, { zone: "utc" });
  if (!instant.isValid || !/\d{4}-\d{2}-\d{2}/.test(value)) {
    throw new InputError(
      NOW_OVERRIDE_VARIABLE,
      `"${value}" is neither an ISO 8601 instant ("2027-03-01T00:00:00Z") nor an offset such as "+45d"; unset it to use the real clock.`,
    );
  }
  return fixedClock(instant.toJSDate());
}
