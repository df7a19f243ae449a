/**
 * The fault soak: a fleet of ClientKeys, or of ClientKeyPairs with an overlap, each feeding a
 * dotenv sink, rotated again and again through the real provider host while the sandbox injects
 * faults on every endpoint (phases.ts says which runs, when, with faults or without); after each
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
  fleetKeyUrn,
  fleetProgram,
  isFleetKeyUrn,
  sinkPath,
  startFleetHost,
} from "../../testkit/fleet/fleet-program";
import { heldKeys } from "../../testkit/fleet/held-keys";
import { countRequests, createProjects, RequestRecorder } from "../../testkit/fleet/sandbox-fleet";
import { sandboxAdmin, type AdminLoggedRequest } from "../../testkit/sandbox-admin";
import { FaultInjector } from "./fault-injector";
import { seededRandom } from "./fault-plan";
import { checkFleet, type FleetProblems } from "./fleet-check";
import {
  initialPhases,
  OVERLAP,
  ROTATE_EVERY,
  roundPhases,
  type Phase,
  type SoakFleet,
} from "./phases";
import { findSecrets, type ScannedText } from "./secret-scan";
import { SinkWatch, type WindowFinding } from "./sink-watch";

/** How big and how long. */
export interface SoakOptions {
  /** ClientKeys (default), or ClientKeyPairs with a 7-day overlap. */
  fleet?: SoakFleet;
  /** Resources in the fleet (keys or pairs), each with its sink. */
  keys: number;
  projects: number;
  /** Faulty runs + recovery runs (phases.ts), this many times. */
  rounds: number;
  /** Steps the simulated engine runs at once. */
  parallel: number;
  /** Seed of the fault plan (print it to replay a run). */
  seed: number;
  /** A new fault is offered to a free endpoint this often (ms). */
  faultEveryMs: number;
  /** At most this many faults in one run (default: no limit); bounds a run's time. */
  maxFaultsPerRun?: number;
  /** Where progress lines go. */
  log: (line: string) => void;
}

/** What the soak counted; `lost` must be 0. */
export interface SoakResult {
  fleet: SoakFleet;
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
  /** Key creates Sentry committed whose answer was lost (drop-after-commit on the POST). */
  lostCreates: number;
  /** Pairs: rotated pairs seen holding the replaced key as their active previous key. */
  overlapKept: number;
  /** Pairs: previous keys seen deactivated once the overlap was over. */
  overlapEnded: number;
  /** Pairs: former previous keys seen gone from Sentry after the next rotation. */
  overlapDeleted: number;
  /** Problems after faulty runs: orphans, duplicates, lost keys, broken sinks. */
  afterFaults: FleetProblems;
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

/** Runs the soak; resolves with its counts (it throws only when it cannot run at all). */
export async function runSoak(options: SoakOptions): Promise<SoakResult> {
  const { log } = options;
  const fleet = options.fleet ?? "keys";
  const random = seededRandom(options.seed);
  const sandbox = await startSandbox({ quiet: true });
  const sinkDir = fs.mkdtempSync(path.join(os.tmpdir(), "sentry-soak-"));
  const printed: ScannedText[] = [];
  const say = (line: string) => {
    printed.push({ where: "soak output", text: line });
    log(line);
  };
  try {
    const projects = await createProjects(sandbox.url, `soak-${fleet}`, options.projects);
    const spec = {
      organization: sandbox.organization,
      projects,
      keys: options.keys,
      sinkDir,
      rotateEvery: ROTATE_EVERY,
      ...(fleet === "pairs" ? { overlap: OVERLAP } : {}),
      // Every third key pins its loader version, so creating it also sends a PUT.
      extraInputs: (n: number) => (n % 3 === 0 ? { browserSdkVersion: "latest" } : {}),
    };
    const program = fleetProgram(spec, await captureFleetProviders());
    const sinks = Array.from({ length: options.keys }, (_, n) => ({
      keyUrn: fleetKeyUrn(spec, n),
      file: sinkPath(sinkDir, n),
    }));
    const sinkFiles = sinks.map((s) => s.file);
    const engine = new SimulatedEngine(options.parallel);
    const watch = new SinkWatch(sandbox.url, projects, sinkFiles);
    const recorder = new RequestRecorder(sandbox.url);
    const injector = new FaultInjector(
      sandbox.url,
      random,
      options.faultEveryMs,
      options.maxFaultsPerRun,
    );
    const result = emptyResult(options, fleet);

    // One `pulumi` command: a fresh host, the watch, the request log and the faults around it.
    const run = async (phase: Phase): Promise<RunReport> => {
      const host = await startFleetHost(sandbox, phase.now);
      watch.start(phase.name);
      await recorder.start();
      if (phase.arm) await sandboxAdmin(sandbox.url).addFaults(...phase.arm);
      if (phase.faults) injector.start();
      try {
        return phase.command === "up"
          ? await engine.up(host, program, { beforeDelete: watch.beforeDelete })
          : await engine.refresh(host);
      } finally {
        if (phase.faults) await injector.stop();
        const entries = await recorder.stop();
        for (const [kind, n] of Object.entries(faultKinds(entries))) {
          result.faultsInjected[kind] = (result.faultsInjected[kind] ?? 0) + n;
        }
        result.rateLimited += countRequests(entries).rateLimited;
        result.lostCreates += entries.filter(isLostCreate).length;
        await watch.stop();
        const { stdout, stderr } = host.output();
        printed.push(
          { where: `${phase.name}: host stdout`, text: stdout },
          { where: `${phase.name}: host stderr`, text: stderr },
        );
        await host.stop();
      }
    };

    // Runs the phases in order; resolves with a line per phase for the progress log.
    let failedSinceRecovery = false;
    const runPhases = async (phases: readonly Phase[], round: number): Promise<string[]> => {
      const roundStart = heldByKey(engine);
      const lines: string[] = [];
      for (const phase of phases) {
        const before = heldByKey(engine);
        const report = await run(phase);
        result.runs++;
        result.rotations += changed(before, heldByKey(engine));
        for (const failure of report.failures) {
          printed.push({ where: `${phase.name}: ${failure.step} error`, text: failure.message });
          if (phase.faults && result.sampleErrors.length < 8) {
            result.sampleErrors.push(`${failure.step}: ${failure.message}`);
          }
        }
        if (phase.faults && !report.ok) {
          result.failedRuns++;
          failedSinceRecovery = true;
        }
        if (phase.recovery && !report.ok) {
          result.failedRecoveries.push(
            `${phase.name}: ${report.failures.map((f) => `${f.step} ${f.urn}: ${f.message}`).join("; ")}`,
          );
        } else if (phase.recovery) {
          if (failedSinceRecovery) result.recoveries++;
          failedSinceRecovery = false;
        }
        let found = 0;
        if (phase.check.length > 0) {
          const expect = {
            ...(phase.overlap === "rotated" ? { rotatedFrom: roundStart } : {}),
            ...(phase.overlap === "over" ? { overlapOver: true } : {}),
          };
          const { problems, overlapSeen } = await checkFleet(
            sandbox.url,
            projects,
            engine,
            sinks,
            expect,
          );
          const into = phase.recovery ? result.afterRecovery : result.afterFaults;
          for (const field of phase.check) {
            addOnce(into[field], problems[field], round);
            found += problems[field].length;
          }
          if (phase.check.includes("overlap")) {
            result.overlapKept += overlapSeen.kept;
            result.overlapEnded += overlapSeen.ended;
            result.overlapDeleted += overlapSeen.deleted;
          }
        }
        lines.push(
          `${phase.name.replace(/^round \d+ /, "")} ${report.ok ? "ok" : phase.recovery ? "FAILED" : `failed (${report.failures.length} step(s))`}` +
            ` in ${(report.wallMs / 1000).toFixed(1)} s` +
            (phase.check.length > 0 ? `, problems ${found}` : ""),
        );
      }
      return lines;
    };

    const initial = await runPhases(initialPhases(fleet), 0);
    if (result.failedRecoveries.length > 0) {
      throw new Error(`the initial deploy failed: ${result.failedRecoveries[0]}`);
    }
    say(
      `soak: seed ${options.seed}, ${options.keys} ${fleet === "pairs" ? `pairs (overlap ${OVERLAP})` : "keys"} in ${options.projects} projects, ${options.rounds} rounds`,
    );
    say(`soak: ${initial.join("; ")}`);
    for (let round = 1; round <= options.rounds; round++) {
      const lines = await runPhases(roundPhases(fleet, round), round);
      say(`soak: round ${round}: ${lines.join("; ")}`);
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

function emptyResult(options: SoakOptions, fleet: SoakFleet): SoakResult {
  return {
    fleet,
    seed: options.seed,
    rounds: options.rounds,
    runs: 0,
    failedRuns: 0,
    recoveries: 0,
    rotations: 0,
    faultsInjected: {},
    rateLimited: 0,
    lostCreates: 0,
    overlapKept: 0,
    overlapEnded: 0,
    overlapDeleted: 0,
    afterFaults: noProblems(),
    afterRecovery: noProblems(),
    failedRecoveries: [],
    windows: [],
    secretLeaks: [],
    lost: 0,
    sampleErrors: [],
  };
}

function noProblems(): FleetProblems {
  return {
    orphans: [],
    duplicates: [],
    lost: [],
    brokenSinks: [],
    staleSinks: [],
    unfinished: [],
    overlap: [],
  };
}

// A problem that stays (an orphan) is listed once, with the round it was first seen in.
function addOnce(list: string[], problems: readonly string[], round: number): void {
  for (const problem of problems) {
    if (!list.some((seen) => seen.endsWith(`: ${problem}`)))
      list.push(`round ${round}: ${problem}`);
  }
}

// Each key resource's current and previous key (the round's starting point for the overlap).
interface HeldNow {
  current: string;
  previous?: string;
}

function heldByKey(engine: SimulatedEngine): Map<string, HeldNow> {
  return new Map(
    [...engine.live.values()]
      .filter((e) => isFleetKeyUrn(e.urn))
      .map((e) => {
        const { current, previous } = heldKeys(e);
        return [e.urn, { current, ...(previous ? { previous: previous.keyId } : {}) }];
      }),
  );
}

// A create Sentry committed whose answer never reached the provider.
function isLostCreate(entry: AdminLoggedRequest): boolean {
  return (
    entry.method === "POST" && /\/keys\/$/.test(entry.path) && entry.fault === "drop-after-commit"
  );
}

// Resources whose current key changed: rotations.
function changed(
  before: ReadonlyMap<string, HeldNow>,
  after: ReadonlyMap<string, HeldNow>,
): number {
  return [...after].filter(
    ([urn, keys]) =>
      before.get(urn)?.current !== undefined && before.get(urn)?.current !== keys.current,
  ).length;
}

function faultKinds(entries: ReadonlyArray<{ fault?: string }>): Record<string, number> {
  const kinds: Record<string, number> = {};
  for (const { fault } of entries) if (fault) kinds[fault] = (kinds[fault] ?? 0) + 1;
  return kinds;
}

function engineSecrets(engine: SimulatedEngine): string[] {
  return [...engine.live.values(), ...engine.pendingDeletes].flatMap((e) =>
    [e.outputs.secretKey, e.outputs.dsnSecret, e.outputs.previousDsnSecret].filter(
      (s): s is string => typeof s === "string",
    ),
  );
}
