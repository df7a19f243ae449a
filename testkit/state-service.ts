/**
 * Runs `pulumi-state-service` (scripts/pulumi-engine/state-service/), a local Pulumi Cloud-compatible
 * state backend, for the bench and the tests: `PulumiWorkspace.create({ backendUrl: service.url })`.
 * The binary comes from `ensureStateService()` (scripts/pulumi-engine/state-service.ts).
 */
import { spawn, type ChildProcess } from "node:child_process";

/** Options of one service process. */
export interface StateServiceOptions {
  /** The `pulumi-state-service` binary (from scripts/pulumi-engine/state-service.ts). */
  binary: string;
  /** Offer journaling to the CLI (default true); false: whole checkpoints, as older services. */
  journal?: boolean;
  /** Time added to every request, as a network to Pulumi Cloud would (default 0). */
  latencyMs?: number;
  /** The only access token accepted (default: any). */
  token?: string;
}

/** What the service counted since it started. */
export interface StateServiceFigures {
  journalEntries: number;
  checkpoints: number;
}

/** A running service. */
export interface StateService {
  /** What `pulumi login` takes. */
  url: string;
  figures(): Promise<StateServiceFigures>;
  /** Its stderr so far (errors and unknown routes). */
  log(): string;
  stop(): Promise<void>;
}

/** Starts the service on a free port; resolves once it listens. */
export async function startStateService(options: StateServiceOptions): Promise<StateService> {
  const args = [
    `-journal=${options.journal ?? true}`,
    `-latency=${options.latencyMs ?? 0}ms`,
    ...(options.token ? [`-token=${options.token}`] : []),
  ];
  const child = spawn(options.binary, args, { stdio: ["ignore", "pipe", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const url = await firstLine(child, () => stderr);
  return {
    url,
    figures: async () => {
      const response = await fetch(`${url}/__service/figures`);
      return (await response.json()) as StateServiceFigures;
    },
    log: () => stderr,
    stop: () => stop(child),
  };
}

// The service prints the URL it listens on as its first line.
function firstLine(child: ChildProcess, stderr: () => string): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = "";
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      const line = out.split("\n")[0];
      if (out.includes("\n") && line) {
        child.stdout?.off("data", onData);
        resolve(line.trim());
      }
    };
    child.stdout?.on("data", onData);
    child.once("error", reject);
    child.once("exit", (code) =>
      reject(new Error(`pulumi-state-service exited (${code}) before listening: ${stderr()}`)),
    );
  });
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once("exit", () => resolve());
    child.kill("SIGTERM");
  });
}
