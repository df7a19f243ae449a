import type { FieldRule } from "./check-failures";
import { describeValue } from "./describe-value";
import { InputError } from "./input-error";
import { parseDuration } from "./rotation";
import { nameProblem, rateLimitProblem } from "./sentry/key-fields";
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
