import { projectSecuritySubject } from "../../audit/subject";
import { hostProvider } from "../../runtime/host-provider";
import { type ResourceOperations } from "../../runtime/operations";
import { checkProjectSecurity } from "./check";
import { diffProjectSecurity } from "./diff";
import {
  createProjectSecurity,
  deleteProjectSecurity,
  readProjectSecurity,
  updateProjectSecurity,
} from "./operations";
import { type ProjectSecurityInputs, type ProjectSecurityOutputs } from "./types";

/** The ProjectSecurity operations, shared by both front doors (dynamic provider and plugin). */
export const projectSecurityOperations: ResourceOperations<
  ProjectSecurityInputs,
  ProjectSecurityOutputs
> = {
  describe: (id, olds) =>
    `security settings of ${olds.organization && olds.project ? `${olds.organization}/${olds.project}` : id}`,
  subject: (props) => projectSecuritySubject(props),
  check: checkProjectSecurity,
  diff: (olds, news) => diffProjectSecurity(olds, news),
  create: createProjectSecurity,
  read: readProjectSecurity,
  update: updateProjectSecurity,
  delete: deleteProjectSecurity,
};

/** The ProjectSecurity provider as the host calls it. */
export const projectSecurityProvider = hostProvider(projectSecurityOperations);
