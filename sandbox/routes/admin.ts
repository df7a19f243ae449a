/**
 * The test-only admin API under `/__sandbox/`: state, faults, rate limits, logs, extra tokens and
 * projects. Its request and answer shapes are exported here (`Admin*`), so every client of the
 * admin API (testkit/sandbox-admin.ts) is typed by the server itself and cannot drift from it.
 */
import { ORG_TOKEN_SCOPES, USER_SCOPES } from "../auth";
import { parseJsonBody } from "../body";
import type { ApiRequest, ApiResponse, Route, SandboxContext } from "../context";
import { badRequest } from "../errors";
import { parseFaults, type Fault } from "../faults";
import type { CheckInRecord, MonitorRecord } from "../check-ins";
import type { EventRecord, RequestLogEntry } from "../journal";
import { newUserToken } from "../ids";
import { isSlug } from "../options";
import { DEFAULT_RATE_LIMIT, type RateLimitConfig } from "../rate-limit";
import { addUserToken, createProject } from "../seed";
import { serializeKey, serializeOrgToken } from "../serializers";
import {
  booleanField,
  choiceField,
  integerField,
  isPlainObject,
  validateObject,
} from "../validation";

/** One entry of `GET /__sandbox/requests` (the API and ingest request log, oldest first). */
export type AdminLoggedRequest = RequestLogEntry;
/** One entry of `GET /__sandbox/events`: an accepted ingest request. */
export type AdminEvent = EventRecord;
/** One entry of `GET /__sandbox/check-ins`: a cron check-in, accepted or dropped (with why). */
export type AdminCheckIn = CheckInRecord;
/** One entry of `GET /__sandbox/monitors`: a cron monitor a check-in's `monitor_config` made. */
export type AdminMonitor = MonitorRecord;
/** A fault rule as `POST /__sandbox/faults` takes it (`{"faults": [...]}`) and `GET` lists it. */
export type AdminFault = Fault;
/** The body of `GET /__sandbox/state` (secrets included: never print it). */
export type AdminState = ReturnType<typeof stateSnapshot>;
/** A client key as `GET /__sandbox/state` shows it, the Sentry API shape plus its project id. */
export type AdminClientKey = AdminState["clientKeys"][number];
/** The body of `PUT /__sandbox/rate-limit`; omitted numbers keep their current value. */
export interface AdminRateLimitSettings {
  enabled: boolean;
  limit?: number;
  windowSeconds?: number;
  concurrentLimit?: number;
}
/** The body of `GET` and `PUT /__sandbox/rate-limit`. */
export type AdminRateLimitView = { enabled: false } | ({ enabled: true } & RateLimitConfig);
/** The body of `POST /__sandbox/tokens`. */
export interface AdminMintedToken {
  token: string;
}
/** The body of `POST /__sandbox/projects`. */
export interface AdminCreatedProject {
  slug: string;
  id: number;
}

const body = (req: ApiRequest): unknown => parseJsonBody(req.body, req.headers["content-type"]);

// A response whose body has the exported type, so a change of shape shows up in every client.
const ok = <T>(status: number, answer: T): ApiResponse => ({ status, body: answer });

function stateSnapshot(ctx: SandboxContext) {
  const state = ctx.store.state;
  const projects = new Map(state.projects.map((p) => [p.id, p]));
  return {
    seed: { organization: state.seed.organization, project: state.seed.project },
    organizations: state.organizations,
    projects: state.projects,
    clientKeys: state.clientKeys.map((k) =>
      serializeKey(ctx.baseUrl, k, projects.get(k.projectId)!),
    ),
    orgAuthTokens: state.orgAuthTokens.map((t) => ({
      ...serializeOrgToken(t),
      organizationId: t.organizationId,
      dateDeactivated: t.dateDeactivated,
    })),
    userTokens: state.userTokens.map(({ tokenHashed: _hash, ...token }) => token),
  };
}

function rateLimitView(ctx: SandboxContext): ApiResponse {
  const config = ctx.limiter.current;
  return ok<AdminRateLimitView>(
    200,
    config === false ? { enabled: false } : { enabled: true, ...config },
  );
}

function setRateLimit(req: ApiRequest, ctx: SandboxContext): ApiResponse {
  const input = validateObject<{
    enabled: boolean;
    limit: number | null;
    windowSeconds: number | null;
    concurrentLimit: number | null;
  }>(body(req), {
    enabled: booleanField,
    limit: integerField({ min: 1 }),
    windowSeconds: integerField({ min: 1, max: 86400 }),
    concurrentLimit: integerField({ min: 1 }),
  });
  if (!input.ok) throw badRequest(input.errors);
  if (input.value.enabled === undefined) throw badRequest({ enabled: ["This field is required."] });
  if (!input.value.enabled) {
    ctx.limiter.configure(false);
  } else {
    const base = ctx.limiter.current || DEFAULT_RATE_LIMIT;
    const config: RateLimitConfig = {
      limit: input.value.limit ?? base.limit,
      windowSeconds: input.value.windowSeconds ?? base.windowSeconds,
      concurrentLimit: input.value.concurrentLimit ?? base.concurrentLimit,
    };
    ctx.limiter.configure(config);
  }
  return rateLimitView(ctx);
}

function addFaults(req: ApiRequest, ctx: SandboxContext): ApiResponse {
  const rules = parseFaults(body(req));
  if (!rules.ok) throw badRequest(rules.errors);
  ctx.faults.add(rules.value);
  return faultList(ctx, 201);
}

const faultList = (ctx: SandboxContext, status: number): ApiResponse =>
  ok<{ faults: AdminFault[] }>(status, { faults: ctx.faults.list() });

function listEvents(req: ApiRequest, ctx: SandboxContext): ApiResponse {
  const publicKey = req.url.searchParams.get("publicKey");
  const events = ctx.journal.events.filter((e) => publicKey === null || e.publicKey === publicKey);
  return ok<AdminEvent[]>(200, events);
}

// `?after=<seq>`: only newer entries, so a poller need not fetch the whole log each time.
function listRequests(req: ApiRequest, ctx: SandboxContext): ApiResponse {
  const after = req.url.searchParams.get("after");
  if (after === null) return ok<AdminLoggedRequest[]>(200, ctx.journal.requests);
  if (!/^\d+$/.test(after)) {
    throw badRequest({ after: ["A non-negative whole number (a seq of the log) is required."] });
  }
  const seq = Number(after);
  return ok<AdminLoggedRequest[]>(
    200,
    ctx.journal.requests.filter((entry) => entry.seq > seq),
  );
}

function listCheckIns(req: ApiRequest, ctx: SandboxContext): ApiResponse {
  const slug = req.url.searchParams.get("monitor");
  const checkIns = ctx.journal.checkIns.filter((c) => slug === null || c.monitorSlug === slug);
  return ok<AdminCheckIn[]>(200, checkIns);
}

const MINTABLE_SCOPES = [...USER_SCOPES, ...ORG_TOKEN_SCOPES] as readonly string[];

function mintToken(req: ApiRequest, ctx: SandboxContext): ApiResponse {
  const data = body(req);
  const input = validateObject<{ kind: string }>(data, { kind: choiceField(["user"]) });
  if (!input.ok) throw badRequest(input.errors);
  const scopes = isPlainObject(data) ? data.scopes : undefined;
  if (
    !Array.isArray(scopes) ||
    scopes.some((s) => typeof s !== "string" || !MINTABLE_SCOPES.includes(s))
  ) {
    throw badRequest({
      scopes: [`Expected a list of scopes from: ${MINTABLE_SCOPES.join(", ")}.`],
    });
  }
  const token = newUserToken();
  ctx.store.mutate((state) => addUserToken(state, token, scopes as string[], ctx.now()));
  return ok<AdminMintedToken>(201, { token });
}

function addProject(req: ApiRequest, ctx: SandboxContext): ApiResponse {
  const data = body(req);
  const slug = isPlainObject(data) ? data.slug : undefined;
  if (typeof slug !== "string" || !isSlug(slug)) {
    throw badRequest({
      slug: ["Enter a slug: lowercase letters, digits, - or _, not only digits, at most 50."],
    });
  }
  const state = ctx.store.state;
  const org = state.organizations.find((o) => o.slug === state.seed.organization)!;
  if (state.projects.some((p) => p.organizationId === org.id && p.slug === slug)) {
    throw badRequest({ slug: [`A project with the slug "${slug}" already exists.`] });
  }
  const project = ctx.store.mutate((s) => createProject(s, org, slug, ctx.now()));
  return ok<AdminCreatedProject>(201, { slug: project.slug, id: project.id });
}

const cleared =
  (clear: (ctx: SandboxContext) => void) => (_req: ApiRequest, ctx: SandboxContext) => {
    clear(ctx);
    return { status: 204 };
  };

/** The admin routes (no auth, never rate limited or faulted). */
export const adminRoutes: Route[] = [
  {
    method: "GET",
    pattern: /^\/__sandbox\/state\/?$/,
    handler: (_r, ctx) => ok<AdminState>(200, stateSnapshot(ctx)),
  },
  { method: "GET", pattern: /^\/__sandbox\/faults\/?$/, handler: (_r, ctx) => faultList(ctx, 200) },
  { method: "POST", pattern: /^\/__sandbox\/faults\/?$/, handler: addFaults },
  {
    method: "DELETE",
    pattern: /^\/__sandbox\/faults\/?$/,
    handler: cleared((ctx) => ctx.faults.clear()),
  },
  {
    method: "GET",
    pattern: /^\/__sandbox\/rate-limit\/?$/,
    handler: (_r, ctx) => rateLimitView(ctx),
  },
  { method: "PUT", pattern: /^\/__sandbox\/rate-limit\/?$/, handler: setRateLimit },
  { method: "GET", pattern: /^\/__sandbox\/events\/?$/, handler: listEvents },
  {
    method: "DELETE",
    pattern: /^\/__sandbox\/events\/?$/,
    handler: cleared((ctx) => (ctx.journal.events = [])),
  },
  {
    method: "GET",
    pattern: /^\/__sandbox\/requests\/?$/,
    handler: listRequests,
  },
  {
    method: "DELETE",
    pattern: /^\/__sandbox\/requests\/?$/,
    handler: cleared((ctx) => (ctx.journal.requests = [])),
  },
  { method: "GET", pattern: /^\/__sandbox\/check-ins\/?$/, handler: listCheckIns },
  {
    method: "DELETE",
    pattern: /^\/__sandbox\/check-ins\/?$/,
    handler: cleared((ctx) => {
      ctx.journal.checkIns = [];
      ctx.journal.monitors = [];
    }),
  },
  {
    method: "GET",
    pattern: /^\/__sandbox\/monitors\/?$/,
    handler: (_r, ctx) => ok<AdminMonitor[]>(200, ctx.journal.monitors),
  },
  { method: "POST", pattern: /^\/__sandbox\/tokens\/?$/, handler: mintToken },
  { method: "POST", pattern: /^\/__sandbox\/projects\/?$/, handler: addProject },
];
