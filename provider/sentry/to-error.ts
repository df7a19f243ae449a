/**
 * The one place where a failed attempt (an HTTP answer or a thrown axios error) becomes a
 * SentryApiError. Only plain facts cross over: the axios error, whose config carries the
 * Authorization header, is reduced to its code and a redacted message.
 */
import { flattenDetail, hintFor } from "./error-details";
import { SentryApiError } from "./errors";
import type { RetryDecision } from "./retry-policy";

/** Result of one attempt that did not succeed. */
export type FailedAttempt =
  | { kind: "network"; code: string; error: unknown }
  | { kind: "status"; status: number; body: unknown };

/** What the transport knows about the request being made. */
export interface RequestFacts {
  method: string;
  path: string;
  scope?: string;
  action?: string;
}

// Codes axios uses for "something went wrong" while the real cause sits in `error.cause.code`.
const GENERIC_AXIOS_CODES = new Set(["ERR_NETWORK", "ERR_BAD_RESPONSE", "ERR_BAD_REQUEST"]);

/** The network error code of a thrown error: ECONNRESET, ECONNREFUSED, ETIMEDOUT, ... */
export function networkErrorCode(error: unknown): string {
  const own = codeOf(error);
  const cause = codeOf((error as { cause?: unknown } | null)?.cause);
  if (own && !(GENERIC_AXIOS_CODES.has(own) && cause)) return own;
  if (cause) return cause;
  const message = error instanceof Error ? error.message : "";
  if (/socket hang up/i.test(message)) return "ECONNRESET";
  if (/timeout/i.test(message)) return "ETIMEDOUT";
  return "UNKNOWN";
}

function codeOf(value: unknown): string | undefined {
  const code = (value as { code?: unknown } | null | undefined)?.code;
  return typeof code === "string" && code ? code : undefined;
}

/** Converts the last failed attempt and the decision to give up into the error thrown to callers. */
export function toSentryApiError(args: {
  request: RequestFacts;
  failed: FailedAttempt;
  decision: Extract<RetryDecision, { retry: false }>;
  attempts: number;
  baseUrl: string;
  token: string;
}): SentryApiError {
  const { request, failed, decision, attempts, baseUrl, token } = args;
  const status = failed.kind === "status" ? failed.status : undefined;
  const code = failed.kind === "network" ? failed.code : undefined;
  const cause =
    failed.kind === "network" && failed.error instanceof Error ? failed.error : undefined;
  return new SentryApiError({
    method: request.method,
    path: request.path,
    status,
    code,
    detail:
      failed.kind === "status"
        ? flattenDetail(failed.body)
        : cause
          ? `${cause.message}`
          : undefined,
    hint: hintFor({
      status,
      code,
      scope: request.scope,
      action: request.action,
      baseUrl,
      maybeCommitted: decision.maybeCommitted,
    }),
    maybeCommitted: decision.maybeCommitted,
    retryable: decision.retryable,
    attempts,
    cause,
    secrets: [token],
  });
}
