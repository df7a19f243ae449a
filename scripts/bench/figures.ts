/** The benchmark's figures: how a phase is summarised, the table printed, the JSON written. Pure. */
import type { RequestCounts } from "../../testkit/fleet/sandbox-fleet";

/** The sandbox's API limit the run was measured against. */
export interface RateLimitFigures {
  limit: number;
  windowSeconds: number;
  concurrentLimit: number;
}

/** One phase (one `pulumi` command). */
export interface PhaseFigures {
  wallMs: number;
  /** API calls the sandbox received (429s included). */
  calls: number;
  rateLimited: number;
  /** Calls by method and kind ("GET keys" = a list page, "GET key" = one key). */
  byCall: Record<string, number>;
  /** Resources whose step failed. */
  failed: number;
  /** What the engine did, e.g. { same: 200 } or { replace: 200, deleted: 200 }. */
  steps: Record<string, number>;
  /** The time the answered calls need at the allowed rate: (calls - 429s) / (limit / window). */
  floorMs: number;
  /** wallMs / floorMs (undefined without calls). */
  ratio?: number;
  /** Peak RSS of this phase's provider host (MiB). */
  hostPeakRssMiB?: number;
}

/** Everything one run measured. */
export interface BenchFigures {
  commit: string;
  date: string;
  machine: { cpus: number; node: string; platform: string };
  options: { keys: number; projects: number; parallel: number };
  rateLimit: RateLimitFigures;
  phases: {
    create: PhaseFigures;
    preview: PhaseFigures;
    rotation: PhaseFigures;
    refresh: PhaseFigures;
  };
  /** Highest peak RSS over every provider host of the run (MiB). */
  hostPeakRssMiB?: number;
  /**
   * The same fleet through the real `pulumi` CLI, when it was asked for and available: through the
   * dynamic provider and through the sentry-rotation plugin (on the generated TypeScript SDK), each
   * with a file backend and/or the local Pulumi Cloud-compatible state service.
   */
  engine?: EngineRun[] | { skipped: string };
}

/** The two ways a program reaches the same resources. */
export const ENGINE_FRONT_DOORS = ["dynamic", "plugin"] as const;
export type EngineFrontDoor = (typeof ENGINE_FRONT_DOORS)[number];

/**
 * Where the CLI keeps state: `file` (`pulumi login file://...`, the whole state rewritten after
 * every step) or `service` (pulumi-state-service, Pulumi Cloud's API with a journal of steps).
 */
export const ENGINE_BACKENDS = ["file", "service"] as const;
export type EngineBackend = (typeof ENGINE_BACKENDS)[number];

/** One front door's phases through the real engine with one backend, and the state per key. */
export interface EngineRun {
  frontDoor: EngineFrontDoor;
  backend: EngineBackend;
  /** The service's added latency per request (service backend only). */
  serviceLatencyMs?: number;
  /** Journal entries the service received over the four phases (service backend only). */
  journalEntries?: number;
  phases: BenchFigures["phases"];
  /** Bytes of one ClientKey's entry in `pulumi stack export` (compact JSON), after the rotation. */
  stateBytesPerKey: number;
}

/** Summarises a phase from its wall time, request counts and steps. */
export function phaseFigures(
  wallMs: number,
  counts: RequestCounts,
  rateLimit: RateLimitFigures,
  extra: { failed: number; steps: Record<string, number>; hostPeakRssMiB?: number },
): PhaseFigures {
  const answered = counts.total - counts.rateLimited;
  const floorMs = (answered / (rateLimit.limit / rateLimit.windowSeconds)) * 1000;
  return {
    wallMs,
    calls: counts.total,
    rateLimited: counts.rateLimited,
    byCall: counts.byCall,
    failed: extra.failed,
    steps: extra.steps,
    floorMs: Math.round(floorMs),
    ...(floorMs > 0 ? { ratio: Math.round((wallMs / floorMs) * 100) / 100 } : {}),
    ...(extra.hostPeakRssMiB !== undefined ? { hostPeakRssMiB: extra.hostPeakRssMiB } : {}),
  };
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** The table `npm run bench` prints (and the real engine's, when it ran). */
export function formatTable(figures: BenchFigures): string {
  const { keys, projects, parallel } = figures.options;
  const { limit, windowSeconds } = figures.rateLimit;
  const lines = [
    `${keys} ClientKeys in ${projects} projects, engine parallelism ${parallel}, sandbox limit ${limit} requests / ${windowSeconds} s (commit ${figures.commit})`,
    "simulated engine over the real provider host (gRPC):",
    ...phaseTable(figures.phases),
    `peak RSS of the provider host: ${figures.hostPeakRssMiB ?? "?"} MiB`,
  ];
  if (figures.engine && "skipped" in figures.engine) {
    lines.push(`real engine: skipped (${figures.engine.skipped})`);
  } else if (figures.engine) {
    for (const run of figures.engine) {
      lines.push(`real engine, ${engineRunTitle(run)}:`, ...phaseTable(run.phases));
    }
  }
  return lines.join("\n");
}

function engineRunTitle(run: EngineRun): string {
  const door = run.frontDoor === "plugin" ? "sentry-rotation plugin" : "dynamic provider";
  const backend =
    run.backend === "file"
      ? "file backend"
      : `state service backend (journal: ${run.journalEntries ?? 0} entries, latency ${run.serviceLatencyMs ?? 0} ms)`;
  return `${door}, ${backend} (pulumi CLI; wall includes its start and the program; ${run.stateBytesPerKey} state bytes per key)`;
}

function phaseTable(phases: BenchFigures["phases"]): string[] {
  const header = [
    "phase",
    "wall",
    "API calls",
    "429s",
    "floor",
    "wall/floor",
    "failed",
    "host RSS",
    "calls by kind",
  ];
  const rows = (Object.entries(phases) as Array<[string, PhaseFigures]>).map(([name, p]) => [
    name,
    seconds(p.wallMs),
    String(p.calls),
    String(p.rateLimited),
    p.floorMs > 0 ? seconds(p.floorMs) : "-",
    p.ratio !== undefined ? `${p.ratio.toFixed(2)}x` : "-",
    String(p.failed),
    p.hostPeakRssMiB !== undefined ? `${p.hostPeakRssMiB} MiB` : "?",
    Object.entries(p.byCall)
      .map(([call, n]) => `${call} ${n}`)
      .join(", ") || "none",
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]!))
      .join("  ")
      .trimEnd();
  return [line(header), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)];
}
