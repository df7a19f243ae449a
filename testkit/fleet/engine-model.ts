/** Types of the simulated engine: its state (live resources and pending deletes) and a run's report. */
import type { Props } from "../provider-host/struct";

/** One resource as the engine keeps it in state. */
export interface StateEntry {
  urn: string;
  id: string;
  /** Inputs as Check returned them (with `__provider`): the olds of the next Check. */
  inputs: Props;
  /** Outputs (with the stored `__provider`): what Diff, Read and Delete receive. */
  outputs: Props;
  /** Reasons of a partial failure; the next run updates the resource even without a diff. */
  initErrors?: string[];
}

/** What the program registers: a resource and, through `inputs`, what it depends on. */
export interface ProgramResource {
  urn: string;
  /** The program's inputs (with `__provider`), computed from the live state of its dependencies. */
  inputs(live: ReadonlyMap<string, StateEntry>): Props;
}

/** A resource and those that depend on it, run in order (the engine's dependency chain). */
export type Chain = readonly ProgramResource[];

/** The engine step taken for a resource. */
export type StepKind = "same" | "create" | "update" | "replace";

/** One failed step. */
export interface StepFailure {
  urn: string;
  step: StepKind | "check" | "diff" | "delete" | "read";
  message: string;
  /** The provider reported progress (PartialStateError): the engine kept it in state. */
  partial?: boolean;
}

/** What one `pulumi up` did. */
export interface RunReport {
  /** True when every step succeeded (the engine exits 0). */
  ok: boolean;
  steps: Record<StepKind, number>;
  /** Replaced or pending resources deleted. */
  deleted: number;
  failures: StepFailure[];
  /** Steps never started because an earlier failure stopped the run. */
  skipped: number;
  wallMs: number;
}

/** Hooks a soak uses to watch the run. */
export interface EngineHooks {
  /**
   * Called just before the engine asks the provider to delete `entry`: "before-run" for a resource
   * left pending deletion by an earlier run (retired before anything else), "after-run" for one
   * replaced in this run (deleted once every other step succeeded).
   */
  beforeDelete?(entry: StateEntry, when: "before-run" | "after-run"): Promise<void> | void;
}

/** A fresh, empty report. */
export function emptyReport(): RunReport {
  return {
    ok: true,
    steps: { same: 0, create: 0, update: 0, replace: 0 },
    deleted: 0,
    failures: [],
    skipped: 0,
    wallMs: 0,
  };
}
