/**
 * Project client keys (DSNs): list, create, get, update, delete, usage stats, and the
 * organization-wide list.
 */
import {
  requireAuthenticated,
  requireOrganizationAccess,
  requireScope,
  type Principal,
} from "../auth";
import { parseJsonBody } from "../body";
import type { ApiRequest, ApiResponse, Route, SandboxContext } from "../context";
import { badRequest, DETAIL } from "../errors";
import { newKeyHex, newPetName } from "../ids";
import { parseKeyCreate, parseKeyUpdate, rateLimitOnCreate, rateLimitOnUpdate } from "../key-input";
import { findKey, findOrganization, findProject, keysNewestFirst } from "../lookup";
import { paginate, parsePageRequest } from "../pagination";
import { pathPattern } from "../router";
import { serializeKey } from "../serializers";
import type { ClientKeyRecord, ProjectRecord } from "../state";

const READ = ["project:read", "project:write", "project:admin"];
const WRITE = ["project:write", "project:admin"];
const ADMIN = ["project:admin"];

// Sentry resolves the organization and project (404) before it checks scopes (403).
function projectFor(req: ApiRequest, ctx: SandboxContext, scopes: string[]): ProjectRecord {
  const principal: Principal = requireAuthenticated(req.principal);
  const org = findOrganization(ctx.store.state, req.params.org!);
  const project = findProject(ctx.store.state, org, req.params.project!);
  requireOrganizationAccess(principal, org.id);
  requireScope(principal, scopes);
  return project;
}

function listKeys(req: ApiRequest, ctx: SandboxContext): ApiResponse {
  const project = projectFor(req, ctx, READ);
  const page = parsePageRequest(req.url.searchParams, ctx.defaultPerPage);
  const keys = keysNewestFirst(
    ctx.store.state.clientKeys.filter((k) => k.projectId === project.id),
    req.url.searchParams.get("status"),
  );
  const { results, link } = paginate(keys, page, req.url);
  return {
    status: 200,
    body: results.map((k) => serializeKey(ctx.baseUrl, k, project)),
    headers: { Link: link },
  };
}

function createKey(req: ApiRequest, ctx: SandboxContext): ApiResponse {
  const project = projectFor(req, ctx, WRITE);
  const input = parseKeyCreate(parseJsonBody(req.body, req.headers["content-type"]));
  if (!input.ok) throw badRequest(input.errors);
  const wanted = input.value;
  for (const part of ["public", "secret"] as const) {
    const value = wanted[part];
    if (value && ctx.store.state.clientKeys.some((k) => k[part] === value)) {
      throw badRequest({ [part]: [`A key with this ${part} value already exists.`] });
    }
  }
  const key = ctx.store.mutate((state) => {
    const record: ClientKeyRecord = {
      seq: state.nextId.key++,
      projectId: project.id,
      public: wanted.public || newKeyHex(),
      secret: wanted.secret || newKeyHex(),
      label: wanted.name || newPetName(),
      status: "active",
      rateLimit: rateLimitOnCreate(wanted.rateLimit),
      browserSdkVersion: null,
      dynamicSdkLoaderOptions: {},
      dateCreated: ctx.now().toISOString(),
    };
    state.clientKeys.push(record);
    return record;
  });
  return { status: 201, body: serializeKey(ctx.baseUrl, key, project) };
}

function getKey(req: ApiRequest, ctx: SandboxContext): ApiResponse {
  const project = projectFor(req, ctx, READ);
  const key = findKey(ctx.store.state, project, req.params.keyId!);
  return { status: 200, body: serializeKey(ctx.baseUrl, key, project) };
}

function updateKey(req: ApiRequest, ctx: SandboxContext): ApiResponse {
  const project = projectFor(req, ctx, WRITE);
  const found = findKey(ctx.store.state, project, req.params.keyId!);
  const input = parseKeyUpdate(parseJsonBody(req.body, req.headers["content-type"]));
  if (!input.ok) throw badRequest(input.errors);
  const change = input.value;
  const key = ctx.store.mutate((state) => {
    const record = state.clientKeys.find((k) => k.public === found.public)!;
    if (change.name) record.label = change.name;
    // The real quirk: a PUT without browserSdkVersion resets it to the project default.
    record.browserSdkVersion = change.browserSdkVersion || null;
    if (change.dynamicSdkLoaderOptions) {
      record.dynamicSdkLoaderOptions = {
        ...record.dynamicSdkLoaderOptions,
        ...change.dynamicSdkLoaderOptions,
      };
    }
    if (change.isActive !== undefined) record.status = change.isActive ? "active" : "inactive";
    record.rateLimit = rateLimitOnUpdate(change.rateLimit, record.rateLimit);
    return record;
  });
  return { status: 200, body: serializeKey(ctx.baseUrl, key, project) };
}

function deleteKey(req: ApiRequest, ctx: SandboxContext): ApiResponse {
  const project = projectFor(req, ctx, ADMIN);
  const key = findKey(ctx.store.state, project, req.params.keyId!);
  ctx.store.mutate((state) => {
    state.clientKeys = state.clientKeys.filter((k) => k.public !== key.public);
  });
  return { status: 204 };
}

function listOrganizationKeys(req: ApiRequest, ctx: SandboxContext): ApiResponse {
  const principal = requireAuthenticated(req.principal);
  const org = findOrganization(ctx.store.state, req.params.org!);
  requireOrganizationAccess(principal, org.id);
  requireScope(principal, ["org:read", "org:write", "org:admin"]);
  const page = parsePageRequest(req.url.searchParams, ctx.defaultPerPage);
  const projects = new Map(
    ctx.store.state.projects.filter((p) => p.organizationId === org.id).map((p) => [p.id, p]),
  );
  const keys = keysNewestFirst(
    ctx.store.state.clientKeys.filter((k) => projects.has(k.projectId)),
    req.url.searchParams.get("status"),
  );
  const { results, link } = paginate(keys, page, req.url);
  const body = results.map((k) => serializeKey(ctx.baseUrl, k, projects.get(k.projectId)!));
  return { status: 200, body, headers: { Link: link } };
}

// The rollups Sentry keeps that are whole minutes (its outcomes interval): hourly and daily.
const STATS_INTERVALS: Record<string, number> = { "1h": 3600, "1d": 86400 };

// GET .../keys/{keyId}/stats/: Sentry's private endpoint, from the events the sandbox counted.
function keyStats(req: ApiRequest, ctx: SandboxContext): ApiResponse {
  const project = projectFor(req, ctx, READ);
  const key = findKey(ctx.store.state, project, req.params.keyId!);
  const params = req.url.searchParams;
  const invalid = () => badRequest({ detail: DETAIL.invalidRequestData });
  const seconds = (name: string, fallback: number): number => {
    const raw = params.get(name);
    if (raw === null || raw === "") return fallback;
    const value = Number(raw);
    if (!Number.isFinite(value)) throw invalid();
    return Math.floor(value);
  };
  const until = seconds("until", Math.floor(ctx.now().getTime() / 1000));
  const since = seconds("since", until - 86400 + 1);
  const resolution = params.get("resolution");
  const interval = resolution === null ? 86400 : STATS_INTERVALS[resolution];
  if (interval === undefined || since > until) throw invalid();
  return { status: 200, body: ctx.keyUsage.buckets(key.public, since, until, interval) };
}

const KEYS = "/api/0/projects/:org/:project/keys/";
const KEY = "/api/0/projects/:org/:project/keys/:keyId/";

/** The client-key routes. */
export const clientKeyRoutes: Route[] = [
  { method: "GET", pattern: pathPattern(KEYS), handler: listKeys },
  { method: "POST", pattern: pathPattern(KEYS), handler: createKey },
  { method: "GET", pattern: pathPattern(KEY), handler: getKey },
  { method: "PUT", pattern: pathPattern(KEY), handler: updateKey },
  { method: "DELETE", pattern: pathPattern(KEY), handler: deleteKey },
  { method: "GET", pattern: pathPattern(`${KEY}stats/`), handler: keyStats },
  {
    method: "GET",
    pattern: pathPattern("/api/0/organizations/:org/project-keys/"),
    handler: listOrganizationKeys,
  },
];
