/**
 * Retry policy as data plus one pure decision function (octokit plugin-retry style): the transport
 * describes what went wrong, `decideRetry` says whether and when to try again. No I/O, no clock:
 * `nowMs` and `random` are passed in, so the whole table is unit-tested.
 *
 * Non-idempotent requests (POST creates a key or a token): a retry after a failure that may have
 * been applied would create a duplicate (and for org tokens, another security e-mail to the owners).
 * So a POST is retried only when the failure proves Sentry did not process it:
 *  - the connection was never established (ECONNREFUSED, DNS failure, unreachable host), or
 *  - a 429 (the rate limiter answers before any handler runs).
 * Every other POST failure after the request may have reached Sentry (connection reset, timeout,
 * any 5xx including 502/503/504, which a proxy may return after the app committed) is thrown with
 * `maybeCommitted: true` and the caller reconciles (the provider lists keys to find the one it
 * meant to create). 4xx answers are Sentry's own refusal: not committed, never retried.
 */

/** Statuses that mean "the request itself is wrong": retrying cannot help. */
export const DO_NOT_RETRY_STATUSES: readonly number[] = [400, 401, 403, 404, 409, 410, 422];

/** Backoff policy for network errors and 5xx. */
export interface RetryOptions {
  /** Retries after the first attempt (network errors and 5xx). */
  retries: number;
  /** First backoff ceiling in ms; doubles per retry. */
  baseDelayMs: number;
  /** Cap of the backoff ceiling in ms. */
  maxDelayMs: number;
  /** "full": uniform in [0, ceiling] (AWS "full jitter"); "none": exactly the ceiling. */
  jitter: "full" | "none";
  /** Statuses never retried. */
  doNotRetry: readonly number[];
}

/** Defaults: 5 retries, 0.5 s doubling to 30 s, full jitter. */
export const DEFAULT_RETRY_OPTIONS: RetryOptions = {
  retries: 5,
  baseDelayMs: 500,
  maxDelayMs: 30_000,
  jitter: "full",
  doNotRetry: DO_NOT_RETRY_STATUSES,
};

/** The part of the rate-limit options that governs retrying a 429. */
export interface RateLimitRetryOptions {
  /** Retries after 429 (a separate budget: waiting for a reset is not a failure). */
  retries: number;
  /** Longest wait for a reset; a later reset fails the request instead of blocking. */
  maxWaitMs: number;
  /** Added to every wait for a reset, against clock skew and second rounding. */
  resetMarginMs: number;
}

/** Network error codes that prove the request never reached the server. */
export const NOT_SENT_CODES: readonly string[] = [
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
];

/** Network error codes worth retrying (the request may or may not have been processed). */
export const TRANSIENT_CODES: readonly string[] = [
  "ECONNRESET",
  "ETIMEDOUT",
  "ESOCKETTIMEDOUT",
  "ECONNABORTED",
  "EPIPE",
  "ERR_NETWORK",
  "EHOSTDOWN",
];

/** Response headers the policy reads (lower-case names). */
export type HeaderLookup = Readonly<Record<string, string | undefined>>;

/** HTTP methods the client uses. */
export type HttpMethod = "GET" | "POST" | "PUT" | "DELETE";

/** The request whose attempt failed. */
export interface FailedRequest {
  method: HttpMethod;
  /** Safe to repeat; default: every method but POST. */
  idempotent?: boolean;
}

/** What went wrong with one attempt. */
export type Failure = FailedRequest &
  ({ kind: "network"; code: string } | { kind: "status"; status: number; headers: HeaderLookup });

/** Attempts that failed so far, per budget. */
export interface AttemptCounts {
  /** Network errors and 5xx so far (including this one). */
  failures: number;
  /** 429 answers so far (including this one). */
  rateLimited: number;
}

/**
 * The answer: wait and retry, or give up. `retryable` says the failure is transient (trying again
 * later may help); `maybeCommitted` that a state-changing request may have been applied anyway.
 */
export type RetryDecision =
  | { retry: true; delayMs: number; reason: string }
  | { retry: false; reason: string; retryable: boolean; maybeCommitted: boolean };

/** Exponential backoff ceiling for the n-th retry (n >= 1), with full jitter when asked. */
export function backoffDelay(n: number, options: RetryOptions, random: () => number): number {
  const ceiling = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** Math.max(0, n - 1));
  return options.jitter === "full" ? Math.floor(random() * ceiling) : ceiling;
}

/** Milliseconds asked for by `Retry-After` (seconds or HTTP date), or undefined. */
export function retryAfterDelay(headers: HeaderLookup, nowMs: number): number | undefined {
  const value = headers["retry-after"]?.trim();
  if (!value) return undefined;
  const seconds = Number(value);
  const at = Number.isFinite(seconds) ? nowMs + seconds * 1000 : Date.parse(value);
  return Number.isFinite(at) ? Math.max(0, at - nowMs) : undefined;
}

/** Milliseconds until `X-Sentry-Rate-Limit-Reset` (epoch seconds), or undefined. */
export function rateLimitResetDelay(headers: HeaderLookup, nowMs: number): number | undefined {
  const value = headers["x-sentry-rate-limit-reset"]?.trim();
  const reset = Number(value);
  if (!value || !Number.isFinite(reset)) return undefined;
  return Math.max(0, reset * 1000 - nowMs);
}

function isIdempotent(request: FailedRequest): boolean {
  return request.idempotent ?? request.method !== "POST";
}

/** Decides whether the failed attempt is retried and after how long. Pure. */
export function decideRetry(
  attempts: AttemptCounts,
  failure: Failure,
  policy: { retry: RetryOptions; rateLimit: RateLimitRetryOptions },
  nowMs: number,
  random: () => number = Math.random,
): RetryDecision {
  const { retry, rateLimit } = policy;
  const idempotent = isIdempotent(failure);
  const changesState = failure.method !== "GET";
  const giveUp = (reason: string, retryable: boolean, unknownOutcome: boolean): RetryDecision => ({
    retry: false,
    reason,
    retryable,
    maybeCommitted: changesState && unknownOutcome,
  });

  if (failure.kind === "network") {
    const reason = failure.code;
    const notSent = NOT_SENT_CODES.includes(reason);
    if (!notSent && !TRANSIENT_CODES.includes(reason)) return giveUp(reason, false, !notSent);
    if (!idempotent && !notSent) return giveUp(reason, true, true);
    if (attempts.failures > retry.retries) return giveUp(reason, true, !notSent);
    return { retry: true, delayMs: backoffDelay(attempts.failures, retry, random), reason };
  }

  const { status, headers } = failure;
  const reason = String(status);
  if (status === 429) {
    // The rate limiter answers before any handler: safe to retry even a POST.
    if (attempts.rateLimited > rateLimit.retries) return giveUp(reason, true, false);
    const reset = rateLimitResetDelay(headers, nowMs);
    const after = retryAfterDelay(headers, nowMs);
    if (reset === undefined && after === undefined) {
      return { retry: true, delayMs: backoffDelay(attempts.rateLimited, retry, random), reason };
    }
    const delayMs = Math.max(reset ?? 0, after ?? 0) + rateLimit.resetMarginMs;
    if (delayMs > rateLimit.maxWaitMs) return giveUp(reason, true, false);
    return { retry: true, delayMs, reason };
  }
  if (status < 500 || retry.doNotRetry.includes(status)) return giveUp(reason, false, false);

  // 5xx: the request reached Sentry (or a proxy in front of it) and may have been applied.
  if (!idempotent || attempts.failures > retry.retries) return giveUp(reason, true, true);
  const backoff = backoffDelay(attempts.failures, retry, random);
  const after = retryAfterDelay(headers, nowMs);
  const delayMs = Math.max(backoff, after ?? 0);
  if (delayMs > Math.max(retry.maxDelayMs, rateLimit.maxWaitMs)) return giveUp(reason, true, true);
  return { retry: true, delayMs, reason };
}
