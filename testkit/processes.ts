/**
 * Stopping a `pulumi` command and everything it started. The CLI starts its language host and
 * provider plugins in process groups of their own, and they outlive a killed CLI; so a command is
 * first asked to cancel (SIGINT, as Ctrl-C would), then killed, and any process still working in
 * the workspace directory (necessarily one of ours) is killed by its pid.
 */
import type { ChildProcess } from "node:child_process";
import * as fs from "node:fs";

const GRACE_MS = 5000;

/** Stops `child` (a pulumi command) and every process left working under `dir`. */
export async function stopPulumi(child: ChildProcess, dir: string): Promise<void> {
  for (const signal of ["SIGINT", "SIGINT", "SIGKILL"] as const) {
    if (hasExited(child)) break;
    if (signal === "SIGKILL") killGroup(child);
    else child.kill(signal); // the first asks pulumi to cancel, a second to stop now
    await Promise.race([exited(child), delay(GRACE_MS)]);
  }
  await killProcessesIn(dir);
}

/** Kills (SIGKILL, by pid) every process whose working directory is inside `dir`. */
export async function killProcessesIn(dir: string): Promise<void> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const pids = processesWorkingIn(dir);
    if (pids.length === 0) return;
    for (const pid of pids) {
      try {
        process.kill(pid, "SIGKILL");
      } catch {
        // gone meanwhile
      }
    }
    await delay(200);
  }
}

/** Pids of processes whose working directory is `dir` or below (Linux /proc; none elsewhere). */
export function processesWorkingIn(dir: string): number[] {
  if (!fs.existsSync("/proc")) return [];
  const pids: number[] = [];
  for (const name of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(name) || Number(name) === process.pid) continue;
    try {
      const cwd = fs.readlinkSync(`/proc/${name}/cwd`);
      if (cwd === dir || cwd.startsWith(`${dir}/`)) pids.push(Number(name));
    } catch {
      // not ours to read, or gone
    }
  }
  return pids;
}

/** Resolves once `child` has exited. */
export function exited(child: ChildProcess): Promise<void> {
  if (hasExited(child)) return Promise.resolve();
  return new Promise((resolve) => child.once("close", () => resolve()));
}

function hasExited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

function killGroup(child: ChildProcess): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, "SIGKILL");
  } catch {
    // already gone
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
