import type { FieldRule } from "./check-failures";
import { describeValue } from "./describe-value";
import { InputError } from "./input-error";
import { parseDuration, rotationWindowProblem } from "./rotation";
import { dsnFormsProblem } from "./sentry/dsn-forms";
import { nameProblem, rateLimitProblem } from "./sentry/key-fields";
import {
  allowedDomainsProblem,
  securityTokenHeaderProblem,
  securityTokenProblem,
} from "./sentry/project-fields";
import { containsUnknown, UNKNOWN } from "./unknown";

// Sentry's slug rule (lower-case letters, digits, "-" and "_"); numeric ids are accepted too.
const SLUG = /^[a-z0-9_-]{1,50}$/;
const BROWSER_SDK_VERSION = /^(latest|\d+\.x)$/;
/** Flags accepted in `dynamicSdkLoaderOptions`, as Sentry names them. */
export const LOADER_OPTION_NAMES = [
  "hasReplay",
  "hasPerformance",
  "hasDebug",
  "hasFeedback",
  "hasLogsAndMetrics",
] as const;

const show = describeValue;

/** Fails when the value is absent; otherwise applies `rule`. */
export const required =
  (rule: FieldRule): FieldRule =>
  (value) =>
    value === undefined || value === null ? "is required." : rule(value);

/** Passes when the value is absent; otherwise applies `rule`. */
export const optional =
  (rule: FieldRule): FieldRule =>
  (value) =>
    value === undefined || value === null ? undefined : rule(value);

/** An organization or project slug (or numeric id), as Sentry accepts in its URLs. */
export const slug: FieldRule = (value) =>
  typeof value === "string" && SLUG.test(value)
    ? undefined
    : `${show(value)} is not a Sentry slug: use lower-case letters, digits, "-" or "_" (at most 50), as in the URL sentry.io/organizations/<org>/projects/<project>/.`;

/** A non-blank name of at most `max` characters (the client checks the same). */
export const name =
  (max: number): FieldRule =>
  (value) =>
    nameProblem(value, max);

/** A rotation period such as "90d" or "P90D". */
export const duration: FieldRule = (value) => {
  try {
    parseDuration(value, "duration");
    return undefined;
  } catch (err) {
    if (err instanceof InputError) return err.problem;
    throw err;
  }
};

/**
 * A rotation window: days and start time, or a cron expression, with a duration and an IANA time
 * zone. The problem names the sub-field (`rotationWindow.timeZone: ...`).
 */
export const rotationWindow: FieldRule = (value) => {
  const problem = rotationWindowProblem(value);
  // checkFields puts the input name in front: "rotationWindow: timeZone: ..."
  return problem?.replace(/^rotationWindow(: |\.)/, "");
};

/** A boolean. */
export const boolean: FieldRule = (value) =>
  typeof value === "boolean" ? undefined : `must be true or false, got ${show(value)}.`;

/** One of a fixed set of strings. */
export const oneOf =
  (...choices: string[]): FieldRule =>
  (value) =>
    typeof value === "string" && choices.includes(value)
      ? undefined
      : `must be one of ${choices.map((c) => `"${c}"`).join(", ")}, got ${show(value)}.`;

/** A map of strings to strings: any change of a value forces a rotation. */
export const stringMap: FieldRule = (value) => {
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    return `must be a map of strings, such as { leakedOn: "2026-11-29" }, got ${show(value)}.`;
  }
  const bad = Object.entries(value).find(([, v]) => typeof v !== "string");
  return bad ? `value of "${bad[0]}" must be a string, got ${show(bad[1])}.` : undefined;
};

/** A list of DSN forms a key keeps (`dsnForms`); unknown entries pass during preview. */
export const dsnForms: FieldRule = (value) =>
  Array.isArray(value) && containsUnknown(value) ? undefined : dsnFormsProblem(value);

/** A client key rate limit: `{ window: seconds 1..86400, count: events >= 1 }` (the client checks the same). */
export const rateLimit: FieldRule = (value) =>
  value !== null && typeof value === "object" && !Array.isArray(value) && containsUnknown(value)
    ? undefined
    : rateLimitProblem(value);

/** A JavaScript loader SDK version as Sentry offers them: "latest" or "<major>.x". */
export const browserSdkVersion: FieldRule = (value) =>
  typeof value === "string" && BROWSER_SDK_VERSION.test(value)
    ? undefined
    : `must be "latest" or a major version such as "8.x", got ${show(value)}.`;

/** The JavaScript loader's feature flags. */
export const loaderOptions: FieldRule = (value) => {
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    return `must be an object of flags (${LOADER_OPTION_NAMES.join(", ")}), got ${show(value)}.`;
  }
  for (const [key, flag] of Object.entries(value)) {
    if (!(LOADER_OPTION_NAMES as readonly string[]).includes(key)) {
      return `has unknown flag "${key}"; known flags: ${LOADER_OPTION_NAMES.join(", ")}.`;
    }
    if (typeof flag !== "boolean" && !containsUnknown(flag)) {
      return `flag "${key}" must be true or false, got ${show(flag)}.`;
    }
  }
  return undefined;
};

/** The organization slug, which may also come from provider config or SENTRY_ORG. */
export const organization: FieldRule = (value) =>
  value === undefined || value === null
    ? "is required: set it on the resource (or its connection's organization), or once for the stack with `pulumi config set sentry-rotation:organization <slug>` (or SENTRY_ORG)."
    : slug(value);

/** A client key id: the 32-hex public key, as in the DSN `https://<keyId>@...`. */
export const keyId: FieldRule = (value) =>
  typeof value === "string" && /^[0-9a-f]{32}$/.test(value)
    ? undefined
    : `${show(value)} is not a client key id: use the key's 32-hex public key (the part before "@" in its DSN).`;

/** A project's allowed domains: a non-empty list of origin patterns (the client checks the same). */
export const allowedDomains: FieldRule = (value) =>
  Array.isArray(value) && value.some((item) => containsUnknown(item))
    ? undefined
    : allowedDomainsProblem(value);

/** A project's security token (a secret: the message never shows it). */
export const securityToken: FieldRule = (value) => securityTokenProblem(value);

/** The header Sentry sends the security token in. */
export const securityTokenHeader: FieldRule = (value) => securityTokenHeaderProblem(value);

/** The longest quiet period: Sentry's key stats page shows 30 days. */
const MAX_QUIET_DAYS = 30;

/**
 * A usage gate `{ quietPeriod, maxHold }` (defaults filled in by check): durations, the quiet
 * period from 1 hour (the stats are hourly) to 30 days.
 */
export const retirementGate: FieldRule = (value) => {
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    return `must be an object such as { quietPeriod: "24h", maxHold: "7d" }, got ${show(value)}.`;
  }
  const fields = value as Record<string, unknown>;
  const unknownField = Object.keys(fields).find((k) => k !== "quietPeriod" && k !== "maxHold");
  if (unknownField) {
    return `has unknown field "${unknownField}"; use quietPeriod and maxHold, e.g. { quietPeriod: "24h", maxHold: "7d" }.`;
  }
  for (const field of ["quietPeriod", "maxHold"] as const) {
    if (containsUnknown(fields[field])) continue;
    const problem = duration(fields[field]);
    if (problem) return `${field} ${problem}`;
  }
  if (containsUnknown(fields.quietPeriod)) return undefined;
  const quiet = parseDuration(fields.quietPeriod, "quietPeriod").shiftTo("hours").hours;
  if (quiet < 1 || quiet > MAX_QUIET_DAYS * 24) {
    return `quietPeriod "${String(fields.quietPeriod)}" must be from "1h" to "${MAX_QUIET_DAYS}d": Sentry's key stats are hourly, and its key page looks back ${MAX_QUIET_DAYS} days.`;
  }
  return undefined;
};

/** The emergency revoke marker: non-blank text (it acts when it changes). */
export const revokeMarker: FieldRule = (value) =>
  typeof value === "string" && value.trim() !== ""
    ? undefined
    : `must be non-blank text such as "2027-01-05T03:12Z leaked in a build log" (plain text: never the leaked value), got ${show(value)}; remove it to revoke nothing.`;
const CONNECTION_FIELDS = ["url", "organization", "authToken"];

/**
 * An explicit connection `{ url, organization?, authToken }`: an http(s) URL and a non-blank
 * token, both required (nothing falls back to the stack's, see `resolveConnection`). Messages show
 * the URL and organization, never the token.
 */
export const connection: FieldRule = (value) => {
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    return `must be { url, organization?, authToken }, got ${typeof value === "string" ? "a string" : show(value)}; pass the token as \`pulumi.secret(...)\` or \`config.requireSecret(...)\`.`;
  }
  const fields = value as Record<string, unknown>;
  const extra = Object.keys(fields).filter((key) => !CONNECTION_FIELDS.includes(key));
  if (extra.length > 0) {
    return `unknown field ${extra.map((key) => `"${key}"`).join(", ")}: a connection has url, organization and authToken only.`;
  }
  const { url, organization: org, authToken } = fields;
  if (url === undefined || url === null) {
    return "url is required: the Sentry base URL, e.g. https://sentry.io or your self-hosted Sentry's (a connection never uses the stack's URL).";
  }
  if (url !== UNKNOWN && !isHttpUrl(url)) {
    return `url ${show(url)} is not an http(s) URL: use the Sentry base URL, e.g. https://sentry.io.`;
  }
  if (authToken === undefined || authToken === null) {
    return "authToken is required: the API token for this Sentry, as a secret (`config.requireSecret(...)`); a connection never uses the stack's token.";
  }
  if (authToken !== UNKNOWN && (typeof authToken !== "string" || authToken.trim() === "")) {
    return "authToken must be a non-blank string (the API token for this Sentry).";
  }
  return org === undefined || org === null || org === UNKNOWN ? undefined : slug(org);
};

function isHttpUrl(value: unknown): boolean {
  if (typeof value !== "string") return false;
  try {
    const parsed = new URL(value);
    return parsed.protocol === "https:" || parsed.protocol === "http:";
  } catch {
    return false;
  }
}
