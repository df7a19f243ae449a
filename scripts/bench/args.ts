/** Command-line options of `npm run bench`, parsed and checked without I/O. */
import * as os from "node:os";
import { ENGINE_BACKENDS, type EngineBackend } from "./figures";

/** Options of one benchmark run. */
export interface BenchOptions {
  /** ClientKeys in the fleet. */
  keys: number;
  /** Projects they are spread over. */
  projects: number;
  /** Steps the simulated engine runs at once. */
  parallel: number;
  /** Where the JSON figures go; default bench-results/bench-<time>.json. */
  out?: string;
  /** Also run the fleet through the real `pulumi` CLI when it is built (scripts/pulumi-engine). */
  engine: boolean;
  /** The real engine's state backends: file, the local state service (journaling), or both. */
  backends: EngineBackend[];
  /** Latency the state service adds to each request, in milliseconds (a network's). */
  serviceLatencyMs: number;
}

/** The most keys a run accepts. */
export const MAX_KEYS = 2000;

/** Pulumi's default `--parallel`: 4 × the CPUs Go sees (PULUMI_PARALLEL overrides it). */
export function pulumiDefaultParallel(env = process.env, cpus = os.availableParallelism()): number {
  const fromEnv = Number(env.PULUMI_PARALLEL);
  return Number.isInteger(fromEnv) && fromEnv > 0 ? fromEnv : cpus * 4;
}

export const USAGE = `usage: npm run bench -- [--keys N (1..${MAX_KEYS}, default 200)] [--projects P (default keys/10)]
                       [--parallel P (default Pulumi's: 4 x CPUs)] [--out file.json] [--engine]
                       [--backend file|service|both (default both; with --engine)]
                       [--service-latency MS (0..1000, default 0)]`;

/** Parses `argv` (without node and script); throws an Error naming the flag and the fix. */
export function parseBenchArgs(argv: readonly string[], env = process.env): BenchOptions {
  const values: Record<string, string> = {};
  let engine = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--engine") {
      engine = true;
      continue;
    }
    const match = /^--(keys|projects|parallel|out|backend|service-latency)(?:=(.*))?$/.exec(arg);
    if (!match) throw new Error(`unknown argument ${JSON.stringify(arg)}\n${USAGE}`);
    const value = match[2] ?? argv[++i];
    if (value === undefined) throw new Error(`--${match[1]} needs a value\n${USAGE}`);
    values[match[1]!] = value;
  }
  const keys = wholeNumber("keys", values.keys ?? "200", 1, MAX_KEYS);
  return {
    keys,
    projects: wholeNumber("projects", values.projects ?? String(Math.ceil(keys / 10)), 1, keys),
    parallel: wholeNumber(
      "parallel",
      values.parallel ?? String(pulumiDefaultParallel(env)),
      1,
      1000,
    ),
    ...(values.out ? { out: values.out } : {}),
    engine,
    backends: backends(values.backend ?? "both"),
    serviceLatencyMs: wholeNumber("service-latency", values["service-latency"] ?? "0", 0, 1000),
  };
}

function backends(text: string): EngineBackend[] {
  if (text === "both") return [...ENGINE_BACKENDS];
  const backend = ENGINE_BACKENDS.find((b) => b === text);
  if (!backend) {
    throw new Error(`--backend must be file, service or both, got ${JSON.stringify(text)}`);
  }
  return [backend];
}

function wholeNumber(flag: string, text: string, min: number, max: number): number {
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < min || value > max) {
    throw new Error(
      `--${flag} must be a whole number from ${min} to ${max}, got ${JSON.stringify(text)}`,
    );
  }
  return value;
}
