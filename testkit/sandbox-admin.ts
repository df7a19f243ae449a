/** The few sandbox admin calls the demo narrates from (see docs/sandbox.md, "Admin API"). */

/** One entry of the sandbox's request log. */
export interface SandboxRequest {
  seq: number;
  method: string;
  path: string;
  status: number;
  at: string;
}

/** A client key as the sandbox's state shows it. */
export interface SandboxKeyState {
  public: string;
  /** The legacy secret key (a test double shows it; Sentry shows it to admins). */
  secret: string;
  isActive: boolean;
  dsn: { public: string; secret: string };
}

/** Admin calls against a sandbox at `url`. */
export function sandboxAdmin(url: string) {
  const call = async (method: string, path: string): Promise<unknown> => {
    const response = await fetch(`${url}/__sandbox/${path}`, { method });
    const text = await response.text();
    if (!response.ok) throw new Error(`sandbox ${method} ${path}: HTTP ${response.status}`);
    return text ? JSON.parse(text) : undefined;
  };
  return {
    /** API and ingest requests, in arrival order. */
    requests: async () => (await call("GET", "requests")) as SandboxRequest[],
    clearRequests: async () => void (await call("DELETE", "requests")),
    /** Client keys, inactive ones included. */
    keys: async () =>
      ((await call("GET", "state")) as { clientKeys: SandboxKeyState[] }).clientKeys,
    /** Accepted events sent with one key. */
    events: async (publicKey: string) =>
      (await call("GET", `events?publicKey=${publicKey}`)) as Array<{ id: string }>,
  };
}

/** API calls that change something, in order (ingest and reads left out). */
export function apiWritesOf(log: SandboxRequest[]): SandboxRequest[] {
  return log.filter((r) => r.path.startsWith("/api/0/") && r.method !== "GET");
}
