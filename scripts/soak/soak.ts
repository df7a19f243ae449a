/**
 * The fault soak: a fleet of ClientKeys, each feeding a dotenv sink, rotated again and again
 * through the real provider host while the sandbox injects faults on every endpoint; after each
 * faulty run and after the fault-free run that follows it, the fleet is checked (fleet-check.ts),
 * sinks are watched during every run (sink-watch.ts) and all output is scanned for secrets.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { startSandbox } from "../../sandbox";
import type { RunReport } from "../../testkit/fleet/engine-model";
import { SimulatedEngine } from "../../testkit/fleet/engine-sim";
import {
  captureFleetProviders,
  fleetProgram,
  sinkPath,
  startFleetHost,
} from "../../testkit/fleet/fleet-program";
import { countRequests, createProjects, RequestRecorder } from "../../testkit/fleet/sandbox-fleet";
import type { ProviderHost } from "../../testkit/provider-host";
import { FaultInjector } from "./fault-injector";
import { seededRandom } from "./fault-plan";
import { checkFleet, type FleetProblems } from "./fleet-check";
import { findSecrets, type ScannedText } from "./secret-scan";
import { SinkWatch, type WindowFinding } from "./sink-watch";

/** How big and how long. */
export interface SoakOptions {
  keys: number;
  projects: number;
  /** Faulty run + recovery run, this many times. */
  rounds: number;
  /** Steps the simulated engine runs at once. */
  parallel: number;
  /** Seed of the fault plan (print it to replay a run). */
  seed: number;
  /** A new fault is offered to a free endpoint this often (ms). */
  faultEveryMs: number;
  /** Where progress lines go. */
  log: (line: string) => void;
}

/** What the soak counted; `lost` must be 0. */
export interface SoakResult {
  seed: number;
  rounds: number;
  runs: number;
  failedRuns: number;
  /** Faulty runs that failed and whose fault-free follow-up put everything right. */
  recoveries: number;
  /** Keys replaced by a new one (a rotation that reached Sentry and the state). */
  rotations: number;
  /** API requests that carried an injected fault, by kind. */
  faultsInjected: Record<string, number>;
  /** 429 answers (injected storms and the real limiter). */
  rateLimited: number;
  /** Problems after faulty runs: orphans, duplicates, lost keys, broken sinks. */
  afterFaults: Pick<FleetProblems, "orphans" | "duplicates" | "lost" | "brokenSinks">;
  /** Everything not right after the fault-free runs (all lists must be empty). */
  afterRecovery: FleetProblems;
  /** Fault-free runs that failed. */
  failedRecoveries: string[];
  /** Sinks seen on a key that did not work, or a delete sent for a key a sink held. */
  windows: WindowFinding[];
  /** Places where a secret appeared in plain text. */
  secretLeaks: string[];
  /** Orphans + duplicates + lost keys + broken sinks + failed recoveries + leaks: must be 0. */
  lost: number;
  /** A few failure messages of faulty runs, to show what the provider reported. */
  sampleErrors: string[];
}

/** The soak's defaults (the long `npm run soak`). */
export const DEFAULT_SOAK: Omit<SoakOptions, "log" | "seed"> = {
  keys: 20,
  projects: 4,
  rounds: 20,
  parallel: 8,
  faultEveryMs: 100,
};

/** Rotation is forced by moving the provider's clock past the fleet's 90-day period. */
const ROTATION_NOW = "+91d";

/** Runs the soak; resolves with its counts (it throws only when it cannot run at all). */
export async function runSoak(options: SoakOptions): Promise<SoakResult> {
  const { log } = options;
  const random = seededRandom(options.seed);
  const sandbox = await startSandbox({ quiet: true });
  const sinkDir = fs.mkdtempSync(path.join(os.tmpdir(), "sentry-soak-"));
  const printed: ScannedText[] = [];
  const say = (line: string) => {
    printed.push({ where: "soak output", text: line });
    log(line);
  };
  try {
    const projects = await createProjects(sandbox.url, "soak", options.projects);
    const program = fleetProgram(
      {
        organization: sandbox.organization,
        projects,
        keys: options.keys,
        sinkDir,
        // Every third key pins its loader version, so creating it also sends a PUT.
        extraInputs: (n) => (n % 3 === 0 ? { browserSdkVersion: "latest" } : {}),
      },
      await captureFleetProviders(),
    );
    const sinkFiles = Array.from({ length: options.keys }, (_, n) => sinkPath(sinkDir, n));
    const engine = new SimulatedEngine(options.parallel);
    const watch = new SinkWatch(sandbox.url, projects, sinkFiles);
    const recorder = new RequestRecorder(sandbox.url);
    const injector = new FaultInjector(sandbox.url, random, options.faultEveryMs);
    const result = emptyResult(options);

    const run = async (
      name: string,
      now: string | undefined,
      faults: boolean,
      work: (host: ProviderHost) => Promise<RunReport>,
    ) => {
      const host = await startFleetHost(sandbox, now);
      watch.start(name);
      await recorder.start();
      if (faults) injector.start();
      try {
        return await work(host);
      } finally {
        if (faults) await injector.stop();
        const entries = await recorder.stop();
        const counts = countRequests(entries);
        for (const [kind, n] of Object.entries(faultKinds(entries))) {
          result.faultsInjected[kind] = (result.faultsInjected[kind] ?? 0) + n;
        }
        result.rateLimited += counts.rateLimited;
        await watch.stop();
        const { stdout, stderr } = host.output();
        printed.push(
          { where: `${name}: host stdout`, text: stdout },
          { where: `${name}: host stderr`, text: stderr },
        );
        await host.stop();
      }
    };
    const up = (name: string, faults: boolean, now?: string) =>
      run(name, now, faults, (host) =>
        engine.up(host, program, { beforeDelete: watch.beforeDelete }),
      );

    const initial = await up("initial deploy", false);
    if (!initial.ok) throw new Error(`the initial deploy failed: ${initial.failures[0]?.message}`);
    say(
      `soak: seed ${options.seed}, ${options.keys} keys in ${options.projects} projects, ${options.rounds} rounds`,
    );

    for (let round = 1; round <= options.rounds; round++) {
      const before = liveKeys(engine);
      const faulty = await up(`round ${round} faulty`, true, ROTATION_NOW);
      const refresh = await run(`round ${round} refresh`, undefined, true, (host) =>
        engine.refresh(host),
      );
      result.runs += 2;
      for (const report of [faulty, refresh]) {
        if (!report.ok) result.failedRuns++;
        for (const failure of report.failures) {
          printed.push({ where: `round ${round}: ${failure.step} error`, text: failure.message });
          if (result.sampleErrors.length < 8)
            result.sampleErrors.push(`${failure.step}: ${failure.message}`);
        }
      }
      const afterFaults = await checkFleet(sandbox.url, projects, engine, sinkFiles);
      for (const field of ["orphans", "duplicates", "lost", "brokenSinks"] as const) {
        addOnce(result.afterFaults[field], afterFaults[field], round);
      }
      const middle = liveKeys(engine);
      const recovery = await up(`round ${round} recovery`, false, ROTATION_NOW);
      result.runs++;
      if (!recovery.ok) {
        result.failedRecoveries.push(
          `round ${round}: ${recovery.failures.map((f) => `${f.step} ${f.urn}: ${f.message}`).join("; ")}`,
        );
      } else if (!faulty.ok || !refresh.ok) {
        result.recoveries++;
      }
      const afterRecovery = await checkFleet(sandbox.url, projects, engine, sinkFiles);
      for (const field of Object.keys(afterRecovery) as Array<keyof FleetProblems>) {
        addOnce(result.afterRecovery[field], afterRecovery[field], round);
      }
      result.rotations += changed(before, middle) + changed(middle, liveKeys(engine));
      say(
        `soak: round ${round}: faulty run ${faulty.ok ? "ok" : `failed (${faulty.failures.length} step(s))`}, ` +
          `refresh ${refresh.ok ? "ok" : "failed"}, recovery ${recovery.ok ? "ok" : "FAILED"}; ` +
          `problems after faults ${count(afterFaults, ["orphans", "duplicates", "lost", "brokenSinks"])}, ` +
          `after recovery ${count(afterRecovery, Object.keys(afterRecovery) as Array<keyof FleetProblems>)}`,
      );
    }

    result.windows = watch.findings;
    const secrets = [sandbox.token, ...watch.secretsSeen, ...engineSecrets(engine)];
    result.secretLeaks = findSecrets(printed, secrets);
    result.lost =
      Object.values(result.afterFaults).flat().length +
      Object.values(result.afterRecovery).flat().length +
      result.failedRecoveries.length +
      result.secretLeaks.length;
    return result;
  } finally {
    await sandbox.close();
    fs.rmSync(sinkDir, { recursive: true, force: true });
  }
}

function emptyResult(options: SoakOptions): SoakResult {
  return {
    seed: options.seed,
    rounds: options.rounds,
    runs: 0,
    failedRuns: 0,
    recoveries: 0,
    rotations: 0,
    faultsInjected: {},
    rateLimited: 0,
    afterFaults: { orphans: [], duplicates: [], lost: [], brokenSinks: [] },
    afterRecovery: {
      orphans: [],
      duplicates: [],
      lost: [],
      brokenSinks: [],
      staleSinks: [],
      unfinished: [],
    },
    failedRecoveries: [],
    windows: [],
    secretLeaks: [],
    lost: 0,
    sampleErrors: [],
  };
}

// A problem that stays (an orphan) is listed once, with the round it was first seen in.
function addOnce(list: string[], problems: readonly string[], round: number): void {
  for (const problem of problems) {
    if (!list.some((seen) => seen.endsWith(`: ${problem}`)))
      list.push(`round ${round}: ${problem}`);
  }
}

function liveKeys(engine: SimulatedEngine): Map<string, string> {
  return new Map(
    [...engine.live.values()]
      .filter((e) => e.urn.includes("ClientKey"))
      .map((e) => [e.urn, String(e.outputs.keyId)]),
  );
}

function changed(before: Map<string, string>, after: Map<string, string>): number {
  return [...after].filter(([urn, keyId]) => before.has(urn) && before.get(urn) !== keyId).length;
}

function count(problems: FleetProblems, fields: ReadonlyArray<keyof FleetProblems>): number {
  return fields.reduce((n, f) => n + problems[f].length, 0);
}

function faultKinds(entries: ReadonlyArray<{ fault?: string }>): Record<string, number> {
  const kinds: Record<string, number> = {};
  for (const { fault } of entries) if (fault) kinds[fault] = (kinds[fault] ?? 0) + 1;
  return kinds;
}

function engineSecrets(engine: SimulatedEngine): string[] {
  return [...engine.live.values(), ...engine.pendingDeletes].flatMap((e) =>
    [e.outputs.secretKey, e.outputs.dsnSecret].filter((s): s is string => typeof s === "string"),
  );
}
