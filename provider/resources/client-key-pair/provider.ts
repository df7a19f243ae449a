import { clientKeySubject } from "../../audit/subject";
import { type DiffDecision } from "../../diff-helpers";
import { rotationStatus } from "../../rotation";
import { type ProviderContext } from "../../runtime/context";
import { hostProvider } from "../../runtime/host-provider";
import { type ResourceOperations } from "../../runtime/operations";
import { type ClientKeyOutputs } from "../client-key/types";
import { checkClientKeyPair } from "./check";
import {
  createClientKeyPair,
  deleteClientKeyPair,
  readClientKeyPair,
  updateClientKeyPair,
} from "./operations";
import { diffClientKeyPair } from "./plan";
import { handOverDetail, isSingleKeyState, pairFromSingle } from "./switch";
import { type ClientKeyPairInputs, type ClientKeyPairOutputs } from "./types";

/** The ClientKeyPair operations, shared by both front doors (dynamic provider and plugin). */
export const clientKeyPairOperations: ResourceOperations<
  ClientKeyPairInputs,
  ClientKeyPairOutputs
> = {
  describe: (id) => `client key pair ${id}`,
  subject: (props) =>
    clientKeySubject(props, (props as Partial<ClientKeyPairOutputs>).current?.keyId),
  rotation: (olds, news, now) =>
    rotationStatus(
      isSingleKeyState(olds) ? olds.createdAt : olds.current?.createdAt,
      news.rotateEvery,
      now,
      news.rotationWindow,
    ),
  check: checkClientKeyPair,
  diff: diffSwitchedPair,
  create: createClientKeyPair,
  read: (ctx, id, props) => readClientKeyPair(ctx, id, props as ClientKeyPairOutputs),
  update: updateSwitchedPair,
  delete: (ctx, id, props) => deleteClientKeyPair(ctx, id, props as ClientKeyPairOutputs),
};

/** The ClientKeyPair provider as the host calls it. */
export const clientKeyPairProvider = hostProvider(clientKeyPairOperations);

/**
 * The pair's diff; from a ClientKey's state (overlap added, the component aliases the type) the
 * key stays the pair's current key: an update, never a replacement.
 */
export function diffSwitchedPair(
  olds: ClientKeyPairOutputs | ClientKeyOutputs,
  news: ClientKeyPairInputs,
  now: Date,
): DiffDecision {
  if (!isSingleKeyState(olds)) return diffClientKeyPair(olds, news, now);
  const decision = diffClientKeyPair(pairFromSingle(olds, news), news, now);
  return {
    ...decision,
    changes: true,
    updates: [...new Set([...(decision.updates ?? []), "overlap"])],
    // The preview shows `overlap` added, whatever the old state's kind made of it.
    detailedDiff: { ...decision.detailedDiff, overlap: { kind: "add", inputDiff: true } },
    reasons: [
      `overlap added: the ClientKey becomes a ClientKeyPair and key ${olds.keyId} stays its current key (no rotation, nothing deleted)`,
      ...decision.reasons,
    ],
  };
}

async function updateSwitchedPair(
  ctx: ProviderContext,
  id: string,
  olds: ClientKeyPairOutputs | ClientKeyOutputs,
  news: ClientKeyPairInputs,
): Promise<ClientKeyPairOutputs> {
  if (!isSingleKeyState(olds)) return updateClientKeyPair(ctx, id, olds, news);
  await ctx.audit.record({
    ...clientKeySubject(news, olds.keyId),
    action: "handed-over",
    detail: handOverDetail(olds.keyId, "pair", []),
  });
  return updateClientKeyPair(ctx, id, pairFromSingle(olds, news), news);
}
