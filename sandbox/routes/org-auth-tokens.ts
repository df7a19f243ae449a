/** Organization auth tokens (`sntrys_`): list, create (the only time the token is shown), get, rename, revoke. */
import {
  ORG_TOKEN_SCOPES,
  requireAuthenticated,
  requireOrganizationAccess,
  requireScope,
} from "../auth";
import { parseJsonBody } from "../body";
import type { ApiRequest, ApiResponse, Route, SandboxContext } from "../context";
import { badRequest, notFound } from "../errors";
import { hashToken, newOrgAuthToken } from "../ids";
import { parseTokenName } from "../key-input";
import { findOrganization } from "../lookup";
import { pathPattern } from "../router";
import { serializeOrgToken } from "../serializers";
import type { OrganizationRecord, OrgAuthTokenRecord } from "../state";

const READ_OR_CREATE = ["org:read", "org:write", "org:admin"];
const REVOKE = ["org:write", "org:admin"];

function organizationFor(
  req: ApiRequest,
  ctx: SandboxContext,
  scopes: string[],
): OrganizationRecord {
  const principal = requireAuthenticated(req.principal);
  const org = findOrganization(ctx.store.state, req.params.org!);
  requireOrganizationAccess(principal, org.id);
  requireScope(principal, scopes);
  return org;
}

function activeToken(
  ctx: SandboxContext,
  org: OrganizationRecord,
  tokenId: string,
): OrgAuthTokenRecord {
  const token = ctx.store.state.orgAuthTokens.find(
    (t) => t.organizationId === org.id && String(t.id) === tokenId && t.dateDeactivated === null,
  );
  if (!token) throw notFound();
  return token;
}

// Sentry's order: most recently used first (never used last), then name, then newest.
function byUseThenName(a: OrgAuthTokenRecord, b: OrgAuthTokenRecord): number {
  const used = (t: OrgAuthTokenRecord): string => t.dateLastUsed ?? "";
  return (
    used(b).localeCompare(used(a)) ||
    a.name.localeCompare(b.name) ||
    b.dateCreated.localeCompare(a.dateCreated)
  );
}

function listTokens(req: ApiRequest, ctx: SandboxContext): ApiResponse {
  const org = organizationFor(req, ctx, READ_OR_CREATE);
  const tokens = ctx.store.state.orgAuthTokens
    .filter((t) => t.organizationId === org.id && t.dateDeactivated === null)
    .sort(byUseThenName);
  return { status: 200, body: tokens.map((t) => serializeOrgToken(t)) };
}

function createToken(req: ApiRequest, ctx: SandboxContext): ApiResponse {
  const org = organizationFor(req, ctx, READ_OR_CREATE);
  const name = parseTokenName(parseJsonBody(req.body, req.headers["content-type"]));
  if (!name.ok) throw badRequest(name.errors);
  const now = ctx.now();
  const token = newOrgAuthToken(ctx.baseUrl, org.slug, now);
  const record = ctx.store.mutate((state) => {
    const created: OrgAuthTokenRecord = {
      id: state.nextId.orgAuthToken++,
      organizationId: org.id,
      name: name.value,
      scopes: [...ORG_TOKEN_SCOPES],
      tokenHashed: hashToken(token),
      tokenLastCharacters: token.slice(-4),
      dateCreated: now.toISOString(),
      dateLastUsed: null,
      projectLastUsedId: null,
      dateDeactivated: null,
    };
    state.orgAuthTokens.push(created);
    return created;
  });
  return { status: 201, body: serializeOrgToken(record, token) };
}

function getToken(req: ApiRequest, ctx: SandboxContext): ApiResponse {
  const org = organizationFor(req, ctx, READ_OR_CREATE);
  return { status: 200, body: serializeOrgToken(activeToken(ctx, org, req.params.tokenId!)) };
}

function renameToken(req: ApiRequest, ctx: SandboxContext): ApiResponse {
  const org = organizationFor(req, ctx, READ_OR_CREATE);
  const token = activeToken(ctx, org, req.params.tokenId!);
  const name = parseTokenName(parseJsonBody(req.body, req.headers["content-type"]));
  if (!name.ok) throw badRequest(name.errors);
  ctx.store.mutate((state) => {
    state.orgAuthTokens.find((t) => t.id === token.id)!.name = name.value;
  });
  return { status: 204 };
}

function revokeToken(req: ApiRequest, ctx: SandboxContext): ApiResponse {
  const org = organizationFor(req, ctx, REVOKE);
  const token = activeToken(ctx, org, req.params.tokenId!);
  ctx.store.mutate((state) => {
    state.orgAuthTokens.find((t) => t.id === token.id)!.dateDeactivated = ctx.now().toISOString();
  });
  return { status: 204 };
}

const TOKENS = "/api/0/organizations/:org/org-auth-tokens/";
const TOKEN = "/api/0/organizations/:org/org-auth-tokens/:tokenId/";

/** The org auth token routes. */
export const orgAuthTokenRoutes: Route[] = [
  { method: "GET", pattern: pathPattern(TOKENS), handler: listTokens },
  { method: "POST", pattern: pathPattern(TOKENS), handler: createToken },
  { method: "GET", pattern: pathPattern(TOKEN), handler: getToken },
  { method: "PUT", pattern: pathPattern(TOKEN), handler: renameToken },
  { method: "DELETE", pattern: pathPattern(TOKEN), handler: revokeToken },
];
