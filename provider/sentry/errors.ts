/**
 * The one error type of the client (octokit request-error style). Built only from plain,
 * already-redacted values: it never holds the axios error, its config (which carries the
 * Authorization header), the request or the response, so no way of printing it can leak the token.
 */
import { redact } from "./redact";

/** What is known about a failed call. */
export interface SentryApiErrorInit {
  /** HTTP method. */
  method: string;
  /** URL path without query string. */
  path: string;
  /** HTTP status, absent for network failures. */
  status?: number;
  /** Sentry's `detail`, flattened to one line. */
  detail?: string;
  /** What to do about it. */
  hint?: string;
  /** Network error code (ECONNRESET, ETIMEDOUT, ...). */
  code?: string;
  /** The request changes state and may have been applied although it failed. */
  maybeCommitted?: boolean;
  /** The failure is transient: trying again later may succeed. */
  retryable?: boolean;
  /** Attempts made, including the last one. */
  attempts?: number;
  /** A sanitized description of the underlying failure. */
  cause?: Error;
  /** Strings to scrub from every text field besides the usual patterns (the client's token). */
  secrets?: readonly string[];
}

/** A failed Sentry API call: method, path, status, Sentry's detail and what to do about it. */
export class SentryApiError extends Error {
  override readonly name = "SentryApiError";
  /** HTTP method. */
  readonly method: string;
  /** URL path without query string. */
  readonly path: string;
  /** HTTP status, absent for network failures. */
  readonly status?: number;
  /** Sentry's `detail`, flattened to one line. */
  readonly detail?: string;
  /** Remediation: e.g. the scope a 403 needs, or how to replace an invalid token. */
  readonly hint?: string;
  /** Network error code (ECONNRESET, ETIMEDOUT, ...). */
  readonly code?: string;
  /** The request changes state and may have been applied: reconcile before trying again. */
  readonly maybeCommitted: boolean;
  /** The failure is transient (network, 5xx, 429): trying again later may succeed. */
  readonly retryable: boolean;
  /** Attempts made, including the last one. */
  readonly attempts: number;

  constructor(init: SentryApiErrorInit) {
    const secrets = init.secrets ?? [];
    const clean = (text: string | undefined) =>
      text === undefined ? undefined : redact(text, secrets);
    const fields = {
      method: init.method,
      path: clean(init.path) ?? "",
      status: init.status,
      detail: clean(init.detail),
      hint: clean(init.hint),
      code: init.code,
    };
    const cause = init.cause ? sanitizedCause(init.cause, secrets) : undefined;
    super(formatMessage(fields), cause ? { cause } : undefined);
    this.method = fields.method;
    this.path = fields.path;
    if (fields.status !== undefined) this.status = fields.status;
    if (fields.detail !== undefined) this.detail = fields.detail;
    if (fields.hint !== undefined) this.hint = fields.hint;
    if (fields.code !== undefined) this.code = fields.code;
    this.maybeCommitted = init.maybeCommitted ?? false;
    this.retryable = init.retryable ?? false;
    this.attempts = init.attempts ?? 1;
  }

  /** Plain fields for JSON and logs; no headers, no config, no token. */
  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      message: this.message,
      method: this.method,
      path: this.path,
      status: this.status,
      detail: this.detail,
      hint: this.hint,
      code: this.code,
      maybeCommitted: this.maybeCommitted,
      retryable: this.retryable,
      attempts: this.attempts,
    };
  }
}

/** True for errors thrown by this client. */
export function isSentryApiError(value: unknown): value is SentryApiError {
  return value instanceof SentryApiError;
}

function formatMessage(f: {
  method: string;
  path: string;
  status?: number;
  detail?: string;
  hint?: string;
  code?: string;
}): string {
  const outcome =
    f.status !== undefined ? `HTTP ${f.status}` : `network error ${f.code ?? "(unknown)"}`;
  const detail = f.detail ? `: ${f.detail}` : "";
  const hint = f.hint ? ` (${f.hint})` : "";
  return `Sentry API ${f.method} ${f.path} failed with ${outcome}${detail}${hint}`;
}

// A fresh Error with only a redacted message and the code: never the original object.
function sanitizedCause(original: Error, secrets: readonly string[]): Error {
  const cause = new Error(redact(original.message, secrets));
  cause.name = redact(original.name, secrets);
  const code = (original as { code?: unknown }).code;
  if (typeof code === "string") Object.assign(cause, { code });
  cause.stack = `${cause.name}: ${cause.message}`;
  return cause;
}
