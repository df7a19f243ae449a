/** Running real Sentry clients (sentry-cli, an @sentry/node script) as child processes in a clean env. */
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { repoRoot } from "./sandbox-process";

/** The sentry-cli launcher installed by @sentry/cli. */
export const sentryCliPath = path.join(repoRoot, "node_modules", ".bin", "sentry-cli");

/** How a child process ended. */
export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs `file args` asynchronously (the sandbox serves in this process, so a sync spawn would
 * deadlock) with only PATH and the given variables set, in an empty temp directory as HOME and
 * cwd, so no ~/.sentryclirc, .env or outer SENTRY_* variable leaks in.
 */
export async function runIsolated(
  file: string,
  args: string[],
  env: Record<string, string> = {},
): Promise<RunResult> {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), "sandbox-client-"));
  try {
    return await new Promise<RunResult>((resolve) => {
      execFile(
        file,
        args,
        {
          cwd: home,
          env: { PATH: process.env.PATH ?? "", HOME: home, SENTRY_LOAD_DOTENV: "0", ...env },
          timeout: 30000,
          encoding: "utf8",
        },
        (error, stdout, stderr) => {
          const code = error ? (typeof error.code === "number" ? error.code : 1) : 0;
          resolve({ code, stdout, stderr });
        },
      );
    });
  } finally {
    fs.rmSync(home, { recursive: true, force: true });
  }
}

/** True when sentry-cli is installed and runs. */
export async function sentryCliAvailable(): Promise<boolean> {
  if (!fs.existsSync(sentryCliPath)) return false;
  const result = await runIsolated(sentryCliPath, ["--version"]);
  return result.code === 0 && /sentry-cli \d/.test(result.stdout);
}
