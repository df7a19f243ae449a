/**
 * One resource kind's operations, and the steps every front door runs them through. The dynamic
 * provider (`hostProvider`, in the Pulumi dynamic-provider host) and the plugin (plugin/) are two
 * front doors on these same steps: each passes its own context (the dynamic host's process-wide
 * one, or the plugin's per-provider-instance one), and each step reaches the Sentry of the
 * resource's own `connection` when it states one (`ProviderContext.withConnection`).
 */
import type * as pulumi from "@pulumi/pulumi";
import type { AuditSubject } from "../audit/subject";
import type { CheckFailure } from "../check-failures";
import { isOverdue, withConnectionChange, type DiffDecision } from "../diff-helpers";
import type { RotationStatus } from "../rotation";
import { remediationHint } from "../sentry/outcome";
import { DEFAULT_OVERDUE_GRACE, type Connection, type ProviderDefaults } from "../settings";
import { containsUnknown, UNKNOWN } from "../unknown";
import type { ProviderContext } from "./context";

/** The pure and I/O parts of one resource kind, from which each front door is made. */
export interface ResourceOperations<Inputs, Outputs> {
  /** How the log names one resource, e.g. `client key <id>`. */
  describe(id: string, olds: Partial<Outputs>): string;
  /** Who audit events are about; absent for resources that hold no key (files). */
  subject?(props: Partial<Outputs> | Inputs): AuditSubject;
  /** The key's rotation state at `now` under the new inputs, for overdue reports. */
  rotation?(olds: Outputs, news: Inputs, now: Date): RotationStatus | undefined;
  check(
    olds: Record<string, unknown>,
    news: Record<string, unknown>,
    defaults: ProviderDefaults,
  ): { inputs: Inputs; failures: CheckFailure[] };
  diff(olds: Outputs, news: Inputs, now: Date): DiffDecision;
  create(ctx: ProviderContext, inputs: Inputs): Promise<{ id: string; outs: Outputs }>;
  read(
    ctx: ProviderContext,
    id: string,
    props: Partial<Outputs>,
  ): Promise<pulumi.dynamic.ReadResult>;
  update(ctx: ProviderContext, id: string, olds: Outputs, news: Inputs): Promise<Outputs>;
  delete(ctx: ProviderContext, id: string, props: Partial<Outputs>): Promise<void>;
}

/** The resource's own connection (inputs or state), if it states one. */
export function connectionOf(props: unknown): Connection | undefined {
  return (props as { connection?: Connection } | undefined)?.connection;
}

/**
 * The check step: the kind's rules with the defaults of the Sentry the resource reaches (its own
 * connection's, else the front door's). A connection not known until apply: its organization is
 * not known either.
 */
export function checkStep<Inputs, Outputs>(
  ctx: ProviderContext,
  ops: ResourceOperations<Inputs, Outputs>,
  olds: Record<string, unknown>,
  news: Record<string, unknown>,
): { inputs: Inputs; failures: CheckFailure[] } {
  const connection = connectionOf(news);
  const defaults = containsUnknown(connection)
    ? { organization: UNKNOWN }
    : ctx.withConnection(connection).settings;
  return ops.check(olds ?? {}, news, defaults);
}

/**
 * The diff step: the kind's pure decision at the context's now with what a change of the
 * resource's `connection` adds (`withConnectionChange`), its reasons logged, the rotation reason
 * remembered for create and delete of this run, and a key waiting for its window or overdue
 * reported.
 */
export async function diffStep<Inputs, Outputs>(
  ctx: ProviderContext,
  ops: ResourceOperations<Inputs, Outputs>,
  id: string,
  olds: Outputs,
  news: Inputs,
): Promise<DiffDecision> {
  const now = ctx.clock().now();
  const decision = withConnectionChange(
    ops.diff(olds, news, now),
    { ...(olds as Record<string, unknown>) },
    { ...(news as Record<string, unknown>) },
    ctx.settings.url,
  );
  for (const reason of decision.reasons) ctx.log(`${ops.describe(id, olds)}: ${reason}`);
  const subject = ops.subject?.(olds);
  if (subject?.urn && decision.reason) ctx.run.recordRotationReason(subject.urn, decision.reason);
  await reportRotationState(ctx, ops, olds, news, now);
  return decision;
}

/** The read step (refresh, import): through the connection the state records, if any. */
export function readStep<Inputs, Outputs>(
  ctx: ProviderContext,
  ops: ResourceOperations<Inputs, Outputs>,
  id: string,
  props: Partial<Outputs>,
): Promise<pulumi.dynamic.ReadResult> {
  return ops.read(ctx.withConnection(connectionOf(props)), id, props);
}

/**
 * Runs a create, update or delete step in the context of the connection `via` states (the
 * resource's props by default; an update passes the new inputs, so a replaced token is the new
 * one); a failure is recorded in the audit trail with its fix.
 */
export async function auditedStep<Inputs, Outputs, T>(
  ctx: ProviderContext,
  ops: ResourceOperations<Inputs, Outputs>,
  props: Partial<Outputs> | Inputs,
  step: (ctx: ProviderContext) => Promise<T>,
  via: unknown = props,
): Promise<T> {
  const reaching = ctx.withConnection(connectionOf(via));
  try {
    return await step(reaching);
  } catch (err) {
    const subject = ops.subject?.(props);
    if (subject) {
      await reaching.audit.record({
        ...subject,
        action: "failed",
        detail: err instanceof Error ? err.message : String(err),
        ...(remediationHint(err) ? { hint: remediationHint(err) } : {}),
      });
    }
    throw err;
  }
}

// A due key that waits for its window, and a key past its rotation plus the grace, are recorded.
async function reportRotationState<Inputs, Outputs>(
  ctx: ProviderContext,
  ops: ResourceOperations<Inputs, Outputs>,
  olds: Outputs,
  news: Inputs,
  now: Date,
): Promise<void> {
  const rotation = ops.rotation?.(olds, news, now);
  const subject = ops.subject?.(olds);
  if (!subject || !rotation) return;
  const key = subject.urn ?? JSON.stringify(subject);
  if (rotation.waitsForWindowAt && ctx.run.firstWindowWaitReport(key)) {
    await ctx.audit.record({
      ...subject,
      action: "waiting-for-window",
      reason: "expired",
      windowOpensAt: rotation.waitsForWindowAt,
      detail: `due since ${rotation.rotateAt}; rotationWindow ${rotation.window ?? ""} is closed: it rotates on the first \`pulumi up\` after ${rotation.waitsForWindowAt}`,
    });
  }
  const grace = ctx.settings.overdueGrace ?? DEFAULT_OVERDUE_GRACE;
  if (!isOverdue(rotation, grace, now)) return;
  // Reported once per run and key: the rotation did not happen in time.
  if (!ctx.run.firstOverdueReport(key)) return;
  await ctx.audit.record({
    ...subject,
    action: "overdue",
    detail: `due since ${rotation.rotatableAt}${sinceWindow(rotation)}, more than ${grace} ago: the scheduled \`pulumi up\` has not rotated it`,
    hint: "check that the scheduled rotation job runs and succeeds; `pulumi up` rotates it now",
  });
}

// With a window, overdue counts from the first opening after the due date: say so.
function sinceWindow(rotation: RotationStatus): string {
  return rotation.rotatableAt === rotation.rotateAt
    ? ""
    : ` (the first rotationWindow opening after rotateAt ${rotation.rotateAt})`;
}
