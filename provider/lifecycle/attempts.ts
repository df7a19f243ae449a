/**
 * How often each step of a key's life is tried, for every kind of key: the one place for these
 * numbers (the HTTP retries of a single call are the client's, in sentry/retry-policy.ts).
 */
export const LIFECYCLE_ATTEMPTS = {
  /** Creates tried when Sentry answers with a failure it may have applied anyway. */
  create: 3,
  /** Lookups after a delete, deactivation or revocation, until Sentry confirms it. */
  verify: 5,
  /** The wait before the n-th verification lookup is n times this. */
  verifyDelayMs: 500,
} as const;
