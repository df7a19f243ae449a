/**
 * The HTTP side: reads each request, applies fault rules and rate limits, dispatches to the
 * routes, writes JSON, and logs. Unexpected errors become a 500 JSON body and never stop the server.
 */
import * as http from "node:http";
import { authenticate, readCredentials, resolveToken, type Principal } from "./auth";
import { readBody } from "./body";
import type { ApiResponse, Route, SandboxContext } from "./context";
import { ApiError, DETAIL, methodNotAllowed, notFound } from "./errors";
import type { FaultRule } from "./faults";
import { rateLimitedBody, rateLimitHeaders, DEFAULT_RATE_LIMIT } from "./rate-limit";
import { matchRoute } from "./router";
import { adminRoutes } from "./routes/admin";
import { authInfoRoutes } from "./routes/auth-info";
import { clientKeyRoutes } from "./routes/client-keys";
import { cronRoutes, isCronPath } from "./routes/cron";
import { ingestRoutes } from "./routes/ingest";
import { orgAuthTokenRoutes } from "./routes/org-auth-tokens";
import { projectRoutes } from "./routes/projects";
import { recordTokenUse } from "./token-use";

const API_ROUTES: Route[] = [
  ...authInfoRoutes,
  ...clientKeyRoutes,
  ...orgAuthTokenRoutes,
  ...ingestRoutes,
  ...projectRoutes,
  ...cronRoutes,
];
const API_BODY_LIMIT = 1024 * 1024;
const INGEST_CORS_HEADERS = {
  "Access-Control-Allow-Origin": "*",
  "Access-Control-Expose-Headers": "x-sentry-error, x-sentry-rate-limits, retry-after",
};
const INGEST_BODY_LIMIT = 20 * 1024 * 1024;

/** How the server reports: the request log (unless quiet) and internal errors (always). */
export interface ServerLogging {
  quiet: boolean;
  log(line: string): void;
}

/** The running HTTP server plus a way to stop delayed requests when it closes. */
export interface SandboxHttpServer {
  server: http.Server;
  /** Cancels pending fault delays; their connections are closed with the server. */
  cancelPending(): void;
}

/** Creates (but does not start) the sandbox HTTP server. */
export function createSandboxServer(
  ctx: SandboxContext,
  logging: ServerLogging,
): SandboxHttpServer {
  const timers = new Set<NodeJS.Timeout>();
  const sleep = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        resolve();
      }, ms);
      timers.add(timer);
    });

  const server = http.createServer((req, res) => {
    const started = Date.now();
    const method = (req.method ?? "GET").toUpperCase();
    let url: URL;
    try {
      url = new URL(`${ctx.baseUrl}${req.url?.startsWith("/") ? req.url : "/"}`);
    } catch {
      send(res, { status: 400, body: { detail: "Malformed request URL." } });
      return;
    }
    const done = (status: number, fault?: string): void => {
      if (!logging.quiet) {
        const note = fault ? ` (fault: ${fault})` : "";
        logging.log(
          `sandbox: ${method} ${url.pathname} ${status} ${Date.now() - started}ms${note}`,
        );
      }
    };
    const work = url.pathname.startsWith("/__sandbox/")
      ? handleAdmin(ctx, req, res, method, url, logging)
      : handleApi(ctx, req, res, method, url, logging, sleep);
    work.then(
      (outcome) => done(outcome.status, outcome.fault),
      (error: unknown) => {
        logInternalError(logging, method, url.pathname, error);
        if (!res.headersSent) send(res, { status: 500, body: { detail: DETAIL.internal } });
        done(500);
      },
    );
  });
  return {
    server,
    cancelPending: () => {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
    },
  };
}

type Outcome = { status: number; fault?: string };

async function handleAdmin(
  ctx: SandboxContext,
  req: http.IncomingMessage,
  res: http.ServerResponse,
  method: string,
  url: URL,
  logging: ServerLogging,
): Promise<Outcome> {
  const response = await respondSafely(logging, method, url.pathname, async () => {
    const body = await readBody(req, API_BODY_LIMIT);
    const match = matchRoute(adminRoutes, method, url.pathname);
    if (match.kind === "not-found")
      throw new ApiError(404, { detail: `No sandbox admin route ${url.pathname}` });
    if (match.kind === "method-not-allowed") throw methodNotAllowed(method);
    return match.handler(
      { method, url, headers: req.headers, body, params: match.params, principal: null },
      ctx,
    );
  });
  send(res, response);
  return { status: response.status };
}

async function handleApi(
  ctx: SandboxContext,
  req: http.IncomingMessage,
  res: http.ServerResponse,
  method: string,
  url: URL,
  logging: ServerLogging,
  sleep: (ms: number) => Promise<void>,
): Promise<Outcome> {
  const path = url.pathname;
  const isIngest = /^\/api\/\d+\/(?:envelope|store)\/?$/.test(path) || isCronPath(path);
  const credentials = isIngest
    ? ({ kind: "none" } as const)
    : readCredentials(req.headers.authorization);
  const caller: Principal | undefined =
    credentials.kind === "bearer" ? resolveToken(ctx.store.state, credentials.token) : undefined;
  const record = (status: number, fault?: string): Outcome => {
    ctx.journal.logRequest({
      method,
      path,
      status,
      at: ctx.now().toISOString(),
      tokenKind: caller?.kind ?? "none",
      ...(fault ? { fault } : {}),
      ...(isIngest && typeof req.headers.origin === "string" ? { origin: req.headers.origin } : {}),
    });
    return { status, ...(fault ? { fault } : {}) };
  };

  let body: Buffer;
  try {
    body = await readBody(req, isIngest ? INGEST_BODY_LIMIT : API_BODY_LIMIT);
  } catch (error) {
    const response = toResponse(logging, method, path, error);
    send(res, response);
    return record(response.status);
  }

  // The caller counts against its limits from here on, including while a fault delays it.
  let release = (): void => undefined;
  // Ingest answers carry Relay's CORS headers, so a browser SDK can read the status.
  let limitHeaders: Record<string, string> = isIngest ? { ...INGEST_CORS_HEADERS } : {};
  if (!isIngest) {
    const decision = ctx.limiter.begin(
      caller ? `${caller.kind}:${caller.id}` : `ip:${req.socket.remoteAddress}`,
    );
    release = decision.release;
    limitHeaders = decision.headers;
    if (!decision.allowed) {
      release();
      send(res, { status: 429, body: decision.body, headers: limitHeaders });
      return record(429);
    }
  }
  const fault = ctx.faults.take(method, path);
  try {
    const early = fault ? await applyFault(fault, ctx, req, res, sleep) : undefined;
    if (early) return record(early.status, fault!.kind);
    const response = await respondSafely(logging, method, path, async () => {
      const principal = isIngest ? null : authenticate(ctx.store.state, credentials);
      if (principal?.kind === "org") recordTokenUse(ctx, principal.id, logging.log);
      const match = matchRoute(API_ROUTES, method, path);
      if (match.kind === "not-found") throw notFound();
      if (match.kind === "method-not-allowed") throw methodNotAllowed(method);
      return match.handler(
        { method, url, headers: req.headers, body, params: match.params, principal },
        ctx,
      );
    });
    if (fault?.kind === "drop-after-commit") {
      req.socket.destroy(); // the change is applied and persisted; only the response is lost
      return record(response.status, fault.kind);
    }
    send(res, { ...response, headers: { ...limitHeaders, ...response.headers } });
    return record(response.status, fault?.kind);
  } finally {
    release();
  }
}

// Faults that answer (or hang up) instead of the handler; undefined lets the request go on.
async function applyFault(
  fault: FaultRule,
  ctx: SandboxContext,
  req: http.IncomingMessage,
  res: http.ServerResponse,
  sleep: (ms: number) => Promise<void>,
): Promise<{ status: number } | undefined> {
  switch (fault.kind) {
    case "delay":
      await sleep(fault.delayMs ?? 0);
      return undefined;
    case "reset":
      req.socket.destroy();
      return { status: 0 };
    case "status": {
      const status = fault.status ?? 503;
      send(res, { status, body: "body" in fault ? fault.body : { detail: DETAIL.internal } });
      return { status };
    }
    case "rate-limit": {
      const config = ctx.limiter.current || DEFAULT_RATE_LIMIT;
      const reset = Math.floor(ctx.now().getTime() / 1000) + 1;
      const headers = rateLimitHeaders(config, 0, reset, config.concurrentLimit - 1);
      send(res, { status: 429, body: rateLimitedBody(config), headers });
      return { status: 429 };
    }
    default:
      return undefined;
  }
}

async function respondSafely(
  logging: ServerLogging,
  method: string,
  path: string,
  work: () => Promise<ApiResponse> | ApiResponse,
): Promise<ApiResponse> {
  try {
    return await work();
  } catch (error) {
    return toResponse(logging, method, path, error);
  }
}

function toResponse(
  logging: ServerLogging,
  method: string,
  path: string,
  error: unknown,
): ApiResponse {
  if (error instanceof ApiError)
    return { status: error.status, body: error.body, headers: error.headers };
  logInternalError(logging, method, path, error);
  return { status: 500, body: { detail: DETAIL.internal } };
}

// Only the method, path and the error itself: never headers, so never a token.
function logInternalError(
  logging: ServerLogging,
  method: string,
  path: string,
  error: unknown,
): void {
  const text = error instanceof Error ? (error.stack ?? error.message) : String(error);
  logging.log(`sandbox: internal error on ${method} ${path}: ${text}`);
}

function send(res: http.ServerResponse, response: ApiResponse): void {
  if (res.headersSent || res.destroyed) return;
  const headers: Record<string, string> = { ...response.headers };
  if (response.status === 204 || response.body === undefined) {
    res.writeHead(response.status, headers);
    res.end();
    return;
  }
  const text = JSON.stringify(response.body);
  headers["Content-Type"] = "application/json";
  headers["Content-Length"] = String(Buffer.byteLength(text));
  res.writeHead(response.status, headers);
  res.end(text);
}
