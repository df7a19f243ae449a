/**
 * `npm run bench:load`: what importing the package costs a user's program. Each entry point is
 * required in a fresh Node process (from the compiled dist/, as users load it); prints how many
 * modules it loads in all, how many it adds to a program that has already loaded @pulumi/pulumi
 * (every Pulumi program has), and how long each require takes (median of several runs).
 */
import { execFileSync } from "node:child_process";
import * as path from "node:path";
import { ensureBuilt } from "../../testkit/dist";

const REPO_ROOT = path.resolve(__dirname, "..", "..");
const RUNS = 5;

/** The entry points a user (or the provider host) loads. */
const ENTRIES: Array<{ name: string; file: string }> = [
  { name: "package root (components, resources)", file: "dist/index.js" },
  { name: "provider host entry", file: "dist/provider/host-entry.js" },
];

// Runs in the child: with argv[2] = "sdk-first", @pulumi/pulumi is loaded before the entry and
// only what the entry adds is counted; otherwise everything the entry loads.
const PROBE = `
const count = () => Object.keys(require.cache).length;
if (process.argv[2] === "sdk-first") require("@pulumi/pulumi");
const before = count();
const started = process.hrtime.bigint();
require(process.argv[1]);
const ms = Number(process.hrtime.bigint() - started) / 1e6;
process.stdout.write(JSON.stringify({ modules: count() - before, ms }));
`;

interface LoadFigure {
  modules: number;
  ms: number;
}

/** Alone: a fresh process loads the entry. Added: what it adds after @pulumi/pulumi. */
type Mode = "alone" | "sdk-first";

function measure(file: string, mode: Mode): LoadFigure {
  const runs: LoadFigure[] = [];
  for (let i = 0; i < RUNS; i++) {
    const args = ["-e", PROBE, path.join(REPO_ROOT, file), mode];
    const out = execFileSync(process.execPath, args, {
      cwd: REPO_ROOT,
      encoding: "utf8",
    });
    runs.push(JSON.parse(out) as LoadFigure);
  }
  const times = runs.map((run) => run.ms).sort((a, b) => a - b);
  return { modules: runs[0]!.modules, ms: times[Math.floor(times.length / 2)]! };
}

function main(): void {
  ensureBuilt();
  console.log(`module load (median of ${RUNS} fresh processes, Node ${process.version})`);
  console.log(
    "entry                                    modules    ms | added after @pulumi/pulumi: modules    ms",
  );
  for (const entry of ENTRIES) {
    const alone = measure(entry.file, "alone");
    const added = measure(entry.file, "sdk-first");
    console.log(
      [
        entry.name.padEnd(40),
        String(alone.modules).padStart(7),
        alone.ms.toFixed(0).padStart(5),
        " |".padEnd(29),
        String(added.modules).padStart(7),
        added.ms.toFixed(0).padStart(5),
      ].join(" "),
    );
  }
}

main();
