import type { AuditReason } from "../audit/event";
import type { AuditSubject } from "../audit/subject";
import type { ProviderContext } from "../runtime/context";
import { isNotFound } from "../sentry/outcome";
import { LIFECYCLE_ATTEMPTS } from "./attempts";

/** How one key is retired and how its retirement is seen. */
export interface Retirement {
  /** Who the audit events are about. */
  subject: AuditSubject;
  /** What is done: the audit action. */
  action: "deleted" | "deactivated";
  /** Why. */
  reason: AuditReason;
  /** More about why, for the audit trail (e.g. the usage that let it go). */
  detail?: string;
  /** Deletes, deactivates or revokes the key (a 404 counts as done). */
  remove(): Promise<void>;
  /** How Sentry shows the key retired (the audit detail), or undefined while it is still alive. */
  retiredAs(): Promise<string | undefined>;
  /** The error message when Sentry keeps showing it alive. */
  stillAlive: string;
}

/**
 * Retires a key and returns only once Sentry confirms it is gone or inactive; both steps go to the
 * audit trail.
 */
export async function retire(ctx: ProviderContext, retirement: Retirement): Promise<void> {
  const { subject } = retirement;
  try {
    await retirement.remove();
  } catch (err) {
    if (!isNotFound(err)) throw err;
  }
  await ctx.audit.record({
    ...subject,
    action: retirement.action,
    reason: retirement.reason,
    ...(retirement.detail ? { detail: retirement.detail } : {}),
  });
  for (let attempt = 1; attempt <= LIFECYCLE_ATTEMPTS.verify; attempt++) {
    const detail = await retirement.retiredAs();
    if (detail !== undefined) {
      await ctx.audit.record({ ...subject, action: "verified-dead", detail });
      return;
    }
    await ctx.sleep(LIFECYCLE_ATTEMPTS.verifyDelayMs * attempt);
  }
  throw new Error(retirement.stillAlive);
}
