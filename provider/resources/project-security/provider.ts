import { projectSecuritySubject } from "../../audit/subject";
import { hostProvider } from "../../runtime/host-provider";
import { checkProjectSecurity } from "./check";
import { diffProjectSecurity } from "./diff";
import {
  createProjectSecurity,
  deleteProjectSecurity,
  readProjectSecurity,
  updateProjectSecurity,
} from "./operations";
import { type ProjectSecurityInputs, type ProjectSecurityOutputs } from "./types";

/** The ProjectSecurity provider as the host calls it. */
export const projectSecurityProvider = hostProvider<ProjectSecurityInputs, ProjectSecurityOutputs>({
  describe: (id, olds) =>
    `security settings of ${olds.organization && olds.project ? `${olds.organization}/${olds.project}` : id}`,
  subject: (props) => projectSecuritySubject(props),
  check: checkProjectSecurity,
  diff: (olds, news) => diffProjectSecurity(olds, news),
  create: createProjectSecurity,
  read: readProjectSecurity,
  update: updateProjectSecurity,
  delete: deleteProjectSecurity,
});
