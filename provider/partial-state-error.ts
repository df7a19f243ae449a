/**
 * The error the engine records as "done in part" (`ErrorResourceInitFailed`): it keeps the
 * resource in state with these properties (the progress made), so nothing is orphaned and the
 * next `pulumi up` updates the resource to finish the job.
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
