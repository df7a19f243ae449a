/**
 * Pure helpers that turn a failed answer into words: Sentry's `detail` flattened to one line, and a
 * remediation hint that says what to change.
 */
import { NOT_SENT_CODES } from "./retry-policy";

const MAX_DETAIL_LENGTH = 300;

/**
 * Flattens a DRF-shaped error body: `{"detail": "..."}`, `{"detail": ["..."]}`,
 * `{"detail": {"message", "code"}}`, field errors `{"name": ["..."]}` (nested too), or plain text.
 */
export function flattenDetail(body: unknown): string | undefined {
  const text = flatten(body, "");
  if (!text) return undefined;
  const oneLine = text.replace(/\s+/g, " ").trim();
  return oneLine.length > MAX_DETAIL_LENGTH
    ? `${oneLine.slice(0, MAX_DETAIL_LENGTH - 1)}…`
    : oneLine || undefined;
}

function flatten(value: unknown, field: string): string {
  const prefix = field ? `${field}: ` : "";
  if (value === null || value === undefined) return "";
  if (typeof value === "string") return value.trim() ? `${prefix}${value.trim()}` : "";
  if (typeof value === "number" || typeof value === "boolean") return `${prefix}${String(value)}`;
  if (Array.isArray(value)) {
    const parts = value.map((item) => flatten(item, "")).filter(Boolean);
    return parts.length ? `${prefix}${parts.join("; ")}` : "";
  }
  if (typeof value === "object") {
    const record = value as Record<string, unknown>;
    if ("detail" in record) return flatten(record.detail, field);
    if (typeof record.message === "string") {
      const code = typeof record.code === "string" ? ` (${record.code})` : "";
      return `${prefix}${record.message}${code}`;
    }
    const parts = Object.entries(record)
      .map(([key, item]) => flatten(item, field ? `${field}.${key}` : key))
      .filter(Boolean);
    return parts.join("; ");
  }
  return "";
}

/** Facts a hint is made of. */
export interface HintFacts {
  status?: number;
  code?: string;
  /** Scope the call needs (e.g. "project:admin"), for a 403. */
  scope?: string;
  /** What the call does, e.g. "deleting a client key". */
  action?: string;
  baseUrl: string;
  maybeCommitted: boolean;
}

/** One-sentence remediation for a failure, or undefined when there is nothing useful to say. */
export function hintFor(f: HintFacts): string | undefined {
  const doing = f.action ? ` for ${f.action}` : "";
  if (f.maybeCommitted) {
    const what =
      f.status !== undefined
        ? `Sentry answered HTTP ${f.status}`
        : "the connection failed after the request was sent";
    return `${what}, so the change may have been applied anyway: look for the result before trying again (the provider does this on the next \`pulumi up\`)`;
  }
  switch (f.status) {
    case 401:
      return "the token was rejected (invalid, expired or revoked): set SENTRY_AUTH_TOKEN or the sentry-rotation:authToken config to a valid token";
    case 403:
      return f.scope
        ? `the token lacks the scope ${f.scope} needed${doing}: use a user or internal-integration token with ${f.scope} (org auth tokens, sntrys_, only have org:ci)`
        : "the token lacks a scope this call needs: use a user or internal-integration token with the right scopes";
    case 404:
      return "check the organization slug, project slug and id (and that the token's owner can see them)";
    case 429:
      return "Sentry kept rate limiting this token: try again later or lower maxConcurrency";
    case undefined:
      return f.code && NOT_SENT_CODES.includes(f.code)
        ? `could not reach Sentry at ${f.baseUrl}: check SENTRY_URL and the network`
        : `the connection to Sentry at ${f.baseUrl} failed: try again later, and check proxies and timeoutMs if it persists`;
    default:
      if (f.status >= 300 && f.status < 400) {
        return "Sentry answered with a redirect, which the client does not follow with a token: set SENTRY_URL to the final address (scheme, host and path)";
      }
      return f.status >= 500 ? "Sentry failed to answer: try again later" : undefined;
  }
}
