import { PartialStateError } from "../partial-state-error";

/**
 * A create Sentry may have applied, whose outcome could not be told (the lookup after it failed
 * too). `keyId` is the id the key would have, when the provider chose it (client keys); Sentry
 * picks org auth token ids, so a lost token is found by what is known of it instead.
 */
export class UnconfirmedCreateError extends Error {
  constructor(
    readonly keyId: string | undefined,
    cause: unknown,
    /** The message, when it says more than the cause's (what else failed). */
    message?: string,
  ) {
    super(message ?? (cause instanceof Error ? cause.message : String(cause)), { cause });
    this.name = "UnconfirmedCreateError";
  }
}

/** What the engine keeps of a resource whose create made progress: its id and state. */
export interface KeptState {
  id: string;
  state: Record<string, unknown>;
}

/**
 * Runs `step`; a create it could not confirm becomes a PartialStateError holding `keep(err)`, so
 * the engine records the key that may exist and the next run finds it, makes it, or retires it.
 */
export async function keepingUnconfirmed<T>(
  step: () => Promise<T>,
  keep: (err: UnconfirmedCreateError) => KeptState,
): Promise<T> {
  try {
    return await step();
  } catch (err) {
    if (!(err instanceof UnconfirmedCreateError)) throw err;
    const { id, state } = keep(err);
    throw new PartialStateError(id, state, err);
  }
}
