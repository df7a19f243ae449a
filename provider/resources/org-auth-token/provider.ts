import { orgAuthTokenSubject } from "../../audit/subject";
import { rotationStatus } from "../../rotation";
import { hostProvider } from "../../runtime/host-provider";
import { type ResourceOperations } from "../../runtime/operations";
import { checkOrgAuthToken } from "./check";
import { diffOrgAuthToken } from "./diff";
import {
  createOrgAuthToken,
  deleteOrgAuthToken,
  readOrgAuthToken,
  updateOrgAuthToken,
} from "./operations";
import { type OrgAuthTokenInputs, type OrgAuthTokenOutputs } from "./types";

/** The OrgAuthToken operations, shared by both front doors (dynamic provider and plugin). */
export const orgAuthTokenOperations: ResourceOperations<OrgAuthTokenInputs, OrgAuthTokenOutputs> = {
  describe: (id, olds) => `org auth token ${olds.tokenId ?? id}`,
  subject: (props) => orgAuthTokenSubject(props),
  rotation: (olds, news, now) =>
    rotationStatus(olds.createdAt, news.rotateEvery, now, news.rotationWindow),
  check: checkOrgAuthToken,
  diff: diffOrgAuthToken,
  create: createOrgAuthToken,
  read: readOrgAuthToken,
  update: updateOrgAuthToken,
  delete: deleteOrgAuthToken,
};

/** The OrgAuthToken provider as the host calls it. */
export const orgAuthTokenProvider = hostProvider(orgAuthTokenOperations);
