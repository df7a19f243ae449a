/**
 * Rotation windows: when a scheduled rotation may happen. Pure, with every instant passed in.
 *
 * A window opens at each occurrence of a schedule in its time zone and stays open for `duration`
 * (elapsed time). The schedule is either days of the week and a start time, or a 5-field cron
 * expression (as AWS Secrets Manager's `ScheduleExpression` + `Duration`). Both are evaluated by
 * croner, whose DST rules follow Vixie cron: a start time that does not exist on a spring-forward
 * day opens at the first valid time after the gap (02:30 becomes 03:00), and a start time that occurs
 * twice on a fall-back day opens once, at the first occurrence.
 */
import { Cron } from "croner";
import { IANAZone } from "luxon";
import { describeValue } from "../describe-value";
import { InputError } from "../input-error";
import { containsUnknown } from "../unknown";
import { addDuration, parseDuration } from "./duration";

/** A window given as days of the week and a start time. */
export interface WeeklyRotationWindow {
  /** Days the window opens ("Mon".."Sun" or full names); every day when omitted. */
  daysOfWeek?: string[];
  /** Local start time, "HH:MM" (24-hour) in `timeZone`. */
  startTime: string;
  /** How long the window stays open, such as "4h" or "PT90M". */
  duration: string;
  /** IANA time zone of `startTime`, such as "Europe/Berlin" (default "UTC"). */
  timeZone?: string;
}

/** A window given as a cron expression (AWS Secrets Manager's `ScheduleExpression` + `Duration`). */
export interface CronRotationWindow {
  /** 5-field cron expression (minute hour day-of-month month day-of-week), such as "0 2 * * 1-5". */
  cron: string;
  /** How long the window stays open after each opening, such as "4h". */
  duration: string;
  /** IANA time zone the expression is read in (default "UTC"). */
  timeZone?: string;
}

/** When scheduled rotations may happen: outside it a due key waits for the next opening. */
export type RotationWindow = WeeklyRotationWindow | CronRotationWindow;

/** A window ready for the maths: its schedule, its length, and how messages name it. */
export interface ParsedRotationWindow {
  /** The openings, in the window's time zone. */
  schedule: Cron;
  /** How long each opening lasts, in milliseconds. */
  durationMs: number;
  /** The time zone the openings are read in. */
  timeZone: string;
  /** How messages name the window, e.g. `Sat,Sun 02:30 for 4h (Europe/Berlin)`. */
  description: string;
}

const DEFAULT_FIELD = "rotationWindow";
const DAYS = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"] as const;
const FULL_DAYS = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"];
const TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;
const KNOWN_KEYS = ["daysOfWeek", "startTime", "cron", "duration", "timeZone"];
const SHAPE = `{ startTime: "02:00", duration: "4h", daysOfWeek?: ["Sat", "Sun"], timeZone?: "Europe/Berlin" } or { cron: "0 2 * * 6,0", duration: "4h", timeZone?: "Europe/Berlin" }`;
// The gap check samples openings from a fixed instant, so validation never depends on today.
const SAMPLE_FROM = new Date(Date.UTC(2027, 0, 1));
const SAMPLE_DAYS = 370;
const SAMPLE_MAX = 60;
const DAY_MS = 86_400_000;

/**
 * Reads a rotation window, or throws an {@link InputError} naming the sub-field (as
 * `rotationWindow.timeZone`) and the fix. Does not check the gap between openings; see
 * {@link rotationWindowProblem}.
 */
export function parseRotationWindow(value: unknown, field = DEFAULT_FIELD): ParsedRotationWindow {
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw new InputError(field, `expected ${SHAPE}, got ${describeValue(value)}.`);
  }
  const window = value as Record<string, unknown>;
  const unknownKey = Object.keys(window).find((key) => !KNOWN_KEYS.includes(key));
  if (unknownKey !== undefined) {
    throw new InputError(
      field,
      `${describeValue(unknownKey)} is not a window setting; use ${KNOWN_KEYS.join(", ")}.`,
    );
  }
  const timeZone = readTimeZone(window.timeZone, `${field}.timeZone`);
  const length = parseDuration(window.duration, `${field}.duration`);
  const durationMs = addDuration(SAMPLE_FROM, length).getTime() - SAMPLE_FROM.getTime();
  const { pattern, shown } = readSchedule(window, field);
  let schedule: Cron;
  try {
    schedule = new Cron(pattern, {
      timezone: timeZone,
      mode: "5-part",
      // Lists and ranges of fixed times ("30 2,14 * * *") follow the fixed-time DST rule too.
      fixedTimeRule: "no-wildcard",
      paused: true,
    });
  } catch (err) {
    throw new InputError(
      `${field}.cron`,
      `"${String(window.cron)}" is not a 5-field cron expression (minute hour day-of-month month day-of-week, such as "0 2 * * 1-5"): ${err instanceof Error ? err.message : String(err)}.`,
    );
  }
  return {
    schedule,
    durationMs,
    timeZone,
    description: `${shown} for ${String(window.duration).trim()} (${timeZone})`,
  };
}

/**
 * The problem with a window, or undefined when it is usable: the checks of
 * {@link parseRotationWindow}, plus that it opens at all and that each opening closes before the
 * next one (as AWS requires of `Duration`), measured over a year with its DST changes.
 */
export function rotationWindowProblem(value: unknown, field = DEFAULT_FIELD): string | undefined {
  if (value !== null && typeof value === "object" && containsUnknown(value)) return undefined;
  try {
    const window = parseRotationWindow(value, field);
    const gap = shortestGap(window);
    if (!gap) {
      return `${field}: ${window.description} never opens (no date matches it); use a schedule that occurs, such as "0 2 * * 6".`;
    }
    if (window.durationMs > gap.ms) {
      return `${field}.duration: ${window.description} stays open longer than the ${formatMs(gap.ms)} between two openings (${gap.at.toISOString()} and the one before), so windows would run into each other; use a duration of at most ${formatMs(gap.ms)}.`;
    }
    return undefined;
  } catch (err) {
    if (err instanceof InputError) return err.message;
    throw err;
  }
}

/** The window open at `instant`, as its opening and closing instants; undefined when closed. */
export function openWindowAt(
  window: ParsedRotationWindow,
  instant: Date,
): { opensAt: Date; closesAt: Date } | undefined {
  // An opening that contains `instant` lies in (instant - duration, instant].
  const opening = window.schedule.nextRun(new Date(instant.getTime() - window.durationMs));
  if (!opening || opening.getTime() > instant.getTime()) return undefined;
  return { opensAt: opening, closesAt: new Date(opening.getTime() + window.durationMs) };
}

/** The first window opening strictly after `instant`; undefined when the window never opens. */
export function nextWindowOpening(window: ParsedRotationWindow, instant: Date): Date | undefined {
  return window.schedule.nextRun(instant) ?? undefined;
}

/**
 * The first instant at or after `dueAt` at which the window is open: `dueAt` itself when a window
 * is open then, else the next opening. Overdue counts from here.
 */
export function firstOpenAtOrAfter(window: ParsedRotationWindow, dueAt: Date): Date | undefined {
  return openWindowAt(window, dueAt) ? dueAt : nextWindowOpening(window, dueAt);
}

function readTimeZone(value: unknown, field: string): string {
  if (value === undefined || value === null) return "UTC";
  if (typeof value !== "string" || !IANAZone.isValidZone(value)) {
    throw new InputError(
      field,
      `${describeValue(value)} is not an IANA time zone; use a name such as "Europe/Berlin", "America/New_York" or "UTC" (omit it for UTC).`,
    );
  }
  return value;
}

function readSchedule(
  window: Record<string, unknown>,
  field: string,
): { pattern: string; shown: string } {
  const hasCron = window.cron !== undefined && window.cron !== null;
  const hasStart = window.startTime !== undefined && window.startTime !== null;
  if (hasCron && (hasStart || window.daysOfWeek !== undefined)) {
    throw new InputError(
      field,
      "give either cron, or startTime (with daysOfWeek), not both: a cron expression already says the days and the time.",
    );
  }
  if (hasCron) {
    if (typeof window.cron !== "string" || window.cron.trim() === "") {
      throw new InputError(
        `${field}.cron`,
        `expected a 5-field cron expression such as "0 2 * * 1-5", got ${describeValue(window.cron)}.`,
      );
    }
    const pattern = window.cron.trim().replace(/\s+/g, " ");
    return { pattern, shown: `cron "${pattern}"` };
  }
  if (!hasStart) {
    throw new InputError(field, `needs startTime ("HH:MM") or cron; expected ${SHAPE}.`);
  }
  const match = typeof window.startTime === "string" ? TIME.exec(window.startTime) : null;
  if (!match) {
    throw new InputError(
      `${field}.startTime`,
      `expected a 24-hour local time "HH:MM" such as "02:30", got ${describeValue(window.startTime)}.`,
    );
  }
  const days = readDays(window.daysOfWeek, `${field}.daysOfWeek`);
  const dayField = days ? days.join(",") : "*";
  const shownDays = days
    ? `${days.map((d) => capitalize(DAYS[d] as string)).join(",")} `
    : "daily ";
  return {
    pattern: `${Number(match[2])} ${Number(match[1])} * * ${dayField}`,
    shown: `${shownDays}${window.startTime as string}`,
  };
}

function readDays(value: unknown, field: string): number[] | undefined {
  if (value === undefined || value === null) return undefined;
  const hint = `use a list such as ["Sat", "Sun"] (Mon, Tue, Wed, Thu, Fri, Sat, Sun, or full names), or omit it for every day`;
  if (!Array.isArray(value) || value.length === 0) {
    throw new InputError(
      field,
      `expected a non-empty list of days, got ${describeValue(value)}; ${hint}.`,
    );
  }
  const days = value.map((day) => {
    const name = typeof day === "string" ? day.trim().toLowerCase() : "";
    const index = Math.max(DAYS.indexOf(name as (typeof DAYS)[number]), FULL_DAYS.indexOf(name));
    if (index < 0)
      throw new InputError(field, `${describeValue(day)} is not a day of the week; ${hint}.`);
    return index;
  });
  const repeated = days.find((day, i) => days.indexOf(day) !== i);
  if (repeated !== undefined) {
    throw new InputError(
      field,
      `lists ${capitalize(DAYS[repeated] as string)} twice; name each day once.`,
    );
  }
  return [...days].sort((a, b) => a - b);
}

/**
 * The shortest time between two openings: sampled from a fixed instant over a year (at most
 * {@link SAMPLE_MAX} openings), and across each change of the zone's UTC offset in that year, where
 * DST makes a day shorter.
 */
function shortestGap(window: ParsedRotationWindow): { ms: number; at: Date } | undefined {
  // A rare schedule (29 February) is looked for over the following years.
  if (!window.schedule.nextRun(SAMPLE_FROM)) return undefined;
  const spans: Array<[Date, number]> = [
    [SAMPLE_FROM, SAMPLE_FROM.getTime() + SAMPLE_DAYS * DAY_MS],
    ...offsetChanges(window.timeZone).map((change): [Date, number] => [
      new Date(change - 2 * DAY_MS),
      change + 2 * DAY_MS,
    ]),
  ];
  let best: { ms: number; at: Date } | undefined;
  for (const [start, until] of spans) {
    let previous = window.schedule.nextRun(start);
    for (let i = 0; previous && i < SAMPLE_MAX; i++) {
      const next = window.schedule.nextRun(previous);
      if (!next) break;
      const ms = next.getTime() - previous.getTime();
      if (!best || ms < best.ms) best = { ms, at: next };
      if (next.getTime() > until) break;
      previous = next;
    }
  }
  return best;
}

/** The instants (to the day) at which the zone's UTC offset changes in the sampled year. */
function offsetChanges(timeZone: string): number[] {
  const zone = IANAZone.create(timeZone);
  const changes: number[] = [];
  let offset = zone.offset(SAMPLE_FROM.getTime());
  for (
    let at = SAMPLE_FROM.getTime() + DAY_MS;
    at <= SAMPLE_FROM.getTime() + SAMPLE_DAYS * DAY_MS;
    at += DAY_MS
  ) {
    const next = zone.offset(at);
    if (next !== offset) changes.push(at);
    offset = next;
  }
  return changes;
}

/** A length as a duration the user can write back: "23h", "2d", or ISO "PT23H30M". */
function formatMs(ms: number): string {
  const minutes = Math.floor(ms / 60_000);
  if (minutes % 1440 === 0) return `${minutes / 1440}d`;
  if (minutes % 60 === 0) return `${minutes / 60}h`;
  return `PT${Math.floor(minutes / 60)}H${minutes % 60}M`.replace("PT0H", "PT");
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
