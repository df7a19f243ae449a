/**
 * The plugin's front door on the kinds' operations (runtime/operations.ts), the same steps the
 * dynamic provider runs: values arrive from the engine with their secrets wrapped and leave with
 * the kind's secret properties wrapped, so state keeps them encrypted whatever SDK registered the
 * resource. No `__provider` is ever stored: a resource moved here from the dynamic provider drops
 * it at its first update. A resource that states its own `connection` reaches that Sentry, as
 * with the dynamic provider (the shared steps choose the connection).
 */
import type { ProviderContext } from "../provider/runtime/context";
import {
  auditedStep,
  checkStep,
  diffStep,
  readStep,
  type ResourceOperations,
} from "../provider/runtime/operations";
import { PartialStateError } from "../provider/partial-state-error";
import { clientKeyOperations } from "../provider/resources/client-key/provider";
import { clientKeyPairOperations } from "../provider/resources/client-key-pair/provider";
import { dotenvFileOperations } from "../provider/resources/dotenv-file/provider";
import { orgAuthTokenOperations } from "../provider/resources/org-auth-token/provider";
import { projectSecurityOperations } from "../provider/resources/project-security/provider";
import { sinkReceiptOperations } from "../provider/resources/sink-receipt/provider";
import type { CheckFailure } from "../provider/check-failures";
import type { DetailedDiff } from "../provider/diff-helpers";
import { secretProperties, type PluginKind } from "./schema/kinds";
import { PACKAGE_NAME } from "./schema/schema";
import { secretKeysOf, unwrapSecrets, wrapSecrets } from "./secrets";

type Props = Record<string, unknown>;
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each kind has its own types
type AnyOperations = ResourceOperations<any, any>;

/** The custom resource kinds the plugin serves, with their operations. */
export const CUSTOM_KINDS = {
  ClientKey: { ops: clientKeyOperations, auditUrn: true },
  ClientKeyPair: { ops: clientKeyPairOperations, auditUrn: true },
  OrgAuthToken: { ops: orgAuthTokenOperations, auditUrn: true },
  DotenvFile: { ops: dotenvFileOperations, auditUrn: false },
  ProjectSecurity: { ops: projectSecurityOperations, auditUrn: true },
  // A receipt's auditUrn is the delivered key's URN, given by its component.
  SinkReceipt: { ops: sinkReceiptOperations, auditUrn: false },
} as const satisfies Partial<Record<PluginKind, { ops: AnyOperations; auditUrn: boolean }>>;

/** A custom resource kind of the plugin. */
export type CustomKind = keyof typeof CUSTOM_KINDS;

/** The serialized dynamic provider, which a resource moved from the dynamic provider still holds. */
const DYNAMIC_PROVIDER_KEY = "__provider";

/** The kind of a resource from its type token, or an error naming the tokens served. */
export function customKindOf(type: string): CustomKind {
  const prefix = `${PACKAGE_NAME}:index:`;
  const kind = type.startsWith(prefix) ? type.slice(prefix.length) : "";
  if (kind in CUSTOM_KINDS) return kind as CustomKind;
  throw new Error(
    `unknown resource type ${type}: the sentry-rotation plugin serves ${Object.keys(CUSTOM_KINDS)
      .map((k) => prefix + k)
      .join(", ")}`,
  );
}

function opsOf(kind: CustomKind): AnyOperations {
  return CUSTOM_KINDS[kind].ops;
}

/** State as the operations take it: plain values, without a dynamic provider's `__provider`. */
function plainState(props: Props): Props {
  const { [DYNAMIC_PROVIDER_KEY]: _provider, ...rest } = unwrapSecrets(props) as Props;
  return rest;
}

/**
 * What the engine stores: the kind's secret properties wrapped, and no `auditUrn`: each call
 * brings its URN (`withUrn`), so state need not carry it a second and a third time.
 */
function sealed(kind: CustomKind, props: Props, ...secretSources: Props[]): Props {
  const { auditUrn: _urn, ...rest } = props;
  const stored = CUSTOM_KINDS[kind].auditUrn ? rest : props;
  return wrapSecrets(stored, [...secretProperties(kind), ...secretSources.flatMap(secretKeysOf)]);
}

/** Plain props as the operations take them, with the call's URN for the audit trail where the kind has one. */
function withUrn(kind: CustomKind, urn: string, props: Props): Props {
  return CUSTOM_KINDS[kind].auditUrn ? { ...props, auditUrn: urn } : props;
}

/** Check: the kind's rules and the defaults of this provider instance (or the resource's connection). */
export function checkResource(
  ctx: ProviderContext,
  kind: CustomKind,
  urn: string,
  olds: Props,
  news: Props,
): { inputs: Props; failures: CheckFailure[] } {
  const plainNews = withUrn(kind, urn, unwrapSecrets(news) as Props);
  const checked = checkStep(ctx, opsOf(kind), plainState(olds), plainNews);
  return { inputs: sealed(kind, checked.inputs as Props, news), failures: checked.failures };
}

/** What Diff tells the engine. */
export interface PluginDiff {
  changes: boolean;
  replaces: string[];
  deleteBeforeReplace: boolean;
  /** The changed inputs (updated or replaced), the preview's `[diff: ...]` without detail. */
  diffs: string[];
  /** The shared decision's property-level detail (runtime/operations.ts), when it has one. */
  detailed?: DetailedDiff;
}

/** Diff: the kind's decision; a resource still holding a dynamic `__provider` is updated to drop it. */
export async function diffResource(
  ctx: ProviderContext,
  kind: CustomKind,
  urn: string,
  id: string,
  olds: Props,
  news: Props,
): Promise<PluginDiff> {
  const state = withUrn(kind, urn, plainState(olds));
  const plainNews = withUrn(kind, urn, unwrapSecrets(news) as Props);
  const decision = await diffStep(ctx, opsOf(kind), id, state, plainNews);
  const moved = DYNAMIC_PROVIDER_KEY in olds && decision.replaces.length === 0;
  if (moved) {
    ctx.log(
      `${opsOf(kind).describe(id, state)}: moved from the dynamic provider: its state is rewritten without the serialized provider (no new key)`,
    );
  }
  return {
    changes: decision.changes || moved,
    replaces: decision.replaces,
    deleteBeforeReplace: decision.deleteBeforeReplace ?? false,
    diffs: [...new Set([...(decision.updates ?? []), ...decision.replaces])],
    ...(decision.detailedDiff ? { detailed: decision.detailedDiff } : {}),
  };
}

/**
 * What a preview's Create or Update answers: the inputs as the state, as the engine itself does
 * for a provider without previews (outputs stay unknown to dependents). Nothing reaches Sentry.
 */
export function previewState(kind: CustomKind, inputs: Props): Props {
  return sealed(kind, unwrapSecrets(inputs) as Props, inputs);
}

/** Create, audited; a partial failure keeps its progress with the secrets still wrapped. */
export async function createResource(
  ctx: ProviderContext,
  kind: CustomKind,
  urn: string,
  inputs: Props,
): Promise<{ id: string; properties: Props }> {
  const plain = withUrn(kind, urn, unwrapSecrets(inputs) as Props);
  const ops = opsOf(kind);
  const created = await auditedStep(ctx, ops, plain, (c) => ops.create(c, plain)).catch(
    sealPartial(kind, inputs),
  );
  return { id: created.id, properties: sealed(kind, created.outs as Props, inputs) };
}

/** Read, for refresh and import (`props` empty on import); id "" means gone. */
export async function readResource(
  ctx: ProviderContext,
  kind: CustomKind,
  urn: string,
  id: string,
  props: Props,
  inputs: Props,
): Promise<{ id: string; properties?: Props; inputs?: Props }> {
  const read = await readStep(ctx, opsOf(kind), id, withUrn(kind, urn, plainState(props)));
  if (!read.id) return { id: "" };
  return {
    id: read.id,
    ...(read.props ? { properties: sealed(kind, read.props as Props, props, inputs) } : {}),
    ...(read.inputs ? { inputs: sealed(kind, read.inputs as Props, inputs) } : {}),
  };
}

/** Update, audited, like create. */
export async function updateResource(
  ctx: ProviderContext,
  kind: CustomKind,
  urn: string,
  id: string,
  olds: Props,
  news: Props,
): Promise<Props> {
  const state = withUrn(kind, urn, plainState(olds));
  const plain = withUrn(kind, urn, unwrapSecrets(news) as Props);
  const ops = opsOf(kind);
  // The new inputs' connection: a replaced token is the new one.
  const outs = await auditedStep(
    ctx,
    ops,
    state,
    (c) => ops.update(c, id, state, plain),
    plain,
  ).catch(sealPartial(kind, news));
  return sealed(kind, outs as Props, news);
}

/** Delete, audited. */
export async function deleteResource(
  ctx: ProviderContext,
  kind: CustomKind,
  urn: string,
  id: string,
  props: Props,
): Promise<void> {
  const state = withUrn(kind, urn, plainState(props));
  const ops = opsOf(kind);
  await auditedStep(ctx, ops, state, (c) => ops.delete(c, id, state));
}

function sealPartial(kind: CustomKind, inputs: Props): (err: unknown) => never {
  return (err) => {
    if (err instanceof PartialStateError) {
      throw new PartialStateError(err.id, sealed(kind, err.properties, inputs), err.cause);
    }
    throw err;
  };
}
