/**
 * Spawns the real dynamic-provider host of @pulumi/pulumi (`cmd/dynamic-provider`) the way the
 * engine does, reads its port from the first stdout line, keeps everything else it prints.
 */
import { type ChildProcess, spawn } from "child_process";
import { REPO_ROOT } from "../repo-root";
import { HARNESS_PROJECT } from "./urn";

/** How to start the host process. */
export interface HostProcessOptions {
  /** Working directory of the host; requires in serialized providers resolve from here. */
  cwd?: string;
  /** Extra environment; `undefined` removes a variable inherited from this process. */
  env?: Record<string, string | undefined>;
  /** Project name given as PULUMI_NODEJS_PROJECT (config keys without namespace use it). */
  project?: string;
  /** Registers ts-node in the host so serialized code can `require()` TypeScript files. */
  typescript?: boolean;
  /** How long to wait for the port line (ms). */
  startTimeoutMs?: number;
  /** The script node runs (default: the SDK's dynamic-provider host), e.g. the plugin's main. */
  entry?: string;
  /** Its arguments (default: a placeholder engine address, which the dynamic host requires). */
  args?: string[];
}

/** A running host process. */
export interface HostProcess {
  readonly port: number;
  readonly pid: number;
  /** Everything printed to stdout after the port line, and to stderr. */
  output(): { stdout: string; stderr: string };
  /** True until the process has exited. */
  isRunning(): boolean;
  /** Kills the process (SIGTERM, then SIGKILL) and resolves once it has exited. */
  stop(): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

// The engine passes its own address as the only argument; the 3.248 host requires the argument
// but never dials it (it binds its own 127.0.0.1:0 and prints the port).
const PLACEHOLDER_ENGINE_ADDRESS = "127.0.0.1:0";

const running = new Set<ChildProcess>();
let exitHookInstalled = false;

/** Starts the host and resolves once it has printed its port. */
export async function spawnHostProcess(options: HostProcessOptions = {}): Promise<HostProcess> {
  const { cwd = REPO_ROOT, project = HARNESS_PROJECT, startTimeoutMs = 15_000 } = options;
  const entry = options.entry ?? require.resolve("@pulumi/pulumi/cmd/dynamic-provider");
  const child = spawn(
    process.execPath,
    [entry, ...(options.args ?? [PLACEHOLDER_ENGINE_ADDRESS])],
    {
      cwd,
      env: hostEnv(project, options),
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  track(child);
  const out = { stdout: "", stderr: "" };
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal })),
  );
  child.stderr?.setEncoding("utf8").on("data", (chunk: string) => (out.stderr += chunk));
  const port = await readPort(child, out, startTimeoutMs).catch(async (err: unknown) => {
    await kill(child, exited);
    throw err;
  });
  return {
    port,
    pid: child.pid as number,
    output: () => ({ ...out }),
    isRunning: () => child.exitCode === null && child.signalCode === null,
    stop: () => kill(child, exited),
  };
}

function hostEnv(project: string, options: HostProcessOptions): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PULUMI_NODEJS_PROJECT: project,
    PULUMI_PROJECT: project,
  };
  if (options.typescript) {
    const register = require.resolve("ts-node/register/transpile-only");
    env.NODE_OPTIONS = `${env.NODE_OPTIONS ?? ""} --require ${JSON.stringify(register)}`.trim();
  }
  for (const [key, value] of Object.entries(options.env ?? {})) {
    if (value === undefined) delete env[key];
    else env[key] = value;
  }
  return env;
}

function readPort(
  child: ChildProcess,
  out: { stdout: string; stderr: string },
  timeoutMs: number,
): Promise<number> {
  return new Promise((resolve, reject) => {
    let buffered = "";
    let port: number | undefined;
    const fail = (why: string) => {
      clearTimeout(timer);
      reject(new Error(`provider process ${why}; stderr: ${out.stderr.trim() || "(empty)"}`));
    };
    const timer = setTimeout(() => fail(`printed no port within ${timeoutMs} ms`), timeoutMs);
    child.once("exit", (code, signal) => {
      if (port === undefined) fail(`exited (code ${code}, signal ${signal}) before its port`);
    });
    child.once("error", (err) => fail(`could not start: ${err.message}`));
    child.stdout?.setEncoding("utf8").on("data", (chunk: string) => {
      if (port !== undefined) {
        out.stdout += chunk;
        return;
      }
      buffered += chunk;
      const newline = buffered.indexOf("\n");
      if (newline < 0) return;
      const first = buffered.slice(0, newline).trim();
      out.stdout += buffered.slice(newline + 1);
      if (!/^\d+$/.test(first)) return fail(`printed "${first}" instead of its port`);
      port = Number(first);
      clearTimeout(timer);
      resolve(port);
    });
  });
}

async function kill(
  child: ChildProcess,
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>,
): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  if (child.exitCode === null && child.signalCode === null) {
    child.kill("SIGTERM");
    const hard = setTimeout(() => child.kill("SIGKILL"), 3_000);
    await exited;
    clearTimeout(hard);
  }
  running.delete(child);
  return exited;
}

// Safety net: a test that forgets stop() must not leave a host behind when mocha exits.
function track(child: ChildProcess): void {
  running.add(child);
  child.once("exit", () => running.delete(child));
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once("exit", () => {
    for (const leftover of running) leftover.kill("SIGKILL");
  });
}
