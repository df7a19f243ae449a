/**
 * Test support for the Sentry client's integration tests: a sandbox per suite, its admin API
 * (faults, request log, rate limit, extra tokens) and a client whose every delay is milliseconds.
 */
import {
  createSentryClient,
  type ClientEvent,
  type SentryClientOptions,
} from "../../provider/sentry";
import { startSandbox, type RunningSandbox, type SandboxOptions } from "../../sandbox";

/** A fault rule of the sandbox admin API. */
export interface SandboxFault {
  method?: "GET" | "POST" | "PUT" | "DELETE";
  path?: string;
  kind: "status" | "reset" | "delay" | "drop-after-commit" | "rate-limit";
  status?: number;
  body?: unknown;
  delayMs?: number;
  times?: number;
}

/** One entry of the sandbox's API request log. */
export interface LoggedRequest {
  seq: number;
  method: string;
  path: string;
  status: number;
  at: string;
  tokenKind: "user" | "org" | "none";
  fault?: string;
}

/** A running sandbox plus typed admin calls. */
export interface ClientTestSandbox extends RunningSandbox {
  addFaults(...faults: SandboxFault[]): Promise<void>;
  clearFaults(): Promise<void>;
  requests(): Promise<LoggedRequest[]>;
  clearRequests(): Promise<void>;
  setRateLimit(
    limit: { limit: number; windowSeconds: number; concurrentLimit?: number } | false,
  ): Promise<void>;
  mintToken(scopes: string[]): Promise<string>;
  state(): Promise<Record<string, unknown>>;
}

async function admin(url: string, method: string, path: string, body?: unknown): Promise<unknown> {
  const response = await fetch(`${url}/__sandbox/${path}`, {
    method,
    headers: body === undefined ? {} : { "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`sandbox admin ${method} ${path}: ${response.status} ${text}`);
  return text ? JSON.parse(text) : undefined;
}

/** Starts a sandbox with a generous rate limit unless told otherwise. */
export async function startClientSandbox(options: SandboxOptions = {}): Promise<ClientTestSandbox> {
  const sandbox = await startSandbox({
    quiet: true,
    rateLimit: { limit: 100_000, windowSeconds: 1, concurrentLimit: 1000 },
    ...options,
  });
  const call = (method: string, path: string, body?: unknown) =>
    admin(sandbox.url, method, path, body);
  return {
    ...sandbox,
    close: () => sandbox.close(),
    addFaults: async (...faults) => void (await call("POST", "faults", { faults })),
    clearFaults: async () => void (await call("DELETE", "faults")),
    requests: async () => (await call("GET", "requests")) as LoggedRequest[],
    clearRequests: async () => void (await call("DELETE", "requests")),
    setRateLimit: async (limit) =>
      void (await call(
        "PUT",
        "rate-limit",
        limit === false ? { enabled: false } : { enabled: true, ...limit },
      )),
    mintToken: async (scopes) =>
      ((await call("POST", "tokens", { scopes })) as { token: string }).token,
    state: async () => (await call("GET", "state")) as Record<string, unknown>,
  };
}

/** Millisecond delays: what makes the suite run in seconds. */
export const FAST: Pick<SentryClientOptions, "retry" | "rateLimit" | "timeoutMs"> = {
  timeoutMs: 2000,
  retry: { retries: 3, baseDelayMs: 2, maxDelayMs: 10 },
  rateLimit: { resetMarginMs: 20, maxWaitMs: 5000 },
};

/** A client of the sandbox with fast delays; `events` collects every ClientEvent. */
export function fastClient(
  sandbox: Pick<RunningSandbox, "url" | "token">,
  overrides: Partial<SentryClientOptions> = {},
) {
  const events: ClientEvent[] = [];
  const client = createSentryClient({
    token: sandbox.token,
    baseUrl: sandbox.url,
    ...FAST,
    onEvent: (event) => events.push(event),
    ...overrides,
    retry: { ...FAST.retry, ...overrides.retry },
    rateLimit: { ...FAST.rateLimit, ...overrides.rateLimit },
  });
  return { client, events };
}

/** Requests of the log for one method and path pattern. */
export function matching(log: LoggedRequest[], method: string, path: RegExp): LoggedRequest[] {
  return log.filter((entry) => entry.method === method && path.test(entry.path));
}
