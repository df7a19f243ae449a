/** Memory of a process from /proc (Linux): peak and current resident set size. */
import * as fs from "node:fs";

/** Resident set sizes in MiB; undefined where /proc is not available. */
export interface MemoryFigures {
  /** Peak RSS over the process's life (VmHWM). */
  peakRssMiB?: number;
  /** RSS now (VmRSS). */
  rssMiB?: number;
}

/** Reads VmHWM and VmRSS of `pid`; empty figures when the process or /proc is gone. */
export function processMemory(pid: number): MemoryFigures {
  let status: string;
  try {
    status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
  } catch {
    return {};
  }
  return { peakRssMiB: kib(status, "VmHWM"), rssMiB: kib(status, "VmRSS") };
}

function kib(status: string, field: string): number | undefined {
  const match = new RegExp(`^${field}:\\s+(\\d+)\\s+kB`, "m").exec(status);
  return match ? Math.round((Number(match[1]) / 1024) * 10) / 10 : undefined;
}
