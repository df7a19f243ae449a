/** Project details: `GET|PUT /api/0/projects/{org}/{project}/`, of which PUT changes the security settings. */
import { requireAuthenticated, requireOrganizationAccess, requireScope } from "../auth";
import { parseJsonBody } from "../body";
import type { ApiRequest, ApiResponse, Route, SandboxContext } from "../context";
import { badRequest } from "../errors";
import { newKeyHex } from "../ids";
import { findOrganization, findProject } from "../lookup";
import { serializeProjectDetail } from "../project-detail";
import { effectiveSecurity, parseSecurityUpdate, type ProjectSecurity } from "../project-settings";
import { pathPattern } from "../router";
import type { OrganizationRecord, ProjectRecord } from "../state";

const READ = ["project:read", "project:write", "project:admin"];
const WRITE = ["project:write", "project:admin"];

// Sentry resolves the organization and project (404) before it checks scopes (403).
function projectFor(
  req: ApiRequest,
  ctx: SandboxContext,
  scopes: string[],
): { org: OrganizationRecord; project: ProjectRecord } {
  const principal = requireAuthenticated(req.principal);
  const org = findOrganization(ctx.store.state, req.params.org!);
  const project = findProject(ctx.store.state, org, req.params.project!);
  requireOrganizationAccess(principal, org.id);
  requireScope(principal, scopes);
  return { org, project };
}

// Sentry makes the project's security token the first time anything reads it; so does the sandbox.
function securityOf(ctx: SandboxContext, project: ProjectRecord): ProjectSecurity {
  const current = effectiveSecurity(project.security);
  if (current.securityToken !== undefined) return current as ProjectSecurity;
  const token = newKeyHex();
  ctx.store.mutate((state) => {
    const record = state.projects.find((p) => p.id === project.id)!;
    record.security = { ...record.security, securityToken: token };
  });
  return { ...current, securityToken: token };
}

function detail(ctx: SandboxContext, org: OrganizationRecord, project: ProjectRecord): ApiResponse {
  const current = ctx.store.state.projects.find((p) => p.id === project.id)!;
  return {
    status: 200,
    body: serializeProjectDetail(ctx.baseUrl, current, org, securityOf(ctx, current)),
  };
}

function getProject(req: ApiRequest, ctx: SandboxContext): ApiResponse {
  const { org, project } = projectFor(req, ctx, READ);
  return detail(ctx, org, project);
}

function updateProject(req: ApiRequest, ctx: SandboxContext): ApiResponse {
  const { org, project } = projectFor(req, ctx, WRITE);
  const input = parseSecurityUpdate(parseJsonBody(req.body, req.headers["content-type"]));
  if (!input.ok) throw badRequest(input.errors);
  const change = input.value;
  if (Object.keys(change).length > 0) {
    ctx.store.mutate((state) => {
      const record = state.projects.find((p) => p.id === project.id)!;
      record.security = { ...record.security, ...change };
    });
  }
  return detail(ctx, org, project);
}

const PROJECT = "/api/0/projects/:org/:project/";

/** The project detail routes (DELETE is not served: the sandbox never removes a project). */
export const projectRoutes: Route[] = [
  { method: "GET", pattern: pathPattern(PROJECT), handler: getProject },
  { method: "PUT", pattern: pathPattern(PROJECT), handler: updateProject },
];
