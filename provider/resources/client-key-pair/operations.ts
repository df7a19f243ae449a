import { clientKeySubject } from "../../audit/subject";
import { ProviderContext } from "../../runtime/context";
import { keyFromSharedList } from "../../runtime/key-cache";
import { PartialStateError } from "../../sentry-errors";
import type { ProjectKey } from "../../sentry";
import {
  adoptKey,
  createKeyOnce,
  findKey,
  finishKey,
  retireKey,
  UnconfirmedCreateError,
} from "../client-key/key-lifecycle";
import { inPlacePatch } from "../client-key/operations";
import { AUDIT_REASON, planPair } from "./plan";
import {
  asKeyInputs,
  asKeyOutputs,
  currentKey,
  newPairId,
  pairKey,
  parsePairId,
  rotated,
  withCurrent,
} from "./state";
import { ClientKeyPairInputs, ClientKeyPairOutputs } from "./types";

/** Creates the pair with its first key (there is no previous key yet). */
export async function createClientKeyPair(
  ctx: ProviderContext,
  inputs: ClientKeyPairInputs,
): Promise<{ id: string; outs: ClientKeyPairOutputs }> {
  const id = newPairId(inputs.organization, inputs.project);
  const { organization, project, existingKeyId } = inputs;
  const created = existingKeyId
    ? await adoptKey(ctx.client(), { organization, project, keyId: existingKeyId })
    : await createKeyOnce(ctx.client(), asKeyInputs(inputs));
  const state = withCurrent({ ...inputs, retiring: [] }, created, inputs);
  await ctx.audit.record({
    ...clientKeySubject(inputs, created.id),
    action: existingKeyId ? "adopted" : "created",
    reason: "new",
  });
  try {
    const finished = await finishKey(ctx, asKeyInputs(inputs), created);
    await ctx.audit.record({ ...clientKeySubject(inputs, created.id), action: "verified" });
    return { id, outs: withCurrent(state, finished, inputs) };
  } catch (err) {
    throw new PartialStateError(id, { ...state }, err);
  }
}

/**
 * Brings the pair up to date, in this order: a new current key (the old one becomes previous and
 * stays valid), or else the previous key's deactivation once the overlap is over; then removal of
 * retired keys; then in-place changes. A failure keeps the progress made in state.
 */
export async function updateClientKeyPair(
  ctx: ProviderContext,
  id: string,
  olds: ClientKeyPairOutputs,
  news: ClientKeyPairInputs,
): Promise<ClientKeyPairOutputs> {
  const plan = planPair(olds, news, ctx.clock().now());
  let state = olds;
  try {
    if (plan.rotate) {
      const created = await createKeyOnce(ctx.client(), asKeyInputs(news));
      state = rotated(olds, news, created);
      const subject = clientKeySubject(news, created.id);
      await ctx.audit.record({ ...subject, action: "created", reason: AUDIT_REASON[plan.rotate] });
      state = withCurrent(state, await finishKey(ctx, asKeyInputs(news), created), news);
      await ctx.audit.record({ ...subject, action: "verified", detail: "now the current key" });
    } else if (plan.deactivatePrevious && state.previous) {
      await retireKey(ctx, where(id, state.previous.keyId), "deactivate", {
        subject: clientKeySubject(news),
        reason: "overlap-ended",
      });
      state = { ...state, previous: { ...state.previous, isActive: false } };
    }
    for (const keyId of state.retiring) {
      await retireKey(ctx, where(id, keyId), news.onReplace, {
        subject: clientKeySubject(news),
        reason: "replaced",
      });
      state = { ...state, retiring: state.retiring.filter((k) => k !== keyId) };
    }
    return plan.rotate ? state : await updateCurrent(ctx, id, state, news);
  } catch (err) {
    // A key the rotation may have made is retired by the next `up`, never orphaned.
    if (err instanceof UnconfirmedCreateError) {
      state = { ...state, retiring: [...state.retiring, err.keyId] };
    }
    throw new PartialStateError(id, { ...state }, err);
  }
}

/** Refreshes both keys: a deleted current key is marked missing (the next `up` replaces it), a deleted previous one dropped. */
export async function readClientKeyPair(
  ctx: ProviderContext,
  id: string,
  props: ClientKeyPairOutputs,
): Promise<{ id: string; props: ClientKeyPairOutputs }> {
  const client = ctx.client();
  // Pairs of one project share one list of its keys during a refresh; a GET only for keys not on it.
  const lookup = async (keyId: string) =>
    (await keyFromSharedList(client, where(id, keyId))) ??
    (await findKey(client, where(id, keyId)));
  const current = await lookup(props.current.keyId);
  const previous = props.previous && (await lookup(props.previous.keyId));
  const state: ClientKeyPairOutputs = {
    ...props,
    current: current
      ? { ...props.current, ...pairKey(current, props.current.createdAt) }
      : { ...props.current, isActive: false, missing: true },
  };
  if (props.previous && previous)
    state.previous = { ...props.previous, isActive: previous.isActive };
  if (props.previous && !previous) {
    delete state.previous;
    delete state.previousDsnSecret;
  }
  return { id, props: state };
}

/** Removes (or deactivates, per `onReplace`) every key of the pair, and confirms it. */
export async function deleteClientKeyPair(
  ctx: ProviderContext,
  id: string,
  props: ClientKeyPairOutputs,
): Promise<void> {
  const keys = [
    props.current.keyId,
    ...(props.previous ? [props.previous.keyId] : []),
    ...props.retiring,
  ];
  for (const keyId of keys) {
    await retireKey(ctx, where(id, keyId), props.onReplace ?? "delete", {
      subject: clientKeySubject(props),
      reason: "manual",
    });
  }
}

async function updateCurrent(
  ctx: ProviderContext,
  id: string,
  state: ClientKeyPairOutputs,
  news: ClientKeyPairInputs,
): Promise<ClientKeyPairOutputs> {
  const patch = inPlacePatch(asKeyOutputs(state), asKeyInputs(news));
  const { organization, project } = parsePairId(id);
  const key: ProjectKey | undefined =
    Object.keys(patch).length > 0
      ? await ctx.client().clientKeys.update(organization, project, state.current.keyId, patch)
      : undefined;
  const current = key ? pairKey(key, state.current.createdAt) : state.current;
  const next = currentKey(current, news);
  return { ...state, ...news, current: next, nextRotationAt: next.rotateAt };
}

function where(id: string, keyId: string) {
  return { ...parsePairId(id), keyId };
}
