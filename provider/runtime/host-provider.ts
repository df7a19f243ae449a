import type * as pulumi from "@pulumi/pulumi";
import type { AuditSubject } from "../audit/subject";
import { CheckFailure } from "../check-failures";
import { DiffDecision, isOverdue } from "../diff-helpers";
import { remediationHint } from "../sentry-errors";
import { DEFAULT_OVERDUE_GRACE, ProviderDefaults } from "../settings";
import { ProviderContext, providerContext } from "./context";

/** The pure and I/O parts of one resource kind, from which its host-facing provider is made. */
export interface ResourceOperations<Inputs, Outputs> {
  /** How the log names one resource, e.g. `client key <id>`. */
  describe(id: string, olds: Partial<Outputs>): string;
  /** Who audit events are about; absent for resources that hold no key (files). */
  subject?(props: Partial<Outputs> | Inputs): AuditSubject;
  /** When the key falls due under the new inputs, for overdue reports; absent when it never does. */
  rotateAt?(olds: Outputs, news: Inputs): string | undefined;
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
  const audited = <T>(
    props: Partial<Outputs> | Inputs,
    step: (ctx: ProviderContext) => Promise<T>,
  ) => runAudited(ops, props, step);
  return {
    async check(
      olds: Record<string, unknown>,
      news: Record<string, unknown>,
    ): Promise<pulumi.dynamic.CheckResult> {
      return ops.check(olds ?? {}, news, providerContext().settings);
    },
    async diff(id: string, olds: Outputs, news: Inputs): Promise<pulumi.dynamic.DiffResult> {
      const ctx = providerContext();
      const now = ctx.clock().now();
      const decision = ops.diff(olds, news, now);
      for (const reason of decision.reasons) ctx.log(`${ops.describe(id, olds)}: ${reason}`);
      const subject = ops.subject?.(olds);
      if (subject?.urn && decision.reason) ctx.reasons.set(subject.urn, decision.reason);
      await reportOverdue(ctx, ops, olds, news, now);
      // Rotation is create-before-delete: the new key exists before the old one goes.
      return { changes: decision.changes, replaces: decision.replaces, deleteBeforeReplace: false };
    },
    create: (inputs: Inputs) => audited(inputs, (ctx) => ops.create(ctx, inputs)),
    read: (id: string, props: Partial<Outputs>) => ops.read(providerContext(), id, props),
    async update(id: string, olds: Outputs, news: Inputs): Promise<pulumi.dynamic.UpdateResult> {
      return { outs: await audited(olds, (ctx) => ops.update(ctx, id, olds, news)) };
    },
    delete: (id: string, props: Partial<Outputs>) =>
      audited(props, (ctx) => ops.delete(ctx, id, props)),
  };
}

async function runAudited<Inputs, Outputs, T>(
  ops: ResourceOperations<Inputs, Outputs>,
  props: Partial<Outputs> | Inputs,
  step: (ctx: ProviderContext) => Promise<T>,
): Promise<T> {
  const ctx = providerContext();
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

// Reported once per provider host (one `pulumi up`) and key: the rotation did not happen in time.
const reportedOverdue = new Set<string>();

async function reportOverdue<Inputs, Outputs>(
  ctx: ProviderContext,
  ops: ResourceOperations<Inputs, Outputs>,
  olds: Outputs,
  news: Inputs,
  now: Date,
): Promise<void> {
  const due = ops.rotateAt?.(olds, news);
  const subject = ops.subject?.(olds);
  const grace = ctx.settings.overdueGrace ?? DEFAULT_OVERDUE_GRACE;
  if (!subject || !due || !isOverdue(due, grace, now)) return;
  const key = subject.urn ?? JSON.stringify(subject);
  if (reportedOverdue.has(key)) return;
  reportedOverdue.add(key);
  await ctx.audit.record({
    ...subject,
    action: "overdue",
    detail: `due since ${due}, more than ${grace} ago: the scheduled \`pulumi up\` has not rotated it`,
    hint: "check that the scheduled rotation job runs and succeeds; `pulumi up` rotates it now",
  });
}
