import type * as pulumi from "@pulumi/pulumi";
import { PartialStateError } from "../partial-state-error";
import { providerContext, type ProviderContext } from "./context";
import { withDetailedDiff } from "./detailed-diff-bridge";
import { auditedStep, checkStep, diffStep, readStep, type ResourceOperations } from "./operations";

export type { ResourceOperations } from "./operations";

/**
 * The provider the dynamic-provider host calls for one resource kind: plain values in and out, the
 * context (token, clock) looked up at call time so nothing secret is ever captured in the
 * serialized closure. The steps themselves are front-door neutral (runtime/operations.ts),
 * including the choice of the resource's own connection for each call.
 */
export function hostProvider<Inputs, Outputs>(ops: ResourceOperations<Inputs, Outputs>) {
  const audited = <T>(
    props: Partial<Outputs> | Inputs,
    step: (ctx: ProviderContext) => Promise<T>,
    via: unknown = props,
  ) => auditedStep(providerContext(), ops, props, step, via);
  return {
    async check(
      olds: Record<string, unknown>,
      news: Record<string, unknown>,
    ): Promise<pulumi.dynamic.CheckResult> {
      return checkStep(providerContext(), ops, olds, news);
    },
    async diff(id: string, olds: Outputs, news: Inputs): Promise<pulumi.dynamic.DiffResult> {
      const decision = await diffStep(providerContext(), ops, id, olds, news);
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
    read: (id: string, props: Partial<Outputs>) => readStep(providerContext(), ops, id, props),
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
