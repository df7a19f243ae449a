/**
 * A provider context wired to a fresh sandbox, with millisecond delays, a settable clock and the
 * log captured, for provider tests over real HTTP.
 */
import { createProviderContext, type ProviderContext } from "../../provider/runtime/context";
import { type Clock, fixedClock } from "../../provider/rotation";
import type { AdminClientKey, AdminState } from "../../testkit/sandbox-admin";
import { type ClientTestSandbox, FAST, fastClient, startClientSandbox } from "./client-sandbox";

/** An org auth token as the sandbox's state shows it (revoked ones carry dateDeactivated). */
export type SandboxToken = AdminState["orgAuthTokens"][number];

/** What a provider test works with. */
export interface ProviderFixture {
  sandbox: ClientTestSandbox;
  ctx: ProviderContext;
  /** Lines the provider logged. */
  logs: string[];
  /** Moves the provider's clock. */
  setNow(iso: string): void;
  /** Every key in the sandbox, deactivated ones included, as the API shows them. */
  keys(): Promise<AdminClientKey[]>;
  /** Every key and org auth token in the sandbox, deactivated and revoked ones included. */
  keysAndTokens(): Promise<{ keys: AdminClientKey[]; tokens: SandboxToken[] }>;
  /** A context with another token (e.g. a limited or invalid one). */
  contextWithToken(token: string): ProviderContext;
  close(): Promise<void>;
}

/** Starts a sandbox and a provider context for it. */
export async function startProviderFixture(): Promise<ProviderFixture> {
  const sandbox = await startClientSandbox();
  const logs: string[] = [];
  let clock: Clock = fixedClock(new Date());
  const contextWithToken = (token: string) =>
    createProviderContext({
      settings: { authToken: token, url: sandbox.url, organization: sandbox.organization },
      clientOptions: FAST,
      clock: () => clock,
      log: (message) => logs.push(message),
      sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.min(ms, 5))),
    });
  return {
    sandbox,
    ctx: contextWithToken(sandbox.token),
    logs,
    setNow: (iso) => {
      clock = fixedClock(iso);
    },
    keys: async () => (await sandbox.state()).clientKeys,
    keysAndTokens: async () => {
      const state = await sandbox.state();
      return {
        keys: state.clientKeys,
        tokens: state.orgAuthTokens,
      };
    },
    contextWithToken,
    close: () => sandbox.close(),
  };
}

export { fastClient };
