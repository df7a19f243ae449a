/**
 * What a provider host process remembers between the engine's calls during one `pulumi` command.
 * The engine starts one host per command (see provider/runtime/context.ts), so none of this
 * outlives a run. It is the only state kept from one call to the next; everything else is passed in.
 */
import type { AuditReason } from "../audit/event";

/** Facts one engine call leaves for a later call of the same run. */
export interface RunMemory {
  /**
   * Diff decided to replace or rotate the resource `urn`, for `reason`. The engine hands create
   * and delete nothing of diff's answer, so this is how their audit events learn the why.
   */
  recordRotationReason(urn: string, reason: AuditReason): void;
  /** The reason diff recorded for `urn` in this run, if it decided a replacement. */
  rotationReason(urn: string | undefined): AuditReason | undefined;
  /** True the first time it is asked about `key` in this run: overdue keys are reported once. */
  firstOverdueReport(key: string): boolean;
  /** True the first time it is asked about `key` in this run: a key waiting for its window is reported once. */
  firstWindowWaitReport(key: string): boolean;
}

/** An empty memory, for a new host process (or a test). */
export function createRunMemory(): RunMemory {
  const reasons = new Map<string, AuditReason>();
  const overdueReported = new Set<string>();
  const waitReported = new Set<string>();
  const first = (seen: Set<string>, key: string) => !seen.has(key) && Boolean(seen.add(key));
  return {
    recordRotationReason: (urn, reason) => void reasons.set(urn, reason),
    rotationReason: (urn) => (urn === undefined ? undefined : reasons.get(urn)),
    firstOverdueReport: (key) => first(overdueReported, key),
    firstWindowWaitReport: (key) => first(waitReported, key),
  };
}
