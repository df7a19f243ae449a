/**
 * What the soak runs, as data: the phases of the initial deploy and of each round, per kind of
 * fleet, with the clock each run sees, whether faults are injected, and what is checked after it.
 * Pure.
 *
 * The provider's clock is moved with `SENTRY_ROTATION_NOW` as an offset from the real now, while
 * Sentry (the sandbox) dates keys with the real clock: every key looks `offset` old to the
 * provider. The fleet rotates every 90 days with a 7-day overlap, so `+91d` rotates every key,
 * `+1d` rotates nothing and keeps every overlap open, and `+8d` rotates nothing and ends every
 * overlap.
 */
import type { AdminFault } from "../../testkit/sandbox-admin";
import { KEY, KEYS } from "./fault-plan";
import type { FleetProblems } from "./fleet-check";

/** The kinds of fleet: ClientKeys (replaced on rotation) or ClientKeyPairs (`overlap`). */
export type SoakFleet = "keys" | "pairs";

/** The fleet's schedule. */
export const ROTATE_EVERY = "90d";
export const OVERLAP = "7d";
/** Offsets of the provider's clock (see the module comment). */
export const ROTATION_DUE = "+91d";
export const WITHIN_OVERLAP = "+1d";
export const AFTER_OVERLAP = "+8d";

/** One `pulumi` command of the soak. */
export interface Phase {
  /** Shown in progress lines and in findings. */
  name: string;
  command: "up" | "refresh";
  /** `SENTRY_ROTATION_NOW` for the run; the real clock when absent. */
  now?: string;
  /** Faults are injected on every client-key endpoint while it runs. */
  faults: boolean;
  /** Faults armed before the run starts, ahead of the random ones. */
  arm?: readonly AdminFault[];
  /**
   * A fault-free run that must succeed and leave everything finished: it counts as a recovery
   * when a faulty run before it (since the last recovery) failed.
   */
  recovery: boolean;
  /** The problems checked after the run (none: no check). */
  check: ReadonlyArray<keyof FleetProblems>;
  /**
   * For pairs, what the overlap promises at the check: "rotated", the key a pair replaced this
   * round is its previous key and still active; "over", every previous key is deactivated.
   */
  overlap?: "rotated" | "over";
}

/**
 * The lost create, for sure: Sentry commits the first key create but its answer is lost, and the
 * lookup that follows fails (403 is not retried, so it costs no backoff). The provider cannot
 * tell whether the key exists: it must keep the key's id in state and settle it in the next run.
 */
export const LOST_CREATE: readonly AdminFault[] = [
  { method: "POST", path: KEYS, kind: "drop-after-commit" },
  { method: "GET", path: KEY, kind: "status", status: 403, times: 1 },
];

/** Checked after a faulty run: what must hold even when the run failed. */
export const AFTER_FAULTS: ReadonlyArray<keyof FleetProblems> = [
  "orphans",
  "duplicates",
  "lost",
  "brokenSinks",
];
/** Checked after a recovery: everything. */
export const AFTER_RECOVERY: ReadonlyArray<keyof FleetProblems> = [
  ...AFTER_FAULTS,
  "staleSinks",
  "unfinished",
  "overlap",
];

/**
 * The initial deploy. Keys: one fault-free `up`. Pairs: first under faults, starting with a lost
 * create (no sink exists before its key, so sinks are not checked), then a fault-free `up` that
 * must finish every pair.
 */
export function initialPhases(fleet: SoakFleet): Phase[] {
  const deploy: Phase = {
    name: "initial deploy",
    command: "up",
    faults: false,
    recovery: true,
    check: fleet === "pairs" ? AFTER_RECOVERY : [],
  };
  if (fleet === "keys") return [deploy];
  return [
    {
      name: "initial deploy under faults",
      command: "up",
      faults: true,
      arm: LOST_CREATE,
      recovery: false,
      check: ["orphans", "duplicates", "lost"],
    },
    deploy,
  ];
}

/**
 * One round. Keys: a rotation and a refresh under faults, then a fault-free rotation. Pairs: a
 * rotation and a refresh under faults, a fault-free run within the overlap (finishes what the
 * faults left, rotates nothing, the replaced keys still valid), then the end of the overlap
 * under faults and without (every previous key deactivated). A pair's faulty runs start with a
 * lost create (LOST_CREATE) besides the random faults.
 */
export function roundPhases(fleet: SoakFleet, round: number): Phase[] {
  const named = (name: string) => `round ${round} ${name}`;
  const faultyRotation: Phase = {
    name: named("faulty rotation"),
    command: "up",
    now: ROTATION_DUE,
    faults: true,
    recovery: false,
    check: [],
  };
  const refresh: Phase = {
    name: named("refresh"),
    command: "refresh",
    faults: true,
    recovery: false,
    check: AFTER_FAULTS,
  };
  if (fleet === "keys") {
    return [
      faultyRotation,
      refresh,
      {
        name: named("recovery"),
        command: "up",
        now: ROTATION_DUE,
        faults: false,
        recovery: true,
        check: AFTER_RECOVERY,
      },
    ];
  }
  return [
    { ...faultyRotation, arm: LOST_CREATE },
    refresh,
    {
      name: named("recovery within the overlap"),
      command: "up",
      now: WITHIN_OVERLAP,
      faults: false,
      recovery: true,
      check: AFTER_RECOVERY,
      overlap: "rotated",
    },
    {
      name: named("faulty overlap end"),
      command: "up",
      now: AFTER_OVERLAP,
      faults: true,
      recovery: false,
      check: AFTER_FAULTS,
    },
    {
      name: named("recovery after the overlap"),
      command: "up",
      now: AFTER_OVERLAP,
      faults: false,
      recovery: true,
      check: AFTER_RECOVERY,
      overlap: "over",
    },
  ];
}
