import { mayHaveBeenApplied } from "../sentry/outcome";
import { LIFECYCLE_ATTEMPTS } from "./attempts";

/** The two halves of a create that must not make a key twice. */
export interface CreateOnceSteps<Key> {
  /** One create request. */
  create(): Promise<Key>;
  /**
   * After a failure Sentry may have applied: the key it made (then it is kept), or undefined when
   * it made none or what it made was cleaned up (then the create is tried again). Throws
   * UnconfirmedCreateError when that cannot be told.
   */
  reconcile(failure: unknown): Promise<Key | undefined>;
}

/**
 * Creates a key without ever leaving a duplicate: a failure Sentry may have applied is reconciled
 * (even after the last attempt) before anything else happens; other failures are thrown as they are.
 */
export async function createOnce<Key>(steps: CreateOnceSteps<Key>): Promise<Key> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await steps.create();
    } catch (err) {
      if (!mayHaveBeenApplied(err)) throw err;
      const made = await steps.reconcile(err);
      if (made) return made;
      if (attempt >= LIFECYCLE_ATTEMPTS.create) throw err;
    }
  }
}
