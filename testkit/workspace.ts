/**
 * A Pulumi project copied from examples/ into a temp directory and driven with the real `pulumi`
 * CLI: local file backend, passphrase secrets, no network, and nothing written into the checkout.
 * `npm run demo` and the end-to-end tests (tests/e2e) both run the engine through this.
 */
import { spawn, type ChildProcess } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { type EngineEvent, parseEventLog } from "./engine-events";
import { killProcessesIn, stopPulumi } from "./processes";
import { REPO_ROOT } from "./repo-root";

export { REPO_ROOT } from "./repo-root";

/** Where the sandbox (or a Sentry) is and how to reach it. */
export interface SentryAccess {
  url: string;
  organization: string;
  project: string;
  /** The API token; stored as a secret stack config value, never passed on a command line. */
  token: string;
}

/** How to set up a workspace. */
export interface WorkspaceOptions {
  /** The directory holding `pulumi` (from `ensurePulumiEngine()`). */
  binDir: string;
  /**
   * The example to copy, relative to the repository root, e.g. `examples/local`; or, with
   * `inPlace`, the absolute path of a project that has its own node_modules (a user's project).
   */
  example: string;
  /** Run in `example` itself instead of a copy (nothing is copied or linked; it is not removed). */
  inPlace?: boolean;
  /** What to copy from the example's folder (default: its Pulumi.yaml, package.json, index.ts). */
  files?: string[];
  sentry: SentryAccess;
  /** Plain config of the program (its own namespace), e.g. `{ overlap: "7d" }`. */
  config?: Record<string, string>;
  /** Stack name (default `dev`). */
  stack?: string;
  /** Type-check the program as `pulumi` does by default (default: transpile only, faster). */
  typeCheck?: boolean;
  /** More environment of every command, e.g. `{ KUBECONFIG: "..." }`. */
  env?: Record<string, string>;
  /** Directories put on PATH after `binDir`, e.g. where ambient provider plugins are. */
  pluginDirs?: string[];
  /**
   * More packages linked into the copied project's node_modules, by name, e.g.
   * `{ "@pulumi-sentry-rotation/sdk": ensureNodeSdk() }`.
   */
  packages?: Record<string, string>;
  /**
   * A Pulumi Cloud-compatible backend to log in to (e.g. the local state service of
   * testkit/state-service.ts), with passphrase secrets; default: a fresh file backend.
   */
  backendUrl?: string;
}

/** Per-run options. */
export interface RunOptions {
  /** Extra environment, e.g. `{ SENTRY_ROTATION_NOW: "+91d" }`. */
  env?: Record<string, string>;
  /** Resolve with a non-zero exit instead of throwing. */
  allowFailure?: boolean;
  /** Ask the engine for its event log (steps in order); returned in `events`. */
  eventLog?: boolean;
  /** Written to stdin. */
  input?: string;
  timeoutMs?: number;
}

/** How one `pulumi` command ended. */
export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
  /** Engine events, when `eventLog` was asked for. */
  events: EngineEvent[];
  durationMs: number;
}

const DEFAULT_TIMEOUT_MS = 5 * 60_000;
const PASSPHRASE = "pulumi-sentry-rotation-demo";
// Outer settings that would send the CLI or the providers elsewhere than this workspace says.
const INHERITED_BLOCKLIST = /^(PULUMI_|SENTRY_|KUBECONFIG$)/;

/** A copied example with its own state backend, Pulumi home and stack. */
export class PulumiWorkspace {
  /** Everything of this workspace lives under here (removed by `dispose`). */
  readonly root: string;
  /** The Pulumi project directory (the program's working directory). */
  readonly projectDir: string;
  /** Every command's output, for callers that scan it (e.g. for leaked secrets). */
  readonly transcript: string[] = [];
  private readonly env: NodeJS.ProcessEnv;
  private readonly running = new Set<ChildProcess>();
  private eventLogs = 0;

  private constructor(
    root: string,
    private readonly options: WorkspaceOptions,
  ) {
    this.root = root;
    this.projectDir = options.inPlace ? options.example : path.join(root, "project");
    const inherited = Object.entries(process.env).filter(([k]) => !INHERITED_BLOCKLIST.test(k));
    this.env = {
      ...Object.fromEntries(inherited),
      PATH: [options.binDir, ...(options.pluginDirs ?? []), process.env.PATH ?? ""].join(
        path.delimiter,
      ),
      PULUMI_HOME: path.join(root, "pulumi-home"),
      PULUMI_CONFIG_PASSPHRASE: PASSPHRASE,
      PULUMI_SKIP_UPDATE_CHECK: "true",
      // A backendUrl's login reads it (the local state service takes any token by default).
      ...(options.backendUrl ? { PULUMI_ACCESS_TOKEN: "pul-local-state-service" } : {}),
      // The examples are type-checked by `npm run typecheck`; at run time ts-node only transpiles,
      // unless the run is about how the program compiles where it runs.
      ...(options.typeCheck ? {} : { PULUMI_NODEJS_TRANSPILE_ONLY: "true" }),
      // Enables `--event-log`, the engine's own ordered record of steps.
      PULUMI_DEBUG_COMMANDS: "true",
      ...options.env,
    };
  }

  /** Copies the example, logs in to a fresh file backend, creates the stack and sets its config. */
  static async create(options: WorkspaceOptions): Promise<PulumiWorkspace> {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "sentry-rotation-e2e-"));
    const workspace = new PulumiWorkspace(root, options);
    try {
      await workspace.init();
      return workspace;
    } catch (err) {
      await workspace.dispose();
      throw err;
    }
  }

  /** The stack name. */
  get stack(): string {
    return this.options.stack ?? "dev";
  }

  /** The environment its `pulumi` commands run with, for tools that run `pulumi` themselves. */
  get commandEnv(): NodeJS.ProcessEnv {
    return { ...this.env };
  }

  /** A path inside the project directory. */
  file(relative: string): string {
    return path.join(this.projectDir, relative);
  }

  /** Runs `pulumi <args> --non-interactive --color never` in the project directory. */
  async run(args: string[], options: RunOptions = {}): Promise<RunResult> {
    const eventFile = options.eventLog
      ? path.join(this.root, `events-${++this.eventLogs}.jsonl`)
      : undefined;
    const fullArgs = [...args, "--non-interactive", "--color", "never"];
    if (eventFile) fullArgs.push("--event-log", eventFile);
    const started = Date.now();
    const { code, stdout, stderr } = await this.spawnPulumi(fullArgs, options);
    this.transcript.push(stdout, stderr);
    const events = eventFile && fs.existsSync(eventFile) ? parseEventLog(readText(eventFile)) : [];
    const result = { code, stdout, stderr, events, durationMs: Date.now() - started };
    if (code !== 0 && !options.allowFailure) {
      throw new Error(`pulumi ${args.join(" ")} exited with ${code}:\n${stdout}\n${stderr}`);
    }
    return result;
  }

  /** `pulumi up --yes --skip-preview`. */
  up(options: RunOptions = {}): Promise<RunResult> {
    return this.run(["up", "--yes", "--skip-preview"], options);
  }

  /** `pulumi preview --json --show-sames`, parsed. */
  async preview(options: RunOptions = {}): Promise<{ json: PreviewJson; result: RunResult }> {
    const result = await this.run(["preview", "--json", "--show-sames"], options);
    return { json: JSON.parse(result.stdout) as PreviewJson, result };
  }

  /** The stack outputs (secrets stay masked). */
  async outputs(): Promise<Record<string, unknown>> {
    return JSON.parse((await this.run(["stack", "output", "--json"])).stdout);
  }

  /** `pulumi stack export` as text, optionally with secrets decrypted. */
  async exportState(showSecrets = false): Promise<string> {
    const args = ["stack", "export", ...(showSecrets ? ["--show-secrets"] : [])];
    return (await this.run(args)).stdout;
  }

  /** Stops any command still running and removes every file of the workspace. */
  async dispose(): Promise<void> {
    await Promise.all([...this.running].map((child) => stopPulumi(child, this.root)));
    await killProcessesIn(this.root);
    if (this.options.inPlace) await killProcessesIn(this.projectDir);
    fs.rmSync(this.root, { recursive: true, force: true });
  }

  private async init(): Promise<void> {
    if (!this.options.inPlace) this.copyExample();
    if (this.options.backendUrl) {
      await this.run(["login", this.options.backendUrl]);
      await this.run(["stack", "init", this.stack, "--secrets-provider", "passphrase"]);
    } else {
      const state = path.join(this.root, "state");
      fs.mkdirSync(state); // the file backend does not create its directory
      await this.run(["login", `file://${state}`]);
      await this.run(["stack", "init", this.stack]);
    }
    const { url, organization, project, token } = this.options.sentry;
    const config: Record<string, string> = {
      "sentry-rotation:url": url,
      "sentry-rotation:organization": organization,
      project,
      ...this.options.config,
    };
    for (const [key, value] of Object.entries(config)) {
      await this.run(["config", "set", key, value]);
    }
    // From stdin, so the token never appears in a process list.
    await this.run(["config", "set", "--secret", "sentry-rotation:authToken"], { input: token });
  }

  private copyExample(): void {
    const source = path.join(REPO_ROOT, this.options.example);
    fs.mkdirSync(this.projectDir);
    for (const name of this.options.files ?? ["Pulumi.yaml", "package.json", "index.ts"]) {
      fs.cpSync(path.join(source, name), path.join(this.projectDir, name), { recursive: true });
    }
    linkNodeModules(this.file("node_modules"), this.options.packages ?? {});
  }

  private spawnPulumi(
    args: string[],
    options: RunOptions,
  ): Promise<{ code: number | null; stdout: string; stderr: string }> {
    const child = spawn(path.join(this.options.binDir, "pulumi"), args, {
      cwd: this.projectDir,
      env: { ...this.env, ...options.env },
      // Its own process group, so the language host and provider plugins can be stopped with it.
      detached: true,
      stdio: ["pipe", "pipe", "pipe"],
    });
    this.running.add(child);
    let stdout = "";
    let stderr = "";
    child.stdout!.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    child.stderr!.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    child.stdin!.end(options.input ?? "");
    const timer = setTimeout(() => {
      stderr += `\n[stopped after ${options.timeoutMs ?? DEFAULT_TIMEOUT_MS} ms]`;
      void stopPulumi(child, this.root);
    }, options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
    return new Promise((resolve, reject) => {
      child.once("error", (err) => {
        clearTimeout(timer);
        this.running.delete(child);
        reject(err);
      });
      child.once("close", (code) => {
        clearTimeout(timer);
        this.running.delete(child);
        resolve({ code, stdout, stderr });
      });
    });
  }
}

/** The parts of `pulumi preview --json` read here. */
export interface PreviewJson {
  steps: Array<{ op: string; urn: string; replaceReasons?: string[]; diffReasons?: string[] }>;
  diagnostics?: Array<{ message: string; severity: string; urn?: string }>;
  changeSummary: Record<string, number>;
}

/**
 * The copied project's node_modules, as a user's project has them: the repository's packages, and
 * this package itself as a link to the repository (it resolves to dist/ through its `exports`).
 * The program and the dynamic-provider host both resolve from here; links keep one copy of each.
 */
function linkNodeModules(target: string, packages: Record<string, string>): void {
  const source = path.join(REPO_ROOT, "node_modules");
  fs.mkdirSync(target);
  for (const entry of fs.readdirSync(source)) {
    if (entry.startsWith(".")) continue; // .bin, .package-lock.json
    fs.symlinkSync(path.join(source, entry), path.join(target, entry), "dir");
  }
  const manifest = JSON.parse(readText(path.join(REPO_ROOT, "package.json"))) as { name: string };
  fs.symlinkSync(REPO_ROOT, path.join(target, manifest.name), "dir");
  for (const [name, dir] of Object.entries(packages)) {
    fs.mkdirSync(path.dirname(path.join(target, name)), { recursive: true });
    fs.symlinkSync(dir, path.join(target, name), "dir");
  }
}

function readText(file: string): string {
  return fs.readFileSync(file, "utf8");
}
