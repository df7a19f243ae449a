import { clientKeySubject } from "../../audit/subject";
import { rotationStatus } from "../../rotation";
import { hostProvider } from "../../runtime/host-provider";
import { type ResourceOperations } from "../../runtime/operations";
import { checkClientKey } from "./check";
import { diffClientKey } from "./diff";
import { createClientKey, deleteClientKey, readClientKey, updateClientKey } from "./operations";
import { type ClientKeyInputs, type ClientKeyOutputs } from "./types";

/** The ClientKey operations, shared by both front doors (dynamic provider and plugin). */
export const clientKeyOperations: ResourceOperations<ClientKeyInputs, ClientKeyOutputs> = {
  describe: (id, olds) => `client key ${olds.keyId ?? id}`,
  subject: (props) => clientKeySubject(props),
  rotation: (olds, news, now) =>
    rotationStatus(olds.createdAt, news.rotateEvery, now, news.rotationWindow),
  check: checkClientKey,
  diff: diffClientKey,
  create: createClientKey,
  read: readClientKey,
  update: updateClientKey,
  delete: deleteClientKey,
};

/** The ClientKey provider as the host calls it. */
export const clientKeyProvider = hostProvider(clientKeyOperations);
