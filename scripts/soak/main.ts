/**
 * `npm run soak`: the long fault soak (soak.ts), first of a fleet of ClientKeys, then of a fleet
 * of ClientKeyPairs with an overlap (`--keys 0` or `--pairs 0` leaves one out). Prints a line per
 * round and the counts of each; exits 1 when anything was lost (orphans, duplicates, lost keys,
 * broken sinks, failed recoveries, leaks, a broken overlap) or a sink held a dead key other than
 * in the run after a failed one (for pairs, ever).
 *
 *   npm run soak -- [--rounds N] [--keys N] [--pairs N] [--projects N] [--parallel N] [--seed N] [--fault-every MS] [--faults-per-run N]
 */
import { ensureBuilt } from "../../testkit/dist";
import { formatSoakResult, unexplainedWindows } from "./report";
import type { SoakFleet } from "./phases";
import { DEFAULT_SOAK, runSoak, type SoakOptions } from "./soak";

/** The command line's options: the soak's, with a size for each fleet (0 leaves it out). */
export interface SoakArgs extends Omit<SoakOptions, "log" | "fleet"> {
  /** Pairs in the fleet of ClientKeyPairs. */
  pairs: number;
}

/** Pairs in the long soak, beside DEFAULT_SOAK's keys. */
export const DEFAULT_PAIRS = 10;

// Flags whose value may be 0.
const MAY_BE_ZERO = new Set(["seed", "keys", "pairs"]);

const FLAGS = {
  rounds: "rounds",
  keys: "keys",
  pairs: "pairs",
  projects: "projects",
  parallel: "parallel",
  seed: "seed",
  "fault-every": "faultEveryMs",
  "faults-per-run": "maxFaultsPerRun",
} as const;

/** Parses the flags; throws naming the flag and the fix. */
export function parseSoakArgs(argv: readonly string[]): SoakArgs {
  const options: SoakArgs = {
    ...DEFAULT_SOAK,
    pairs: DEFAULT_PAIRS,
    seed: Date.now() % 1_000_000,
  };
  for (let i = 0; i < argv.length; i++) {
    const match = /^--([a-z-]+)(?:=(.*))?$/.exec(argv[i]!);
    const field = match && FLAGS[match[1] as keyof typeof FLAGS];
    if (!field) {
      throw new Error(
        `unknown argument ${JSON.stringify(argv[i])}; use ${Object.keys(FLAGS)
          .map((f) => `--${f} N`)
          .join(", ")}`,
      );
    }
    const text = match[2] ?? argv[++i] ?? "";
    const value = Number(text);
    const zero = MAY_BE_ZERO.has(field);
    if (!/^\d+$/.test(text) || value < (zero ? 0 : 1)) {
      throw new Error(
        `--${match[1]} must be a whole number${zero ? "" : " >= 1"}, got ${JSON.stringify(text)}`,
      );
    }
    options[field] = value;
  }
  if (options.keys === 0 && options.pairs === 0) {
    throw new Error("--keys and --pairs are both 0: nothing to soak; give one a size");
  }
  const smallest = Math.min(...[options.keys, options.pairs].filter((n) => n > 0));
  if (options.projects > smallest) {
    throw new Error(`--projects must not exceed --keys or --pairs (${smallest})`);
  }
  return options;
}

/** The fleets to soak, in order, with their sizes. */
export function soakFleets(args: SoakArgs): Array<{ fleet: SoakFleet; keys: number }> {
  return [
    { fleet: "keys" as const, keys: args.keys },
    { fleet: "pairs" as const, keys: args.pairs },
  ].filter((f) => f.keys > 0);
}

async function main(): Promise<void> {
  const args = parseSoakArgs(process.argv.slice(2));
  const { pairs: _pairs, ...options } = args;
  ensureBuilt();
  let failed = false;
  for (const { fleet, keys } of soakFleets(args)) {
    const result = await runSoak({ ...options, fleet, keys, log: (line) => console.log(line) });
    console.log(formatSoakResult(result));
    failed ||= result.lost > 0 || unexplainedWindows(result.windows, fleet).length > 0;
  }
  process.exitCode = failed ? 1 : 0;
}

if (require.main === module) {
  main().then(
    () => process.exit(),
    (err: unknown) => {
      console.error(`soak: ${err instanceof Error ? err.message : String(err)}`);
      process.exit(2);
    },
  );
}
