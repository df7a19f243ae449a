/**
 * A small client of the Kubernetes REST API for tests: bearer token, the server's CA, JSON in and
 * out, and watches that record when each event arrived (so a test can order
 * what the API server saw against what the Sentry sandbox saw, on the same clock).
 */
import * as https from "node:https";

/** How to reach an API server. */
export interface KubeAccess {
  /** `https://127.0.0.1:<port>` */
  server: string;
  token: string;
  /** PEM of the certificate(s) the server's certificate chains to. */
  ca: string;
}

/** The parts of an object the tests read. */
export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata: {
    name: string;
    namespace?: string;
    uid?: string;
    resourceVersion?: string;
    generation?: number;
    creationTimestamp?: string;
    deletionTimestamp?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    ownerReferences?: Array<{ kind: string; name: string; uid: string }>;
    managedFields?: Array<{
      manager: string;
      operation: string;
      time?: string;
      fieldsV1?: unknown;
    }>;
  };
  data?: Record<string, string>;
  spec?: Record<string, unknown>;
  status?: Record<string, unknown>;
}

/** One event of a watch, with the local time it arrived. */
export interface WatchEvent {
  type: "ADDED" | "MODIFIED" | "DELETED" | "BOOKMARK" | "ERROR";
  object: KubeObject;
  /** `Date.now()` when the event arrived. */
  receivedAt: number;
}

/** A running watch. */
export interface Watch {
  events: WatchEvent[];
  stop(): void;
}

/** An API answer other than 2xx. */
export class KubeApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: string,
    method: string,
    path: string,
  ) {
    super(`${method} ${path}: HTTP ${status}: ${body.slice(0, 500)}`);
  }
}

/** REST calls against one API server. */
export class KubeApi {
  private readonly agent: https.Agent;

  constructor(private readonly access: KubeAccess) {
    this.agent = new https.Agent({ ca: access.ca, keepAlive: true });
  }

  /** GET; undefined on 404. */
  async get<T = KubeObject>(path: string): Promise<T | undefined> {
    try {
      return await this.request<T>("GET", path);
    } catch (err) {
      if (err instanceof KubeApiError && err.status === 404) return undefined;
      throw err;
    }
  }

  /** The items of a list. */
  async list<T = KubeObject>(path: string): Promise<T[]> {
    return (await this.request<{ items: T[] }>("GET", path)).items;
  }

  create<T = KubeObject>(path: string, object: unknown): Promise<T> {
    return this.request<T>("POST", path, JSON.stringify(object), "application/json");
  }

  /** Any call; rejects with a {@link KubeApiError} unless 2xx. */
  request<T = unknown>(
    method: string,
    path: string,
    body?: string,
    contentType?: string,
  ): Promise<T> {
    return new Promise((resolve, reject) => {
      const req = https.request(
        this.url(path),
        { method, agent: this.agent, headers: this.headers(contentType), timeout: 30_000 },
        (res) => {
          let text = "";
          res.setEncoding("utf8").on("data", (chunk: string) => (text += chunk));
          res.on("end", () => {
            const status = res.statusCode ?? 0;
            const json = /json/.test(String(res.headers["content-type"]));
            if (status < 200 || status >= 300) reject(new KubeApiError(status, text, method, path));
            else resolve((json && text ? JSON.parse(text) : text) as T);
          });
        },
      );
      req.on("timeout", () => req.destroy(new Error(`${method} ${path}: timed out`)));
      req.on("error", reject);
      req.end(body);
    });
  }

  /**
   * Watches `path` (a collection, optionally with `fieldSelector`) from the current state on; the
   * first events are ADDED for what exists. Resolves once the server has accepted the watch.
   */
  watch(path: string): Promise<Watch> {
    const events: WatchEvent[] = [];
    const separator = path.includes("?") ? "&" : "?";
    return new Promise((resolve, reject) => {
      const req = https.request(
        this.url(`${path}${separator}watch=1&allowWatchBookmarks=false`),
        { method: "GET", agent: false, ca: this.access.ca, headers: this.headers() },
        (res) => {
          if (res.statusCode !== 200) {
            reject(new KubeApiError(res.statusCode ?? 0, "", "WATCH", path));
            res.resume();
            return;
          }
          let buffered = "";
          res.setEncoding("utf8").on("data", (chunk: string) => {
            const receivedAt = Date.now();
            buffered += chunk;
            let newline: number;
            while ((newline = buffered.indexOf("\n")) >= 0) {
              const line = buffered.slice(0, newline).trim();
              buffered = buffered.slice(newline + 1);
              if (line)
                events.push({
                  ...(JSON.parse(line) as Omit<WatchEvent, "receivedAt">),
                  receivedAt,
                });
            }
          });
          res.on("error", () => undefined); // ended by stop()
          resolve({ events, stop: () => req.destroy() });
        },
      );
      req.on("error", reject);
      req.end();
    });
  }

  /** Closes kept-alive connections. */
  close(): void {
    this.agent.destroy();
  }

  private url(path: string): string {
    return `${this.access.server}${path}`;
  }

  private headers(contentType?: string): Record<string, string> {
    return {
      Authorization: `Bearer ${this.access.token}`,
      Accept: "application/json",
      ...(contentType ? { "Content-Type": contentType } : {}),
    };
  }
}

/** How long {@link waitFor} polls, and a check that ends it early (e.g. "a process died"). */
export interface WaitOptions {
  timeoutMs: number;
  intervalMs?: number;
  /** Called before each probe; what it throws ends the wait at once. */
  failFast?: () => void;
}

/** Polls `probe` until it returns a value other than undefined; its errors count as "not yet". */
export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  { timeoutMs, intervalMs = 200, failFast }: WaitOptions,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    failFast?.();
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (err) {
      lastError = err;
    }
    if (Date.now() > deadline) {
      const cause = lastError instanceof Error ? ` (last error: ${lastError.message})` : "";
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${cause}`);
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
