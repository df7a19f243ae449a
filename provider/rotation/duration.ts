import { DateTime, Duration } from "luxon";
import { describeValue } from "../describe-value";
import { InputError } from "../input-error";

/** The longest rotation period accepted: a key that lives longer is not being rotated. */
export const MAX_ROTATION_YEARS = 10;
/** The shortest period accepted: anything faster is churn, not rotation. */
export const MIN_ROTATION_MINUTES = 1;

const SHORT_FORM = /^(\d+)(m|h|d|w)$/;
const SHORT_UNITS = { m: "minutes", h: "hours", d: "days", w: "weeks" } as const;
const EXAMPLES = `a duration such as "90d", "12h", "30m", "2w" or ISO 8601 "P90D", "PT12H", "P3M"`;
// Calendar units ("P1M") are measured from a fixed instant, so validation never depends on today.
const MEASURED_FROM = new Date(Date.UTC(2000, 0, 1));

/**
 * Parses a rotation period: the short forms `90d`, `12h`, `30m`, `2w`, or an ISO 8601 duration
 * (`P90D`, `PT12H`, `P3M`, `P1Y`). Rejects zero, negative, sub-minute, over-ten-year and malformed
 * values with an {@link InputError} naming `field`.
 */
export function parseDuration(text: unknown, field: string): Duration {
  if (typeof text !== "string" || text.trim() === "") {
    throw new InputError(field, `expected ${EXAMPLES}, got ${describeValue(text)}.`);
  }
  const trimmed = text.trim();
  const duration = parseShortForm(trimmed) ?? parseIsoForm(trimmed);
  if (!duration) {
    throw new InputError(field, `"${trimmed}" is not a duration; use ${EXAMPLES}.`);
  }
  checkBounds(duration, trimmed, field);
  return duration;
}

/** Like {@link parseDuration}, but returns the problem as a message instead of throwing. */
export function durationProblem(text: unknown, field: string): string | undefined {
  try {
    parseDuration(text, field);
    return undefined;
  } catch (err) {
    if (err instanceof InputError) return err.message;
    throw err;
  }
}

function parseShortForm(text: string): Duration | undefined {
  const match = SHORT_FORM.exec(text);
  if (!match) return undefined;
  const unit = SHORT_UNITS[match[2] as keyof typeof SHORT_UNITS];
  return Duration.fromObject({ [unit]: Number(match[1]) });
}

function parseIsoForm(text: string): Duration | undefined {
  // Luxon accepts lower-case designators and fractional parts; we accept what ISO 8601 says.
  if (!/^-?P(?!$)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+S)?)?$/.test(text)) {
    return undefined;
  }
  const duration = Duration.fromISO(text);
  return duration.isValid ? duration : undefined;
}

function checkBounds(duration: Duration, text: string, field: string): void {
  const ms = calendarMillis(duration);
  // Past the calendar's range the date maths gives NaN, which every comparison below would pass.
  if (!Number.isFinite(ms)) {
    throw new InputError(
      field,
      `"${text}" is too large to be a rotation period; use at most ${MAX_ROTATION_YEARS} years.`,
    );
  }
  if (ms <= 0) {
    throw new InputError(field, `"${text}" must be longer than zero; use ${EXAMPLES}.`);
  }
  if (ms < MIN_ROTATION_MINUTES * 60_000) {
    throw new InputError(field, `"${text}" is shorter than ${MIN_ROTATION_MINUTES} minute.`);
  }
  if (ms > calendarMillis(Duration.fromObject({ years: MAX_ROTATION_YEARS }))) {
    throw new InputError(
      field,
      `"${text}" is longer than ${MAX_ROTATION_YEARS} years; a key should rotate at least that often.`,
    );
  }
}

function calendarMillis(duration: Duration): number {
  return addDuration(MEASURED_FROM, duration).getTime() - MEASURED_FROM.getTime();
}

/** Adds a duration to an instant in UTC, with calendar months clamped to the month's end. */
export function addDuration(instant: Date, duration: Duration): Date {
  // Luxon does the calendar arithmetic (Jan 31 + P1M = Feb 28/29); UTC has no DST to skip.
  return DateTime.fromJSDate(instant, { zone: "utc" }).plus(duration).toJSDate();
}
