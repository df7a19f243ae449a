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
];

/** A page open in its own headless Chromium; `close` ends that Chromium and its profile. */
export interface OpenPage {
  close(): Promise<void>;
}

/** Opens `url` in a new headless Chromium with an empty profile. */
export function openInChromium(url: string): OpenPage {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), "chromium-profile-"));
  const child: ChildProcess = spawn(chromiumPath, [...FLAGS, `--user-data-dir=${profile}`, url], {
    stdio: "ignore",
  });
  const exited = new Promise<void>((resolve) => {
    child.once("exit", () => resolve());
    child.once("error", () => resolve());
  });
  return {
    async close() {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
      await exited;
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}
