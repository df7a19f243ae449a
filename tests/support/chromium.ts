/**
 * Headless Chromium for browser tests: where it is, whether it runs, and one page opened in a
 * fresh profile. `.ci/run` installs Debian's `chromium` package; `CHROMIUM_PATH` names another.
 */
import { type ChildProcess, execFile, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

/** The Chromium binary the tests use. */
export const chromiumPath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/** True when Chromium is installed and prints its version. */
export async function chromiumAvailable(): Promise<boolean> {
  if (!fs.existsSync(chromiumPath)) return false;
  return new Promise((resolve) => {
    execFile(chromiumPath, ["--version"], { timeout: 30_000 }, (error, stdout) =>
      resolve(!error && /Chromium|Chrome/.test(stdout)),
    );
  });
}

// Without the background-networking flags Chromium keeps trying to reach Google's hosts, which a
// closed network refuses; --no-sandbox because CI runs as root.
const FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--disable-breakpad",
  "--disable-crash-reporter",
];

/** How long the browser's processes get to end after SIGTERM before SIGKILL. */
const STOP_GRACE_MS = 10_000;

/** A page open in its own headless Chromium; `close` ends that Chromium and its profile. */
export interface OpenPage {
  close(): Promise<void>;
}

/** Opens `url` in a new headless Chromium with an empty profile. */
export function openInChromium(url: string): OpenPage {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), "chromium-profile-"));
  // Its own process group: the renderer and utility processes that write to the profile are
  // stopped with the browser, and the profile is removed only once none of them is left.
  const child: ChildProcess = spawn(chromiumPath, [...FLAGS, `--user-data-dir=${profile}`, url], {
    stdio: "ignore",
    detached: true,
  });
  const exited = new Promise<void>((resolve) => {
    child.once("exit", () => resolve());
    child.once("error", () => resolve());
  });
  return {
    async close() {
      if (child.pid !== undefined) await stopGroup(child.pid);
      await exited;
      fs.rmSync(profile, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
    },
  };
}

/** SIGTERM to the process group, then waits until it is empty (SIGKILL after the grace). */
async function stopGroup(pgid: number): Promise<void> {
  signalGroup(pgid, "SIGTERM");
  const deadline = Date.now() + STOP_GRACE_MS;
  while (groupAlive(pgid)) {
    if (Date.now() > deadline) signalGroup(pgid, "SIGKILL");
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function signalGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch {
    // the group has ended already
  }
}

function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}
