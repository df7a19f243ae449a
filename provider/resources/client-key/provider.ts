import { clientKeySubject } from "../../audit/subject";
import { type DiffDecision } from "../../diff-helpers";
import { rotationStatus } from "../../rotation";
import { type ProviderContext } from "../../runtime/context";
import { hostProvider } from "../../runtime/host-provider";
import { type ResourceOperations } from "../../runtime/operations";
import { handOverDetail, isPairState, singleFromPair } from "../client-key-pair/switch";
import { type ClientKeyPairOutputs } from "../client-key-pair/types";
import { checkClientKey } from "./check";
import { diffClientKey } from "./diff";
import { retireKey } from "./key-lifecycle";
import { createClientKey, deleteClientKey, readClientKey, updateClientKey } from "./operations";
import { parseClientKeyId } from "./outputs";
import { type ClientKeyInputs, type ClientKeyOutputs } from "./types";

/** The ClientKey operations, shared by both front doors (dynamic provider and plugin). */
export const clientKeyOperations: ResourceOperations<ClientKeyInputs, ClientKeyOutputs> = {
  describe: (id, olds) => `client key ${olds.keyId ?? id}`,
  subject: (props) => clientKeySubject(props),
  rotation: (olds, news, now) =>
    rotationStatus(
      isPairState(olds) ? olds.current.createdAt : olds.createdAt,
      news.rotateEvery,
      now,
      news.rotationWindow,
    ),
  check: checkClientKey,
  diff: diffSwitchedKey,
  create: createClientKey,
  read: readClientKey,
  update: updateSwitchedKey,
  delete: deleteClientKey,
};

/** The ClientKey provider as the host calls it. */
export const clientKeyProvider = hostProvider(clientKeyOperations);

/**
 * The key's diff; from a pair's state (overlap removed, the component aliases the type) the pair's
 * current key stays the key: an update, never a replacement.
 */
export function diffSwitchedKey(
  olds: ClientKeyOutputs | ClientKeyPairOutputs,
  news: ClientKeyInputs,
  now: Date,
): DiffDecision {
  if (!isPairState(olds)) return diffClientKey(olds, news, now);
  const { state, retire } = singleFromPair(olds, news);
  const decision = diffClientKey(state, news, now);
  return {
    ...decision,
    changes: true,
    // With a detailed diff of its own (other changes), the preview shows `overlap` removed too;
    // without one, the engine's diff of the inputs shows it.
    ...(decision.detailedDiff
      ? { detailedDiff: { ...decision.detailedDiff, overlap: { kind: "delete", inputDiff: true } } }
      : {}),
    reasons: [
      `overlap removed: the ClientKeyPair becomes a ClientKey and key ${olds.current.keyId} stays its key (no rotation); the pair's older keys leave now, per onReplace: ${retire.join(", ") || "none"}`,
      ...decision.reasons,
    ],
  };
}

async function updateSwitchedKey(
  ctx: ProviderContext,
  id: string,
  olds: ClientKeyOutputs | ClientKeyPairOutputs,
  news: ClientKeyInputs,
): Promise<ClientKeyOutputs> {
  if (!isPairState(olds)) return updateClientKey(ctx, id, olds, news);
  const { state, retire } = singleFromPair(olds, news);
  const { organization, project } = parseClientKeyId(id);
  await ctx.audit.record({
    ...clientKeySubject(news, state.keyId),
    action: "handed-over",
    detail: handOverDetail(state.keyId, "single", retire),
  });
  // Without overlap the key before the current one has no reason to stay (as after a rotation).
  for (const keyId of retire) {
    await retireKey(ctx, { organization, project, keyId }, news.onReplace, {
      subject: clientKeySubject(news),
      reason: "replaced",
      detail: "overlap removed: the pair's previous key leaves with it",
    });
  }
  return updateClientKey(ctx, id, state, news);
}
