import { orgAuthTokenSubject } from "../../audit/subject";
import { dueAt } from "../../diff-helpers";
import { hostProvider } from "../../runtime/host-provider";
import { checkOrgAuthToken } from "./check";
import { diffOrgAuthToken } from "./diff";
import {
  createOrgAuthToken,
  deleteOrgAuthToken,
  readOrgAuthToken,
  updateOrgAuthToken,
} from "./operations";
import { OrgAuthTokenInputs, OrgAuthTokenOutputs } from "./types";

/** The OrgAuthToken provider as the host calls it. */
export const orgAuthTokenProvider = hostProvider<OrgAuthTokenInputs, OrgAuthTokenOutputs>({
  describe: (id, olds) => `org auth token ${olds.tokenId ?? id}`,
  subject: (props) => orgAuthTokenSubject(props),
  rotateAt: (olds, news) => dueAt(olds.createdAt, news.rotateEvery, new Date()).rotateAt,
  check: checkOrgAuthToken,
  diff: diffOrgAuthToken,
  create: createOrgAuthToken,
  read: readOrgAuthToken,
  update: updateOrgAuthToken,
  delete: deleteOrgAuthToken,
});
