/** The soak's summary as printed. Pure. */
import type { SoakFleet } from "./phases";
import type { WindowFinding } from "./sink-watch";
import type { SoakResult } from "./soak";

/**
 * Windows not explained by the engine's order after a failed run (it deletes what that run left
 * pending before it updates the sinks): a delete of a held key at any other time, or a sink seen
 * on a dead key without such a delete in the same run. Must be none. A fleet of pairs has no such
 * excuse (a pair is updated in place, its replaced key stays valid for the overlap): for pairs
 * every window is unexplained.
 */
export function unexplainedWindows(
  windows: readonly WindowFinding[],
  fleet: SoakFleet = "keys",
): WindowFinding[] {
  if (fleet === "pairs") return [...windows];
  return windows.filter(
    (w) =>
      (w.kind === "delete-while-held" && w.when !== "before-run") ||
      (w.kind === "observed" &&
        !windows.some(
          (d) => d.kind === "delete-while-held" && d.publicKey === w.publicKey && d.run === w.run,
        )),
  );
}

/** The counts, then every problem found (never a secret: problems carry ids and places only). */
export function formatSoakResult(result: SoakResult): string {
  const faults = Object.entries(result.faultsInjected)
    .map(([kind, n]) => `${kind} ${n}`)
    .join(", ");
  const totalFaults = Object.values(result.faultsInjected).reduce((a, b) => a + b, 0);
  const problems = [
    ...Object.entries(result.afterFaults).flatMap(([k, v]: [string, string[]]) =>
      v.map((p) => `after faults, ${k}: ${p}`),
    ),
    ...Object.entries(result.afterRecovery).flatMap(([k, v]: [string, string[]]) =>
      v.map((p) => `after recovery, ${k}: ${p}`),
    ),
    ...result.failedRecoveries.map((p) => `recovery failed: ${p}`),
    ...result.secretLeaks.map((p) => `secret leak: ${p}`),
  ];
  const windows = result.windows.map(
    (w) =>
      `${w.run}: sink ${w.sink} ${w.kind === "observed" ? "seen holding" : `held a key sent for deletion (${w.when})`}: ${w.publicKey}`,
  );
  const unexplained = unexplainedWindows(result.windows, result.fleet).length;
  const sinkLine =
    result.fleet === "pairs"
      ? `  sinks on a dead or inactive key: ${unexplained}`
      : `  sinks on a dead key: ${result.windows.filter((w) => w.kind === "delete-while-held").length} key(s) deleted while a sink held them, all at the start of the run after a failed one: ${unexplained === 0 ? "yes" : "NO"}`;
  return [
    `soak finished: ${result.fleet === "pairs" ? "ClientKeyPairs with overlap" : "ClientKeys"} (seed ${result.seed})`,
    `  rounds ${result.rounds}, runs ${result.runs} (${result.failedRuns} failed under faults)`,
    `  rotations ${result.rotations}`,
    ...(result.fleet === "pairs"
      ? [
          `  overlap: ${result.overlapKept} replaced key(s) seen still valid as the previous key, ${result.overlapEnded} seen deactivated after the overlap, ${result.overlapDeleted} deleted at the next rotation`,
        ]
      : []),
    `  faults injected ${totalFaults} (${faults || "none"}), 429 answers ${result.rateLimited}, creates whose answer was lost ${result.lostCreates}`,
    `  recoveries ${result.recoveries}`,
    sinkLine,
    `  anything lost: ${result.lost}`,
    ...problems.map((p) => `  ! ${p}`),
    ...windows.map((w) => `  ~ ${w}`),
    ...(result.sampleErrors.length
      ? ["  sample errors under faults:", ...result.sampleErrors.map((e) => `    ${e}`)]
      : []),
  ].join("\n");
}
