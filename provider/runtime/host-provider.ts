import type * as pulumi from "@pulumi/pulumi";
import { CheckFailure } from "../check-failures";
import { DiffDecision } from "../diff-helpers";
import { ProviderDefaults } from "../settings";
import { ProviderContext, providerContext } from "./context";

/** The pure and I/O parts of one resource kind, from which its host-facing provider is made. */
export interface ResourceOperations<Inputs, Outputs> {
  /** How the log names one resource, e.g. `client key <id>`. */
  describe(id: string, olds: Partial<Outputs>): string;
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
 */
export function hostProvider<Inputs, Outputs>(ops: ResourceOperations<Inputs, Outputs>) {
  return {
    async check(
      olds: Record<string, unknown>,
      news: Record<string, unknown>,
    ): Promise<pulumi.dynamic.CheckResult> {
      return ops.check(olds ?? {}, news, providerContext().settings);
    },
    async diff(id: string, olds: Outputs, news: Inputs): Promise<pulumi.dynamic.DiffResult> {
      const ctx = providerContext();
      const { changes, replaces, reasons } = ops.diff(olds, news, ctx.clock().now());
      for (const reason of reasons) ctx.log(`${ops.describe(id, olds)}: ${reason}`);
      // Rotation is create-before-delete: the new key exists before the old one goes.
      return { changes, replaces, deleteBeforeReplace: false };
    },
    create: (inputs: Inputs) => ops.create(providerContext(), inputs),
    read: (id: string, props: Partial<Outputs>) => ops.read(providerContext(), id, props),
    async update(id: string, olds: Outputs, news: Inputs): Promise<pulumi.dynamic.UpdateResult> {
      return { outs: await ops.update(providerContext(), id, olds, news) };
    },
    delete: (id: string, props: Partial<Outputs>) => ops.delete(providerContext(), id, props),
  };
}
