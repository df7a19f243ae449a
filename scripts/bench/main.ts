/**
 * `npm run bench`: N ClientKeys over P projects through the real dynamic-provider host, against
 * the sandbox with sentry.io's limits (40 requests per second per token), stepped by a simulated
 * engine with Pulumi's parallelism. Prints a table and writes the same figures as JSON.
 * See docs/performance.md.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { startSandbox } from "../../sandbox";
import { ensureBuilt } from "../../testkit/dist";
import type { RunReport } from "../../testkit/fleet/engine-model";
import { SimulatedEngine } from "../../testkit/fleet/engine-sim";
import {
  captureFleetProviders,
  fleetProgram,
  startFleetHost,
} from "../../testkit/fleet/fleet-program";
import { processMemory } from "../../testkit/fleet/host-memory";
import {
  countRequests,
  createProjects,
  keysIn,
  RequestRecorder,
} from "../../testkit/fleet/sandbox-fleet";
import { sandboxAdmin } from "../../testkit/sandbox-admin";
import type { ProviderHost } from "../../testkit/provider-host";
import { parseBenchArgs, type BenchOptions } from "./args";
import { cachedEngine, runEngineBench } from "./engine-bench";
import {
  ENGINE_FRONT_DOORS,
  formatTable,
  phaseFigures,
  type BenchFigures,
  type EngineRun,
  type PhaseFigures,
  type RateLimitFigures,
} from "./figures";

/** How far the clock moves for the rotation: past the fleet's 90-day period. */
const ROTATION_NOW = "+91d";
const REPO_ROOT = path.resolve(__dirname, "..", "..");

async function main(): Promise<void> {
  const options = parseBenchArgs(process.argv.slice(2));
  ensureBuilt();
  const sandbox = await startSandbox({ quiet: true });
  try {
    const view = await sandboxAdmin(sandbox.url).rateLimit();
    if (!view.enabled) throw new Error("bench: the sandbox must rate limit as sentry.io does");
    const { enabled: _enabled, ...rateLimit } = view;
    const projects = await createProjects(sandbox.url, "bench", options.projects);
    const program = fleetProgram(
      { organization: sandbox.organization, projects, keys: options.keys },
      await captureFleetProviders(),
    );
    const engine = new SimulatedEngine(options.parallel);
    const recorder = new RequestRecorder(sandbox.url);
    const phase = async (
      name: string,
      now: string | undefined,
      run: (host: ProviderHost) => Promise<RunReport>,
    ): Promise<PhaseFigures> => {
      process.stderr.write(`bench: ${name}...\n`);
      const host = await startFleetHost(sandbox, now);
      try {
        await recorder.start();
        const report = await run(host);
        const counts = countRequests(await recorder.stop());
        if (recorder.lost)
          process.stderr.write(`bench: ${name}: request log overflowed; counts are low\n`);
        for (const failure of report.failures.slice(0, 5)) {
          process.stderr.write(
            `bench: ${name}: ${failure.step} ${failure.urn}: ${failure.message}\n`,
          );
        }
        return phaseFigures(report.wallMs, counts, rateLimit, {
          failed: new Set(report.failures.map((f) => f.urn)).size,
          steps: {
            ...nonZero(report.steps),
            ...(report.deleted ? { deleted: report.deleted } : {}),
          },
          hostPeakRssMiB: processMemory(host.pid).peakRssMiB,
        });
      } finally {
        await host.stop();
      }
    };
    const phases = {
      create: await phase("create", undefined, (host) => engine.up(host, program)),
      preview: await phase("preview", undefined, (host) => engine.preview(host, program)),
      rotation: await phase(
        `rotation (SENTRY_ROTATION_NOW=${ROTATION_NOW})`,
        ROTATION_NOW,
        (host) => engine.up(host, program),
      ),
      refresh: await phase("refresh", undefined, (host) => engine.refresh(host)),
    };
    await checkFleet(sandbox.url, projects, engine, options.keys);
    const real = options.engine ? await realEngine(sandbox, rateLimit, options) : undefined;
    const figures: BenchFigures = {
      commit: commitOf(),
      date: new Date().toISOString(),
      machine: {
        cpus: os.availableParallelism(),
        node: process.version,
        platform: process.platform,
      },
      options,
      rateLimit,
      phases,
      hostPeakRssMiB: Math.max(...Object.values(phases).map((p) => p.hostPeakRssMiB ?? 0)),
      ...(real ? { engine: real } : {}),
    };
    const out = path.resolve(
      REPO_ROOT,
      options.out ?? path.join("bench-results", `bench-${figures.date.replace(/[:.]/g, "-")}.json`),
    );
    fs.mkdirSync(path.dirname(out), { recursive: true });
    fs.writeFileSync(out, `${JSON.stringify(figures, null, 2)}\n`);
    console.log(formatTable(figures));
    console.log(`figures written to ${path.relative(process.cwd(), out) || out}`);
  } finally {
    await sandbox.close();
  }
}

// After the rotation and refresh, Sentry must hold exactly the keys in state: none lost, none extra.
async function checkFleet(
  url: string,
  projects: Parameters<typeof keysIn>[1],
  engine: SimulatedEngine,
  expected: number,
): Promise<void> {
  const inSentry = new Set((await keysIn(url, projects)).map((k) => k.id));
  const inState = new Set([...engine.live.values()].map((e) => String(e.outputs.keyId)));
  const extra = [...inSentry].filter((id) => !inState.has(id)).length;
  const missing = [...inState].filter((id) => !inSentry.has(id)).length;
  if (extra || missing || inState.size !== expected || engine.pendingDeletes.length) {
    throw new Error(
      `fleet check failed: ${inState.size} keys in state (expected ${expected}), ${extra} in Sentry but not in state, ${missing} in state but not in Sentry, ${engine.pendingDeletes.length} pending deletes`,
    );
  }
}

// The same fleet through the pulumi CLI if it is built (`npm run engine`), through each front
// door with each backend asked for, each run in its own projects.
async function realEngine(
  sandbox: { url: string; organization: string; token: string },
  rateLimit: RateLimitFigures,
  options: BenchOptions,
): Promise<NonNullable<BenchFigures["engine"]>> {
  const binDir = cachedEngine();
  if (!binDir) return { skipped: "no pulumi CLI in the engine cache: run `npm run engine` first" };
  const parallel = process.argv.some((a) => a.startsWith("--parallel"))
    ? options.parallel
    : undefined;
  const runs: EngineRun[] = [];
  for (const backend of options.backends) {
    for (const frontDoor of ENGINE_FRONT_DOORS) {
      runs.push(
        await runEngineBench({
          binDir,
          frontDoor,
          backend,
          serviceLatencyMs: options.serviceLatencyMs,
          sandbox,
          projects: await createProjects(
            sandbox.url,
            `bench-${frontDoor}-${backend}`,
            options.projects,
          ),
          keys: options.keys,
          parallel,
          rateLimit,
        }),
      );
    }
  }
  return runs;
}

function nonZero(record: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(record).filter(([, n]) => n > 0));
}

function commitOf(): string {
  try {
    const head = execFileSync("git", ["rev-parse", "--short", "HEAD"], { cwd: REPO_ROOT })
      .toString()
      .trim();
    const dirty = execFileSync("git", ["status", "--porcelain", "--untracked-files=no"], {
      cwd: REPO_ROOT,
    })
      .toString()
      .trim();
    return dirty ? `${head}+dirty` : head;
  } catch {
    return "unknown";
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(`bench: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
