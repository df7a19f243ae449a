/**
 * The one client of the sandbox's admin API (`/__sandbox/...`, see docs/sandbox.md "Admin API"),
 * used by tests, the demo, bench and soak. Its types are the server's own (sandbox/routes/admin.ts),
 * so a change of shape there fails to compile here instead of drifting.
 */
import type {
  AdminCheckIn,
  AdminClientKey,
  AdminCreatedProject,
  AdminEvent,
  AdminFault,
  AdminLoggedRequest,
  AdminMintedToken,
  AdminMonitor,
  AdminRateLimitView,
  AdminState,
} from "../sandbox/routes/admin";

export type {
  AdminCheckIn,
  AdminClientKey,
  AdminEvent,
  AdminFault,
  AdminLoggedRequest,
  AdminMonitor,
  AdminRateLimitView,
  AdminState,
} from "../sandbox/routes/admin";

/** API rate-limit settings for `setRateLimit`; false switches limiting (and its headers) off. */
export type RateLimitSetting = { limit: number; windowSeconds: number; concurrentLimit?: number };

/** Typed admin calls against one sandbox. Every call throws with the status and body on failure. */
export interface SandboxAdmin {
  /** Everything the sandbox holds (secrets included: never print it). */
  state(): Promise<AdminState>;
  /** Client keys, inactive ones included. */
  keys(): Promise<AdminClientKey[]>;
  /** Fault rules still armed. */
  faults(): Promise<AdminFault[]>;
  /** Adds fault rules (matched in order; each consumed `times` times, default once). */
  addFaults(...faults: AdminFault[]): Promise<void>;
  clearFaults(): Promise<void>;
  rateLimit(): Promise<AdminRateLimitView>;
  setRateLimit(setting: RateLimitSetting | false): Promise<AdminRateLimitView>;
  /** API and ingest requests, oldest first (the last 10,000); only those after seq `after` if given. */
  requests(after?: number): Promise<AdminLoggedRequest[]>;
  clearRequests(): Promise<void>;
  /** Accepted events, all or those sent with one public key. */
  events(publicKey?: string): Promise<AdminEvent[]>;
  clearEvents(): Promise<void>;
  /** Cron check-ins (envelope items and the DSN cron endpoint), all or one monitor's, in order. */
  checkIns(monitorSlug?: string): Promise<AdminCheckIn[]>;
  /** Forgets check-ins and the monitors they made. */
  clearCheckIns(): Promise<void>;
  /** Cron monitors, as their check-ins' `monitor_config` made them. */
  monitors(): Promise<AdminMonitor[]>;
  /** A new user token with exactly `scopes`. */
  mintToken(scopes: string[]): Promise<string>;
  /** A new project of the seeded organization. */
  createProject(slug: string): Promise<AdminCreatedProject>;
}

/** The admin client of the sandbox at `url` ("http://127.0.0.1:PORT"). */
export function sandboxAdmin(url: string): SandboxAdmin {
  const call = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const response = await fetch(`${url}/__sandbox/${path}`, {
      method,
      headers: body === undefined ? {} : { "Content-Type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok)
      throw new Error(`sandbox admin ${method} ${path}: ${response.status} ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  };
  return {
    state: () => call<AdminState>("GET", "state"),
    keys: async () => (await call<AdminState>("GET", "state")).clientKeys,
    faults: async () => (await call<{ faults: AdminFault[] }>("GET", "faults")).faults,
    addFaults: async (...faults) => void (await call("POST", "faults", { faults })),
    clearFaults: async () => void (await call("DELETE", "faults")),
    rateLimit: () => call<AdminRateLimitView>("GET", "rate-limit"),
    setRateLimit: (setting) =>
      call<AdminRateLimitView>(
        "PUT",
        "rate-limit",
        setting === false ? { enabled: false } : { enabled: true, ...setting },
      ),
    requests: (after) =>
      call<AdminLoggedRequest[]>(
        "GET",
        after === undefined ? "requests" : `requests?after=${after}`,
      ),
    clearRequests: async () => void (await call("DELETE", "requests")),
    events: (publicKey) =>
      call<AdminEvent[]>(
        "GET",
        publicKey === undefined ? "events" : `events?publicKey=${encodeURIComponent(publicKey)}`,
      ),
    clearEvents: async () => void (await call("DELETE", "events")),
    checkIns: (monitorSlug) =>
      call<AdminCheckIn[]>(
        "GET",
        monitorSlug === undefined
          ? "check-ins"
          : `check-ins?monitor=${encodeURIComponent(monitorSlug)}`,
      ),
    clearCheckIns: async () => void (await call("DELETE", "check-ins")),
    monitors: () => call<AdminMonitor[]>("GET", "monitors"),
    mintToken: async (scopes) => (await call<AdminMintedToken>("POST", "tokens", { scopes })).token,
    createProject: (slug) => call<AdminCreatedProject>("POST", "projects", { slug }),
  };
}

/** API calls that change something, in order (ingest and reads left out). */
export function apiWritesOf(log: readonly AdminLoggedRequest[]): AdminLoggedRequest[] {
  return log.filter((r) => r.path.startsWith("/api/0/") && r.method !== "GET");
}
