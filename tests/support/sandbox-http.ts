/**
 * Plain HTTP for sandbox tests (no project client): one request per connection, so a test sees
 * exactly what the server sent, including connections it resets.
 */
import * as http from "node:http";
import { startSandbox, type RunningSandbox, type SandboxOptions } from "../../sandbox";
import { sandboxAdmin } from "../../testkit/sandbox-admin";

/** What came back. `json` is the parsed body, or undefined when it is empty or not JSON. */
export interface HttpResult {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  json: unknown;
}

/** Request options; an object `body` is sent as JSON. */
export interface RequestOptions {
  method?: string;
  headers?: Record<string, string>;
  body?: string | Buffer | object;
  token?: string;
}

/** Sends one request; rejects (e.g. ECONNRESET, "socket hang up") when no response arrives. */
export function request(url: string, opts: RequestOptions = {}): Promise<HttpResult> {
  const headers: Record<string, string> = { ...opts.headers };
  let payload: Buffer | undefined;
  if (Buffer.isBuffer(opts.body)) payload = opts.body;
  else if (typeof opts.body === "string") payload = Buffer.from(opts.body);
  else if (opts.body !== undefined) {
    payload = Buffer.from(JSON.stringify(opts.body));
    headers["Content-Type"] ??= "application/json";
  }
  if (opts.token !== undefined) headers.Authorization = `Bearer ${opts.token}`;
  if (payload) headers["Content-Length"] = String(payload.length);
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      { method: opts.method ?? "GET", headers, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("error", reject);
        res.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8");
          let json: unknown;
          try {
            json = text === "" ? undefined : JSON.parse(text);
          } catch {
            json = undefined;
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
        });
      },
    );
    req.on("error", reject);
    req.end(payload);
  });
}

/** Calls the sandbox API as its admin token unless `token` says otherwise (null = no token). */
export function api(
  sandbox: RunningSandbox,
  method: string,
  path: string,
  opts: {
    body?: RequestOptions["body"];
    token?: string | null;
    headers?: Record<string, string>;
  } = {},
): Promise<HttpResult> {
  const token = opts.token === null ? undefined : (opts.token ?? sandbox.token);
  return request(`${sandbox.url}${path}`, {
    method,
    body: opts.body,
    token,
    headers: opts.headers,
  });
}

/**
 * Sends a raw request to the sandbox admin API (`/__sandbox/...`), for tests of the admin API
 * itself (its status codes and errors); everything else uses testkit/sandbox-admin.
 */
export function admin(
  sandbox: RunningSandbox,
  method: string,
  path: string,
  body?: object,
): Promise<HttpResult> {
  return request(`${sandbox.url}/__sandbox/${path}`, { method, body });
}

/** The keys collection path of the seeded project. */
export function keysPath(sandbox: RunningSandbox, keyId?: string): string {
  const base = `/api/0/projects/${sandbox.organization}/${sandbox.project}/keys/`;
  return keyId === undefined ? base : `${base}${keyId}/`;
}

/** The org auth tokens path of the seeded organization. */
export function tokensPath(sandbox: RunningSandbox, tokenId?: string): string {
  const base = `/api/0/organizations/${sandbox.organization}/org-auth-tokens/`;
  return tokenId === undefined ? base : `${base}${tokenId}/`;
}

/** Mints a user token with exactly `scopes` through the admin API. */
export function mintToken(sandbox: RunningSandbox, scopes: string[]): Promise<string> {
  return sandboxAdmin(sandbox.url).mintToken(scopes);
}

/** Starts a quiet sandbox on an ephemeral loopback port; rate limiting off unless asked for. */
export function startTestSandbox(opts: SandboxOptions = {}): Promise<RunningSandbox> {
  return startSandbox({ rateLimit: false, ...opts });
}
