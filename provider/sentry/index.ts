/**
 * Public API of the Sentry client: `createSentryClient`, its options, the error type, the Sentry
 * object types, and the pure helpers (DSNs, redaction, retry and pacing maths, Link parsing).
 */
export { createSentryClient, type SentryClient } from "./client";
export type { ClientKeysApi, ListClientKeysOptions } from "./client-keys";
export { collect } from "./client-keys";
export type { OrgAuthTokensApi } from "./org-auth-tokens";
export type { ProjectsApi } from "./projects";
export {
  DEFAULT_BASE_URL,
  DEFAULT_CLIENT_OPTIONS,
  resolveClientOptions,
  normalizeBaseUrl,
  type ClientEvent,
  type ResolvedClientOptions,
  type SentryClientOptions,
} from "./options";
export { SentryApiError, isSentryApiError, type SentryApiErrorInit } from "./errors";
export { flattenDetail, hintFor } from "./error-details";
export { REDACTED, redact, containsSecret } from "./redact";
export { parseDsn, formatDsn, publicDsn, type DsnParts } from "./dsn";
export { DSN_FORMS, pickDsnForms, type DsnForm } from "./dsn-forms";
export {
  DEFAULT_RETRY_OPTIONS,
  DO_NOT_RETRY_STATUSES,
  NOT_SENT_CODES,
  TRANSIENT_CODES,
  backoffDelay,
  decideRetry,
  rateLimitResetDelay,
  retryAfterDelay,
  type AttemptCounts,
  type Failure,
  type HeaderLookup,
  type HttpMethod,
  type RetryDecision,
  type RetryOptions,
} from "./retry-policy";
export {
  DEFAULT_RATE_LIMIT_OPTIONS,
  delayBeforeNextRequest,
  observeResponse,
  planNextRequest,
  readRateLimitHeaders,
  reserveRequest,
  type RateLimitObservation,
  type RateLimitOptions,
  type RateLimitState,
} from "./rate-limit";
export { DEFAULT_MAX_CONCURRENCY } from "./concurrency";
export { parseLinkHeader, nextCursor, paginate, type LinkEntry } from "./pagination";
export type * from "./types";
