import type { AuditReason } from "../audit/event";
import type { AuditSubject } from "../audit/subject";
import { PartialStateError } from "../partial-state-error";
import type { ProviderContext } from "../runtime/context";
import { keepingUnconfirmed, type KeptState, type UnconfirmedCreateError } from "./unconfirmed";

/** One key brought to life: made (or adopted), finished, each step audited. */
export interface Provisioning<Key> {
  /** Makes the key once (see createOnce), or finds the one to adopt. */
  make(): Promise<Key>;
  /** Whether `make` adopts an existing key rather than creating one. */
  adopts: boolean;
  /** Why the key is made, for the audit trail. */
  reason: AuditReason;
  /** Who the audit events are about. */
  subject(key: Key): AuditSubject;
  /** Applies what Sentry does not take on create; the key as Sentry then shows it. */
  finish(key: Key): Promise<Key>;
  /** The audit detail of the verified step. */
  verified(key: Key): string | undefined;
  /** What the engine keeps when the create could not be confirmed. */
  unconfirmed(err: UnconfirmedCreateError): KeptState;
  /** What the engine keeps when the key exists but finishing it failed. */
  unfinished(key: Key): KeptState;
}

/**
 * The one way a key is created, for every kind: create once (or adopt), record it, finish it,
 * record it verified. A fault after Sentry may have made the key never orphans it: the engine
 * keeps the state `unconfirmed` or `unfinished` describes, and the next run completes the job.
 */
export async function provision<Key>(ctx: ProviderContext, steps: Provisioning<Key>): Promise<Key> {
  const made = await keepingUnconfirmed(() => steps.make(), steps.unconfirmed);
  const subject = steps.subject(made);
  try {
    await ctx.audit.record({
      ...subject,
      action: steps.adopts ? "adopted" : "created",
      reason: steps.reason,
    });
    const finished = await steps.finish(made);
    const detail = steps.verified(finished);
    await ctx.audit.record({ ...subject, action: "verified", ...(detail ? { detail } : {}) });
    return finished;
  } catch (err) {
    const { id, state } = steps.unfinished(made);
    throw new PartialStateError(id, state, err);
  }
}
