import type * as pulumi from "@pulumi/pulumi";
import type { AuditSubject } from "../audit/subject";
import type { CheckFailure } from "../check-failures";
import { isOverdue, withConnectionChange, type DiffDecision } from "../diff-helpers";
import { PartialStateError } from "../partial-state-error";
import type { RotationStatus } from "../rotation";
import { remediationHint } from "../sentry/outcome";
import { DEFAULT_OVERDUE_GRACE, type Connection, type ProviderDefaults } from "../settings";
import { containsUnknown, UNKNOWN } from "../unknown";
import { providerContext, type ProviderContext } from "./context";
import { withDetailedDiff } from "./detailed-diff-bridge";

/** The pure and I/O parts of one resource kind, from which its host-facing provider is made. */
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

/**
 * The provider the host calls for one resource kind: plain values in and out, the context (token,
 * clock) looked up at call time so nothing secret is ever captured in the serialized closure.
 * Failures of create, update and delete are recorded in the audit trail with their fix.
 */
export function hostProvider<Inputs, Outputs>(ops: ResourceOperations<Inputs, Outputs>) {
  // Each call reaches the Sentry of the resource's own connection, if it states one.
  const audited = <T>(
    props: Partial<Outputs> | Inputs,
    step: (ctx: ProviderContext) => Promise<T>,
    via: unknown = props,
  ) => runAudited(ops, props, step, connectionOf(via));
  const reaching = (props: unknown) => providerContext().withConnection(connectionOf(props));
  return {
    async check(
      olds: Record<string, unknown>,
      news: Record<string, unknown>,
    ): Promise<pulumi.dynamic.CheckResult> {
      const connection = connectionOf(news);
      // A connection not known until apply: its organization is not known either.
      const defaults = containsUnknown(connection)
        ? { organization: UNKNOWN }
        : reaching(news).settings;
      return ops.check(olds ?? {}, news, defaults);
    },
    async diff(id: string, olds: Outputs, news: Inputs): Promise<pulumi.dynamic.DiffResult> {
      const ctx = providerContext();
      const now = ctx.clock().now();
      const decision = withConnectionChange(
        ops.diff(olds, news, now),
        { ...(olds as Record<string, unknown>) },
        { ...(news as Record<string, unknown>) },
        ctx.settings.url,
      );
      for (const reason of decision.reasons) ctx.log(`${ops.describe(id, olds)}: ${reason}`);
      const subject = ops.subject?.(olds);
      if (subject?.urn && decision.reason)
        ctx.run.recordRotationReason(subject.urn, decision.reason);
      await reportOverdue(ctx, ops, olds, news, now);
      // Rotation is create-before-delete: the new key exists before the old one goes (unless the
      // old resource holds no usable key, see DiffDecision).
      return withDetailedDiff(
        {
          changes: decision.changes,
          replaces: decision.replaces,
          deleteBeforeReplace: decision.deleteBeforeReplace ?? false,
        },
        decision.detailedDiff,
      );
    },
    create: (inputs: Inputs) =>
      audited(inputs, (ctx) => ops.create(ctx, inputs)).catch(keepProvider(inputs)),
    read: (id: string, props: Partial<Outputs>) => ops.read(reaching(props), id, props),
    async update(id: string, olds: Outputs, news: Inputs): Promise<pulumi.dynamic.UpdateResult> {
      // An update reaches Sentry with the new inputs' connection (a replaced token is the new one).
      const outs = await audited(olds, (ctx) => ops.update(ctx, id, olds, news), news).catch(
        keepProvider(news),
      );
      return { outs };
    },
    delete: (id: string, props: Partial<Outputs>) =>
      audited(props, (ctx) => ops.delete(ctx, id, props)),
  };
}

/** The resource's own connection (inputs or state), if it states one. */
function connectionOf(props: unknown): Connection | undefined {
  return (props as { connection?: Connection } | undefined)?.connection;
}

async function runAudited<Inputs, Outputs, T>(
  ops: ResourceOperations<Inputs, Outputs>,
  props: Partial<Outputs> | Inputs,
  step: (ctx: ProviderContext) => Promise<T>,
  connection: Connection | undefined,
): Promise<T> {
  const ctx = providerContext().withConnection(connection);
  try {
    return await step(ctx);
  } catch (err) {
    const subject = ops.subject?.(props);
    if (subject) {
      await ctx.audit.record({
        ...subject,
        action: "failed",
        detail: err instanceof Error ? err.message : String(err),
        ...(remediationHint(err) ? { hint: remediationHint(err) } : {}),
      });
    }
    throw err;
  }
}

const PROVIDER_KEY = "__provider";

/**
 * The engine stores a partial failure's properties as the resource's outputs, and Read and Delete
 * run the `__provider` found there: like the host does for a success, keep the one of the inputs.
 */
function keepProvider(inputs: unknown): (err: unknown) => never {
  return (err) => {
    const provider = (inputs as Record<string, unknown> | undefined)?.[PROVIDER_KEY];
    if (err instanceof PartialStateError && typeof provider === "string") {
      throw new PartialStateError(
        err.id,
        { ...err.properties, [PROVIDER_KEY]: provider },
        err.cause,
      );
    }
    throw err;
  };
}

async function reportOverdue<Inputs, Outputs>(
  ctx: ProviderContext,
  ops: ResourceOperations<Inputs, Outputs>,
  olds: Outputs,
  news: Inputs,
  now: Date,
): Promise<void> {
  const rotation = ops.rotation?.(olds, news, now);
  const subject = ops.subject?.(olds);
  const grace = ctx.settings.overdueGrace ?? DEFAULT_OVERDUE_GRACE;
  if (!subject || !rotation || !isOverdue(rotation, grace, now)) return;
  // Reported once per run and key: the rotation did not happen in time.
  if (!ctx.run.firstOverdueReport(subject.urn ?? JSON.stringify(subject))) return;
  await ctx.audit.record({
    ...subject,
    action: "overdue",
    detail: `due since ${rotation.rotateAt}, more than ${grace} ago: the scheduled \`pulumi up\` has not rotated it`,
    hint: "check that the scheduled rotation job runs and succeeds; `pulumi up` rotates it now",
  });
}
