/**
 * The sandbox side of fleet benchmarks and soaks: projects made through the admin API, the keys
 * Sentry holds for them, and a recorder of every API request (the sandbox's log keeps only the
 * last 10,000 entries, so the recorder polls and keeps everything newer than what it has).
 */
import { sandboxAdmin, type AdminClientKey, type AdminLoggedRequest } from "../sandbox-admin";

/** A project created for the fleet. */
export interface FleetProject {
  slug: string;
  id: number;
}

/** Creates `count` projects named `<prefix>-<n>` (n from 0). */
export async function createProjects(
  url: string,
  prefix: string,
  count: number,
): Promise<FleetProject[]> {
  const projects: FleetProject[] = [];
  for (let n = 0; n < count; n++) {
    projects.push(await sandboxAdmin(url).createProject(`${prefix}-${n}`));
  }
  return projects;
}

/** Every key the sandbox holds in `projects`. */
export async function keysIn(
  url: string,
  projects: readonly FleetProject[],
): Promise<AdminClientKey[]> {
  const ids = new Set(projects.map((p) => p.id));
  return (await sandboxAdmin(url).keys()).filter((k) => ids.has(k.projectId));
}

/** Sends one event with a public key, as an SDK would; resolves with the status. */
export async function ingestStatus(
  url: string,
  projectId: number,
  publicKey: string,
): Promise<number> {
  const response = await fetch(`${url}/api/${projectId}/store/?sentry_key=${publicKey}`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ message: "fleet check" }),
  });
  await response.arrayBuffer();
  return response.status;
}

/** Counts of a slice of the request log. */
export interface RequestCounts {
  /** API requests (`/api/0/...`), whatever their answer. */
  total: number;
  /** Of which answered 429. */
  rateLimited: number;
  /** Of which carried an injected fault. */
  faulted: number;
  /** Per "METHOD kind" (kind: keys list, key, other). */
  byCall: Record<string, number>;
}

/** Keeps every API request the sandbox logs from `start()` on, by polling its request log. */
export class RequestRecorder {
  private entries: AdminLoggedRequest[] = [];
  private lastSeq = 0;
  private timer: NodeJS.Timeout | undefined;
  private polling: Promise<void> = Promise.resolve();
  /** True when the log dropped entries before the recorder saw them (counts are then low). */
  lost = false;

  constructor(
    private readonly url: string,
    private readonly intervalMs = 1000,
  ) {}

  /** Forgets what was recorded and starts polling from the current end of the log. */
  async start(): Promise<void> {
    await this.stop();
    const log = await sandboxAdmin(this.url).requests();
    this.lastSeq = log.at(-1)?.seq ?? this.lastSeq;
    this.entries = [];
    this.lost = false;
    this.timer = setInterval(() => {
      this.polling = this.polling.then(() => this.poll()).catch(() => undefined);
    }, this.intervalMs);
  }

  /** Stops polling after one last read; returns what was recorded since `start()`. */
  async stop(): Promise<AdminLoggedRequest[]> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.polling;
    await this.poll();
    return [...this.entries];
  }

  // Only the entries since the last poll: the whole log (10,000 entries) each second would cost
  // the machine CPU the measured run competes for.
  private async poll(): Promise<void> {
    const fresh = await sandboxAdmin(this.url).requests(this.lastSeq);
    if (fresh.length > 0 && fresh[0]!.seq > this.lastSeq + 1 && this.lastSeq > 0) this.lost = true;
    this.entries.push(...fresh);
    this.lastSeq = fresh.at(-1)?.seq ?? this.lastSeq;
  }
}

/** Counts API calls (ingest and admin left out) by kind. Pure. */
export function countRequests(entries: readonly AdminLoggedRequest[]): RequestCounts {
  const api = entries.filter((e) => e.path.startsWith("/api/0/"));
  const byCall: Record<string, number> = {};
  for (const entry of api) {
    const kind = /\/keys\/?$/.test(entry.path)
      ? "keys"
      : /\/keys\/[^/]+\/?$/.test(entry.path)
        ? "key"
        : "other";
    const name = `${entry.method} ${kind}`;
    byCall[name] = (byCall[name] ?? 0) + 1;
  }
  return {
    total: api.length,
    rateLimited: api.filter((e) => e.status === 429).length,
    faulted: api.filter((e) => e.fault !== undefined).length,
    byCall,
  };
}
