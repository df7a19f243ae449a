/**
 * Cron monitor check-ins, as Relay and Sentry read them: an envelope's `check_in` item, or the
 * DSN cron endpoint's query string or JSON body. A check-in with a `monitor_config` creates or
 * updates its monitor; one without config for an unknown monitor is dropped, as Sentry drops it.
 * Pure: validation and the monitor book's update.
 */

/** A check-in's status as an SDK sends it (`missed` and `timeout` are Sentry's own). */
export type CheckInStatus = "in_progress" | "ok" | "error";

/** A monitor's schedule: a crontab line, or every `value` `unit`s. */
export type MonitorSchedule =
  { type: "crontab"; value: string } | { type: "interval"; value: number; unit: IntervalUnit };

const INTERVAL_UNITS = ["year", "month", "week", "day", "hour", "minute"] as const;
/** The units of an interval schedule. */
export type IntervalUnit = (typeof INTERVAL_UNITS)[number];

/** A `monitor_config`: what creates (or updates) the monitor. */
export interface MonitorConfig {
  schedule: MonitorSchedule;
  /** Minutes after the expected time before a missing check-in counts as missed (default 1). */
  checkinMargin?: number;
  /** Minutes an in-progress check-in may last before it times out (default 30). */
  maxRuntime?: number;
  timezone?: string;
  failureIssueThreshold?: number;
  recoveryThreshold?: number;
  owner?: string;
}

/** One check-in the sandbox received (in arrival order). */
export interface CheckInRecord {
  /** 32 hex; the nil id (all zeros) names the monitor's latest in-progress check-in. */
  checkInId: string;
  monitorSlug: string;
  status: CheckInStatus;
  environment: string;
  /** Seconds, when the sender measured it. */
  duration?: number;
  monitorConfig?: MonitorConfig;
  projectId: number;
  publicKey: string;
  /** How it arrived. */
  via: "envelope" | "cron-endpoint";
  receivedAt: string;
  /** Accepted, or dropped with the reason (an envelope is still answered 200, as Relay does). */
  outcome: "accepted" | "dropped";
  reason?: string;
}

/** A monitor as check-ins made it. */
export interface MonitorRecord {
  projectId: number;
  slug: string;
  config: MonitorConfig;
  /** Environments it has check-ins from, with the status of the latest check-in of each. */
  environments: Record<string, { lastStatus: CheckInStatus; lastCheckInId: string }>;
}

const NIL_ID = "0".repeat(32);
const MINUTES_MAX = 40_320;
const THRESHOLD_MAX = 720;

type Parsed<T> = { ok: true; value: T } | { ok: false; reason: string };
const fail = (reason: string): { ok: false; reason: string } => ({ ok: false, reason });

/** The check-in fields as sent (envelope item, JSON body, or the query string read as one). */
export type CheckInInput = Record<string, unknown>;

/** Validates a check-in; the slug of the cron endpoint's path wins over the body's. */
export function parseCheckIn(
  input: CheckInInput,
  slugFromPath?: string,
): Parsed<Omit<CheckInRecord, "projectId" | "publicKey" | "via" | "receivedAt" | "outcome">> {
  const slug = String(slugFromPath ?? input.monitor_slug ?? "").slice(0, 50);
  if (slug.trim() === "") return fail("monitor_slug is empty");
  const id = String(input.check_in_id ?? "")
    .replace(/-/g, "")
    .toLowerCase();
  if (!/^[0-9a-f]{32}$/.test(id)) return fail("check_in_id is not a UUID");
  const status = input.status;
  if (status !== "in_progress" && status !== "ok" && status !== "error") {
    return fail(`status ${JSON.stringify(status)} is not in_progress, ok or error`);
  }
  const environment = input.environment === undefined ? "production" : String(input.environment);
  if (environment.length > 64) return fail("environment is longer than 64 characters");
  let duration: number | undefined;
  if (input.duration !== undefined && input.duration !== null) {
    duration = Number(input.duration);
    if (!Number.isFinite(duration) || duration < 0)
      return fail("duration is not a number of seconds");
  }
  let monitorConfig: MonitorConfig | undefined;
  if (input.monitor_config !== undefined && input.monitor_config !== null) {
    const config = parseMonitorConfig(input.monitor_config);
    if (!config.ok) return config;
    monitorConfig = config.value;
  }
  return {
    ok: true,
    value: {
      checkInId: id,
      monitorSlug: slug,
      status,
      environment,
      ...(duration === undefined ? {} : { duration }),
      ...(monitorConfig ? { monitorConfig } : {}),
    },
  };
}

function parseMonitorConfig(value: unknown): Parsed<MonitorConfig> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return fail("monitor_config is not an object");
  }
  const config = value as Record<string, unknown>;
  const schedule = parseSchedule(config.schedule);
  if (!schedule.ok) return schedule;
  const out: MonitorConfig = { schedule: schedule.value };
  const minutes = [
    ["checkin_margin", "checkinMargin", MINUTES_MAX],
    ["max_runtime", "maxRuntime", MINUTES_MAX],
    ["failure_issue_threshold", "failureIssueThreshold", THRESHOLD_MAX],
    ["recovery_threshold", "recoveryThreshold", THRESHOLD_MAX],
  ] as const;
  for (const [field, name, max] of minutes) {
    const raw = config[field];
    if (raw === undefined || raw === null) continue;
    if (typeof raw !== "number" || !Number.isInteger(raw) || raw < 1 || raw > max) {
      return fail(`monitor_config.${field} must be a whole number from 1 to ${max}`);
    }
    out[name] = raw;
  }
  if (config.timezone !== undefined && config.timezone !== null) {
    if (typeof config.timezone !== "string" || !isTimeZone(config.timezone)) {
      return fail(`monitor_config.timezone ${JSON.stringify(config.timezone)} is not a tz name`);
    }
    out.timezone = config.timezone;
  }
  if (typeof config.owner === "string") out.owner = config.owner;
  return { ok: true, value: out };
}

function parseSchedule(value: unknown): Parsed<MonitorSchedule> {
  const schedule = (typeof value === "object" && value !== null ? value : {}) as Record<
    string,
    unknown
  >;
  if (schedule.type === "crontab") {
    const line = typeof schedule.value === "string" ? schedule.value.trim() : "";
    return line.split(/\s+/).length === 5
      ? { ok: true, value: { type: "crontab", value: line } }
      : fail("monitor_config.schedule.value is not a five-field crontab line");
  }
  if (schedule.type === "interval") {
    const every = schedule.value;
    const unit = schedule.unit as IntervalUnit;
    if (typeof every !== "number" || !Number.isInteger(every) || every < 1) {
      return fail("monitor_config.schedule.value must be a whole number of at least 1");
    }
    if (!INTERVAL_UNITS.includes(unit)) {
      return fail(`monitor_config.schedule.unit must be one of ${INTERVAL_UNITS.join(", ")}`);
    }
    return { ok: true, value: { type: "interval", value: every, unit } };
  }
  return fail('monitor_config.schedule.type must be "crontab" or "interval"');
}

function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/**
 * Applies an accepted check-in to the monitors of its project: a config creates or updates the
 * monitor; without one the monitor must exist. The nil id names the latest in-progress check-in.
 * Returns the reason when the check-in is dropped.
 */
export function applyCheckIn(
  monitors: MonitorRecord[],
  checkIn: Pick<
    CheckInRecord,
    "projectId" | "monitorSlug" | "environment" | "status" | "checkInId" | "monitorConfig"
  >,
): { dropped?: string; checkInId: string } {
  let monitor = monitors.find(
    (m) => m.projectId === checkIn.projectId && m.slug === checkIn.monitorSlug,
  );
  if (!monitor && !checkIn.monitorConfig) {
    return {
      dropped: `no monitor "${checkIn.monitorSlug}" and no monitor_config to create it`,
      checkInId: checkIn.checkInId,
    };
  }
  if (!monitor) {
    monitor = {
      projectId: checkIn.projectId,
      slug: checkIn.monitorSlug,
      config: checkIn.monitorConfig!,
      environments: {},
    };
    monitors.push(monitor);
  } else if (checkIn.monitorConfig) {
    monitor.config = checkIn.monitorConfig;
  }
  const previous = monitor.environments[checkIn.environment];
  let checkInId = checkIn.checkInId;
  if (checkInId === NIL_ID) {
    if (previous?.lastStatus !== "in_progress") {
      return { dropped: "the nil check_in_id names no in-progress check-in", checkInId };
    }
    checkInId = previous.lastCheckInId;
  }
  monitor.environments[checkIn.environment] = {
    lastStatus: checkIn.status,
    lastCheckInId: checkInId,
  };
  return { checkInId };
}

/**
 * The DSN cron endpoint's query string as check-in fields (`status`, `check_in_id`,
 * `environment`, `duration`); a missing id is a new check-in.
 */
export function checkInFromQuery(params: URLSearchParams, newId: () => string): CheckInInput {
  const input: CheckInInput = { check_in_id: params.get("check_in_id") ?? newId() };
  for (const name of ["status", "environment", "duration"]) {
    const value = params.get(name);
    if (value !== null) input[name] = value;
  }
  return input;
}
