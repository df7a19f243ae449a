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
import {
  sandboxAdmin,
  type AdminLoggedRequest,
  type SandboxAdmin,
} from "../../testkit/sandbox-admin";

// The admin API's own types, under the names the client tests have always used.
export type {
  AdminFault as SandboxFault,
  AdminLoggedRequest as LoggedRequest,
} from "../../testkit/sandbox-admin";

/** A running sandbox plus its typed admin calls. */
export type ClientTestSandbox = RunningSandbox & SandboxAdmin;

/** Starts a sandbox with a generous rate limit unless told otherwise. */
export async function startClientSandbox(options: SandboxOptions = {}): Promise<ClientTestSandbox> {
  const sandbox = await startSandbox({
    quiet: true,
    rateLimit: { limit: 100_000, windowSeconds: 1, concurrentLimit: 1000 },
    ...options,
  });
  return { ...sandbox, close: () => sandbox.close(), ...sandboxAdmin(sandbox.url) };
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
export function matching(
  log: AdminLoggedRequest[],
  method: string,
  path: RegExp,
): AdminLoggedRequest[] {
  return log.filter((entry) => entry.method === method && path.test(entry.path));
}
