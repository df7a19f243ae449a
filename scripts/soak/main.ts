/**
 * `npm run soak`: the long fault soak (soak.ts). Prints a line per round and the counts; exits 1
 * when anything was lost (orphans, duplicates, lost keys, broken sinks, failed recoveries, leaks)
 * or a sink held a dead key other than in the run after a failed one.
 *
 *   npm run soak -- [--rounds N] [--keys N] [--projects N] [--parallel N] [--seed N] [--fault-every MS]
 */
import { ensureBuilt } from "../../testkit/dist";
import { formatSoakResult, unexplainedWindows } from "./report";
import { DEFAULT_SOAK, runSoak, type SoakOptions } from "./soak";

const FLAGS = {
  rounds: "rounds",
  keys: "keys",
  projects: "projects",
  parallel: "parallel",
  seed: "seed",
  "fault-every": "faultEveryMs",
} as const;

/** Parses the flags; throws naming the flag and the fix. */
export function parseSoakArgs(argv: readonly string[]): Omit<SoakOptions, "log"> {
  const options: Omit<SoakOptions, "log"> = { ...DEFAULT_SOAK, seed: Date.now() % 1_000_000 };
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
    if (!/^\d+$/.test(text) || value < (field === "seed" ? 0 : 1)) {
      throw new Error(
        `--${match[1]} must be a whole number${field === "seed" ? "" : " >= 1"}, got ${JSON.stringify(text)}`,
      );
    }
    options[field] = value;
  }
  if (options.projects > options.keys) throw new Error("--projects must not exceed --keys");
  return options;
}

async function main(): Promise<void> {
  const options = parseSoakArgs(process.argv.slice(2));
  ensureBuilt();
  const result = await runSoak({ ...options, log: (line) => console.log(line) });
  console.log(formatSoakResult(result));
  process.exitCode = result.lost === 0 && unexplainedWindows(result.windows).length === 0 ? 0 : 1;
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
