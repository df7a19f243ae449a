/** What a failed call tells its caller: gone, maybe applied anyway, and what to do about it. */
import { SentryApiError } from "./errors";

/** True when Sentry answered 404: the object is gone (or never was). */
export function isNotFound(err: unknown): boolean {
  return err instanceof SentryApiError && err.status === 404;
}

/** True when a failed write may have been applied anyway (lost response, 5xx after commit). */
export function mayHaveBeenApplied(err: unknown): boolean {
  return err instanceof SentryApiError && err.maybeCommitted;
}

/** The remediation hint of a Sentry API failure, also when it is the cause of another error. */
export function remediationHint(err: unknown): string | undefined {
  for (let e: unknown = err, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    if (e instanceof SentryApiError && e.hint) return e.hint;
  }
  return undefined;
}
