/** Typed calls for a project's details: read them, and change its security settings. */
import { describeValue } from "../describe-value";
import { InputError } from "../input-error";
import { projectPath } from "./paths";
import {
  allowedDomainsProblem,
  securityTokenHeaderProblem,
  securityTokenProblem,
} from "./project-fields";
import type { Transport } from "./transport";
import type { ProjectDetails, UpdateProjectSecurityBody } from "./types";

/** Project calls of a SentryClient. */
export interface ProjectsApi {
  /** The project's details, its security settings among them (needs project:read). */
  get(org: string, project: string): Promise<ProjectDetails>;
  /**
   * Changes the security settings named in `patch` (a partial update; needs project:write).
   * Repeating it is harmless, so it is retried like a read.
   */
  updateSecurity(
    org: string,
    project: string,
    patch: UpdateProjectSecurityBody,
  ): Promise<ProjectDetails>;
}

/** Builds the project calls over a transport. */
export function createProjectsApi(transport: Transport): ProjectsApi {
  return {
    async get(org, project) {
      const response = await transport.request<ProjectDetails>({
        method: "GET",
        path: projectPath(org, project),
        scope: "project:read",
        action: "reading a project's security settings",
      });
      return response.data;
    },
    async updateSecurity(org, project, patch) {
      const response = await transport.request<ProjectDetails>({
        method: "PUT",
        path: projectPath(org, project),
        body: checkSecurityPatch(patch),
        scope: "project:write",
        action: "changing a project's security settings",
      });
      return response.data;
    },
  };
}

const PROBLEMS: {
  [Field in keyof UpdateProjectSecurityBody]-?: (value: unknown) => string | undefined;
} = {
  allowedDomains: allowedDomainsProblem,
  securityToken: securityTokenProblem,
  securityTokenHeader: (value) => (value === null ? undefined : securityTokenHeaderProblem(value)),
  verifySSL: booleanProblem,
  scrubIPAddresses: booleanProblem,
  scrapeJavaScript: booleanProblem,
};

function booleanProblem(value: unknown): string | undefined {
  return typeof value === "boolean"
    ? undefined
    : `must be true or false, got ${describeValue(value)}.`;
}

function checkSecurityPatch(patch: UpdateProjectSecurityBody): UpdateProjectSecurityBody {
  if (typeof patch !== "object" || patch === null) {
    throw new InputError("patch", 'must be an object like { allowedDomains: ["*"] }');
  }
  for (const [field, value] of Object.entries(patch)) {
    const rule = PROBLEMS[field as keyof UpdateProjectSecurityBody];
    if (!rule) throw new InputError(field, "is not a security setting this client changes");
    if (value === undefined) continue;
    const problem = rule(value);
    if (problem) throw new InputError(field, problem);
  }
  return patch;
}
