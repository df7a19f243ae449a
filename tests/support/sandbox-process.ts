/** Runs the sandbox CLI as a child process and reads its one JSON line, for CLI tests. */
import { spawn, type ChildProcess } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

/** The repository root. */
export const repoRoot = path.resolve(__dirname, "..", "..");

/** The JSON line the CLI prints. */
export interface SandboxLine {
  url: string;
  organization: string;
  project: string;
  projectId: number;
  token: string;
}

/** A started CLI process. */
export interface SandboxProcess {
  child: ChildProcess;
  /** Everything written to stdout / stderr so far. */
  stdout(): string;
  stderr(): string;
  /** Resolves with the parsed first stdout line (rejects if the process exits first). */
  line: Promise<SandboxLine>;
  /** Resolves when the process has exited. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Spawns `command args` in the repository root. Callers must stop it (`stop`). */
export function spawnSandbox(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv = process.env,
): SandboxProcess {
  const child = spawn(command, args, { cwd: repoRoot, env, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  let err = "";
  child.stdout!.setEncoding("utf8").on("data", (chunk: string) => (out += chunk));
  child.stderr!.setEncoding("utf8").on("data", (chunk: string) => (err += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal })),
  );
  const line = new Promise<SandboxLine>((resolve, reject) => {
    const check = (): void => {
      const newline = out.indexOf("\n");
      if (newline < 0) return;
      try {
        resolve(JSON.parse(out.slice(0, newline)) as SandboxLine);
      } catch {
        reject(new Error(`the first stdout line is not JSON: ${out.slice(0, newline)}`));
      }
    };
    child.stdout!.on("data", check);
    void exited.then(() =>
      reject(new Error(`sandbox exited before printing its line; stderr: ${err}`)),
    );
  });
  line.catch(() => undefined); // tests that expect no line need not await it
  return { child, stdout: () => out, stderr: () => err, line, exited };
}

/** Sends `signal` and waits for the exit; kills it if it does not go within 5 s. */
export async function stop(proc: SandboxProcess, signal: NodeJS.Signals = "SIGTERM") {
  if (proc.child.exitCode !== null || proc.child.signalCode !== null) return proc.exited;
  proc.child.kill(signal);
  const timer = setTimeout(() => proc.child.kill("SIGKILL"), 5000);
  try {
    return await proc.exited;
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Compiles sandbox/*.ts to plain JavaScript in a temp directory (as `npm run build` would for the
 * `sentry-sandbox` bin) and returns the path of the compiled cli.js.
 */
export function compileSandboxCli(): { cli: string; dir: string } {
  const ts = require("typescript") as typeof import("typescript");
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sandbox-cli-"));
  const sourceRoot = path.join(repoRoot, "sandbox");
  const walk = (folder: string): string[] =>
    fs.readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
      const full = path.join(folder, entry.name);
      return entry.isDirectory() ? walk(full) : entry.name.endsWith(".ts") ? [full] : [];
    });
  for (const file of walk(sourceRoot)) {
    const output = ts.transpileModule(fs.readFileSync(file, "utf8"), {
      compilerOptions: {
        module: ts.ModuleKind.CommonJS,
        target: ts.ScriptTarget.ES2022,
        esModuleInterop: true,
      },
      fileName: file,
    });
    const target = path
      .join(dir, "sandbox", path.relative(sourceRoot, file))
      .replace(/\.ts$/, ".js");
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, output.outputText);
  }
  const cli = path.join(dir, "sandbox", "cli.js");
  fs.chmodSync(cli, 0o755);
  return { cli, dir };
}
