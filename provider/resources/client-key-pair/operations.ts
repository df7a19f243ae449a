import { isDeepStrictEqual } from "node:util";
import { clientKeySubject } from "../../audit/subject";
import { gateRetirement } from "../../lifecycle/retirement-gate";
import { PartialStateError } from "../../partial-state-error";
import type { ProviderContext } from "../../runtime/context";
import type { ProjectKey } from "../../sentry";
import { confirmKey, findKey, provisionKey, retireKey } from "../client-key/key-lifecycle";
import { inPlacePatch } from "../client-key/operations";
import { AUDIT_REASON, planPair } from "./plan";
import {
  asKeyInputs,
  asKeyOutputs,
  currentKey,
  newPairId,
  pairKey,
  pairSchedule,
  parsePairId,
  rotated,
  unconfirmedPair,
  withCurrent,
} from "./state";
import { type ClientKeyPairInputs, type ClientKeyPairOutputs } from "./types";

/** Creates the pair with its first key (there is no previous key yet). */
export async function createClientKeyPair(
  ctx: ProviderContext,
  inputs: ClientKeyPairInputs,
): Promise<{ id: string; outs: ClientKeyPairOutputs }> {
  const id = newPairId(inputs.organization, inputs.project);
  const empty = { ...inputs, retiring: [] };
  const finished = await provisionKey(ctx, asKeyInputs(inputs), {
    reason: "new",
    // The key may exist: its id goes to state, so the next `up` finds it or makes it.
    unconfirmed: (keyId) => ({ id, state: unconfirmedPair(inputs, keyId) }),
    unfinished: (key) => ({ id, state: { ...withCurrent(empty, key, inputs) } }),
  });
  return { id, outs: withCurrent(empty, finished, inputs) };
}

/**
 * Brings the pair up to date, in this order: its first key confirmed if Sentry never confirmed
 * its create; a new current key (the old one becomes previous and stays valid), or else the
 * previous key's deactivation once the overlap is over (held while Sentry shows it in use, with a
 * retirement gate); the previous key's revocation when `revokePrevious` changed; then removal of
 * retired keys; then in-place changes. A failure keeps the progress made in state.
 */
export async function updateClientKeyPair(
  ctx: ProviderContext,
  id: string,
  olds: ClientKeyPairOutputs,
  news: ClientKeyPairInputs,
): Promise<ClientKeyPairOutputs> {
  const now = ctx.clock().now();
  const plan = planPair(olds, news, now);
  let state = olds;
  // Until the revocation is done, the state keeps the old marker, so a failed run revokes next time.
  const unrevoked = (s: ClientKeyPairOutputs): ClientKeyPairOutputs =>
    plan.revoke ? { ...s, revokePrevious: olds.revokePrevious } : s;
  try {
    if (plan.confirm) {
      const key = await confirmKey(ctx, asKeyInputs(news), plan.confirm);
      state = withCurrent({ ...olds, retiring: olds.retiring ?? [] }, key, news);
    } else if (plan.rotate) {
      const from = state;
      const key = await provisionKey(
        ctx,
        { ...asKeyInputs(news), existingKeyId: undefined },
        {
          reason: AUDIT_REASON[plan.rotate],
          verified: () => "now the current key",
          // A key the rotation may have made is retired by the next `up`, never orphaned.
          unconfirmed: (keyId) => ({ id, state: { ...from, retiring: [...from.retiring, keyId] } }),
          unfinished: (created) => ({ id, state: { ...unrevoked(rotated(from, news, created)) } }),
        },
      );
      state = unrevoked(rotated(from, news, key));
      // The former previous key is removed below even if still in use: say so loudly.
      const leaving = from.previous;
      if (leaving?.isActive && news.retirement && !plan.revoke) {
        await gateRetirement(ctx, {
          subject: clientKeySubject(news),
          where: where(id, leaving.keyId),
          gate: news.retirement,
          ...(leaving.retirementHold ? { heldSince: leaving.retirementHold.since } : {}),
          now,
          mustGo: true,
        });
      }
    } else if (plan.deactivatePrevious && state.previous) {
      state = await deactivatePrevious(ctx, id, state, news, now);
    }
    if (plan.revoke && state.previous) state = await revokePrevious(ctx, id, state, news);
    for (const keyId of state.retiring) {
      await retireKey(ctx, where(id, keyId), news.onReplace, {
        subject: clientKeySubject(news),
        reason: "replaced",
      });
      state = { ...state, retiring: state.retiring.filter((k) => k !== keyId) };
    }
    return plan.rotate || plan.confirm ? state : await updateCurrent(ctx, id, state, news);
  } catch (err) {
    if (err instanceof PartialStateError) throw err;
    throw new PartialStateError(id, { ...state }, err);
  }
}

// The overlap is over: deactivate the previous key, unless the retirement gate holds it.
async function deactivatePrevious(
  ctx: ProviderContext,
  id: string,
  state: ClientKeyPairOutputs,
  news: ClientKeyPairInputs,
  now: Date,
): Promise<ClientKeyPairOutputs> {
  const { retirementHold, ...previous } = state.previous!;
  let detail: string | undefined;
  if (news.retirement) {
    const decision = await gateRetirement(ctx, {
      subject: clientKeySubject(news),
      where: where(id, previous.keyId),
      gate: news.retirement,
      ...(retirementHold ? { heldSince: retirementHold.since } : {}),
      now,
      mustGo: false,
    });
    if (decision.kind === "hold") {
      return { ...state, previous: { ...previous, retirementHold: decision.hold } };
    }
    if (decision.kind === "retire" && retirementHold) {
      detail = `quiet now (no error events in the last ${news.retirement.quietPeriod}); retirement held since ${retirementHold.since}`;
    }
  }
  await retireKey(ctx, where(id, previous.keyId), "deactivate", {
    subject: clientKeySubject(news),
    reason: "overlap-ended",
    ...(detail ? { detail } : {}),
  });
  return { ...state, previous: { ...previous, isActive: false } };
}

// `revokePrevious` changed: the previous key goes now, as `onReplace` says, whatever its usage.
async function revokePrevious(
  ctx: ProviderContext,
  id: string,
  state: ClientKeyPairOutputs,
  news: ClientKeyPairInputs,
): Promise<ClientKeyPairOutputs> {
  const { retirementHold: _hold, ...previous } = state.previous!;
  await retireKey(ctx, where(id, previous.keyId), news.onReplace, {
    subject: clientKeySubject(news),
    reason: "revoked",
    detail: "emergency revoke (revokePrevious changed): overlap and usage ignored",
  });
  const revoked = { ...state, revokePrevious: news.revokePrevious };
  if (news.onReplace === "deactivate")
    return { ...revoked, previous: { ...previous, isActive: false } };
  const { previous: _p, previousDsnSecret: _s, ...rest } = revoked;
  return rest;
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
    (await ctx.keyLists().find(where(id, keyId))) ?? (await findKey(client, where(id, keyId)));
  // A first key Sentry never confirmed is the next `up`'s business (it finds or makes it).
  if (props.current.unconfirmed) return { id, props };
  const current = await lookup(props.current.keyId);
  const previous = props.previous && (await lookup(props.previous.keyId));
  const state: ClientKeyPairOutputs = {
    ...props,
    current: current
      ? { ...props.current, ...pairKey(current, props.dsnForms, props.current.createdAt) }
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
  const keys = ctx.client().clientKeys;
  // Other DSN forms asked for: Sentry's key has them all.
  const formsChanged = !isDeepStrictEqual(state.dsnForms, news.dsnForms);
  const key: ProjectKey | undefined =
    Object.keys(patch).length > 0
      ? await keys.update(organization, project, state.current.keyId, patch)
      : formsChanged
        ? await keys.get(organization, project, state.current.keyId)
        : undefined;
  const current = key ? pairKey(key, news.dsnForms, state.current.createdAt) : state.current;
  const next = currentKey(current, news);
  return {
    ...state,
    ...news,
    current: next,
    nextRotationAt: next.rotateAt,
    rotation: pairSchedule(next, news),
  };
}

function where(id: string, keyId: string) {
  return { ...parsePairId(id), keyId };
}
