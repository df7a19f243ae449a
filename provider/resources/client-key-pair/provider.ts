import { clientKeySubject } from "../../audit/subject";
import { rotationStatus } from "../../rotation";
import { hostProvider } from "../../runtime/host-provider";
import { type ResourceOperations } from "../../runtime/operations";
import { checkClientKeyPair } from "./check";
import {
  createClientKeyPair,
  deleteClientKeyPair,
  readClientKeyPair,
  updateClientKeyPair,
} from "./operations";
import { diffClientKeyPair } from "./plan";
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
    rotationStatus(olds.current?.createdAt, news.rotateEvery, now, news.rotationWindow),
  check: checkClientKeyPair,
  diff: diffClientKeyPair,
  create: createClientKeyPair,
  read: (ctx, id, props) => readClientKeyPair(ctx, id, props as ClientKeyPairOutputs),
  update: updateClientKeyPair,
  delete: (ctx, id, props) => deleteClientKeyPair(ctx, id, props as ClientKeyPairOutputs),
};

/** The ClientKeyPair provider as the host calls it. */
export const clientKeyPairProvider = hostProvider(clientKeyPairOperations);
