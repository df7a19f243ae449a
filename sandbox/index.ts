/** A local Sentry-compatible server for tests, examples and demos: `startSandbox()`. */
import type { AddressInfo } from "node:net";
import type { SandboxContext } from "./context";
import { FaultBook } from "./faults";
import { Journal } from "./journal";
import { KeyUsage } from "./key-usage";
import { resolveOptions, type SandboxOptions } from "./options";
import { KeyQuotas, RateLimiter } from "./rate-limit";
import { applySeed } from "./seed";
import { createSandboxServer } from "./server";
import { Store } from "./store";

export type { SandboxOptions } from "./options";

/** A started sandbox: where it listens, what it seeded, and how to stop it. */
export interface RunningSandbox {
  /** "http://127.0.0.1:PORT" */
  url: string;
  organization: string;
  project: string;
  projectId: number;
  organizationId: number;
  /** The admin user token (all scopes). */
  token: string;
  /** Stops listening and closes open connections. */
  close(): Promise<void>;
}

// How the URL names the host: wildcard binds are reached on loopback; IPv6 needs brackets.
function urlHost(host: string): string {
  if (host === "0.0.0.0") return "127.0.0.1";
  if (host === "::") return "[::1]";
  return host.includes(":") ? `[${host}]` : host;
}

/** Starts the sandbox; resolves once it is listening. */
export async function startSandbox(opts: SandboxOptions = {}): Promise<RunningSandbox> {
  const options = resolveOptions(opts);
  const store = Store.open(options.dataFile);
  const seeded = applySeed(
    store,
    { organization: options.organization, project: options.project, token: options.token },
    options.now(),
  );
  const ctx: SandboxContext = {
    store,
    journal: new Journal(),
    faults: new FaultBook(),
    limiter: new RateLimiter(options.rateLimit, () => options.now().getTime()),
    keyQuotas: new KeyQuotas(),
    keyUsage: new KeyUsage(),
    baseUrl: "",
    defaultPerPage: options.defaultPerPage,
    now: options.now,
  };
  const { server, cancelPending } = createSandboxServer(ctx, {
    quiet: options.quiet,
    log: options.log,
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  ctx.baseUrl = `http://${urlHost(options.host)}:${port}`;
  let closing: Promise<void> | undefined;
  return {
    url: ctx.baseUrl,
    organization: seeded.organization.slug,
    project: seeded.project.slug,
    projectId: seeded.project.id,
    organizationId: seeded.organization.id,
    token: seeded.token,
    close: () => {
      closing ??= new Promise<void>((resolve, reject) => {
        cancelPending();
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
