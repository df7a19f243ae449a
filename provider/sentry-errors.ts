import { SentryApiError } from "./sentry";

/** True when Sentry answered 404: the object is gone (or never was). */
export function isNotFound(err: unknown): boolean {
  return err instanceof SentryApiError && err.status === 404;
}

/** True when a failed write may have been applied anyway (lost response, 5xx after commit). */
export function mayHaveBeenApplied(err: unknown): boolean {
  return err instanceof SentryApiError && err.maybeCommitted;
}

/**
 * The error the engine records as "done in part": it keeps the resource in state with these
 * outputs (the progress made), so nothing is orphaned and the next `pulumi up` finishes the job.
 */
export class PartialStateError extends Error {
  constructor(
    readonly id: string,
    readonly properties: Record<string, unknown>,
    cause: unknown,
  ) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    // The cause is kept (the audit trail reads its remediation hint); it holds no secret.
    super(
      `${reason} (the progress made is saved in state; the next \`pulumi up\` finishes the job)`,
      { cause },
    );
    this.name = "PartialStateError";
  }

  /** The reasons the engine shows for the incomplete resource. */
  get reasons(): string[] {
    return [this.message];
  }
}

/** The remediation hint of a Sentry API failure, also when it is the cause of another error. */
export function remediationHint(err: unknown): string | undefined {
  for (let e: unknown = err, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    if (e instanceof SentryApiError && e.hint) return e.hint;
  }
  return undefined;
}
