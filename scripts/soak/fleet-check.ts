/**
 * The soak's verdict on the fleet after a run: Sentry and the engine's state agree (no orphan,
 * no duplicate, no key lost), and every sink holds a key that exists, is active and accepts an
 * event; for a fleet of pairs, the overlap kept its promise (the replaced key stayed valid, then
 * was deactivated once the overlap was over). The pure comparisons are `compareFleet` and
 * `reviewOverlap`; `checkFleet` gathers the facts.
 */
import type { StateEntry } from "../../testkit/fleet/engine-model";
import type { SimulatedEngine } from "../../testkit/fleet/engine-sim";
import { isFleetKeyUrn } from "../../testkit/fleet/fleet-program";
import { heldKeys, type HeldKeys } from "../../testkit/fleet/held-keys";
import { ingestStatus, keysIn, type FleetProject } from "../../testkit/fleet/sandbox-fleet";
import type { AdminClientKey } from "../../testkit/sandbox-admin";
import { readSinks, type SinkHolding } from "./sinks";

/** What the checks need of a key Sentry holds. */
export type SentryKeyFacts = Pick<AdminClientKey, "id" | "name" | "isActive">;

/** What is wrong with the fleet; every list empty means all is well. */
export interface FleetProblems {
  /** Keys in Sentry that the state neither holds nor is deleting. */
  orphans: string[];
  /** Keys the state holds twice, or resources with more keys in Sentry than the state explains. */
  duplicates: string[];
  /** Keys the state holds as live (current or previous) that Sentry does not have. */
  lost: string[];
  /** Sinks without a key, or whose key is gone, disabled or refused by ingest. */
  brokenSinks: string[];
  /** Sinks on another key than their resource's live one (expected only after a failed run). */
  staleSinks: string[];
  /** Pending deletes, keys still retiring and init errors left (expected only after a failed run). */
  unfinished: string[];
  /** Pairs whose previous key broke the overlap's promise (see `OverlapExpectation`). */
  overlap: string[];
}

/** What the overlap of a fleet of pairs promises at the time of a check. */
export interface OverlapExpectation {
  /**
   * Each pair's keys before the rotation run. A pair whose current key changed since must hold
   * that key as its previous key, still active (consumers that cached it keep working), and the
   * key that was previous before must be gone from Sentry (retired at the rotation).
   */
  rotatedFrom?: ReadonlyMap<string, { current: string; previous?: string }>;
  /** The overlap is over: every previous key must be deactivated, in state and in Sentry. */
  overlapOver?: boolean;
}

/** How often the overlap was seen keeping its promise (for the report). */
export interface OverlapSeen {
  /** Rotated pairs whose replaced key was still valid as their previous key. */
  kept: number;
  /** Previous keys deactivated once the overlap was over. */
  ended: number;
  /** Former previous keys gone from Sentry after the next rotation. */
  deleted: number;
}

/** Compares the state with Sentry and the sinks. Pure. */
export function compareFleet(
  live: ReadonlyMap<string, StateEntry>,
  pending: readonly StateEntry[],
  inSentry: readonly SentryKeyFacts[],
  sinks: ReadonlyArray<{ keyUrn: string; holding: SinkHolding | undefined }>,
): Omit<FleetProblems, "brokenSinks" | "overlap"> {
  const held = new Map([...live].map(([urn, entry]) => [urn, heldKeys(entry)]));
  const referenced = [
    ...[...held.values()].flatMap((h) => h.all),
    ...pending.flatMap((e) => heldKeys(e).all),
  ];
  const known = new Set(referenced);
  const byId = new Map(inSentry.map((k) => [k.id, k]));
  const duplicates = referenced.filter((id, i) => referenced.indexOf(id) !== i);
  for (const [urn, keys] of held) {
    const name = byId.get(keys.current)?.name;
    const allowed =
      keys.all.length + pending.filter((p) => p.urn === urn).flatMap((p) => heldKeys(p).all).length;
    const count = inSentry.filter((k) => name !== undefined && k.name === name).length;
    if (count > allowed) duplicates.push(`${urn}: ${count} keys named "${name}"`);
  }
  return {
    orphans: inSentry.filter((k) => !known.has(k.id)).map((k) => `${k.id} ("${k.name}")`),
    duplicates,
    // A create Sentry never confirmed may not have made its key yet: unfinished, not lost.
    lost: [...held].flatMap(([urn, keys]) => [
      ...(keys.confirmed && !byId.has(keys.current) ? [`${urn}: ${keys.current}`] : []),
      ...(keys.previous && !byId.has(keys.previous.keyId)
        ? [`${urn}: previous ${keys.previous.keyId}`]
        : []),
    ]),
    staleSinks: sinks.flatMap(({ keyUrn, holding }) => {
      const keys = held.get(keyUrn);
      return keys && holding?.publicKey !== keys.current ? [`sink of ${keyUrn}`] : [];
    }),
    unfinished: [
      ...pending.map((e) => `pending delete ${e.urn}: ${heldKeys(e).current}`),
      ...[...live.values()]
        .filter((e) => e.initErrors)
        .map(
          (e) => `init errors on ${e.urn}${heldKeys(e).confirmed ? "" : " (create not confirmed)"}`,
        ),
      ...[...held].flatMap(([urn, keys]) =>
        keys.retiring.length ? [`${urn} still retiring ${keys.retiring.join(", ")}`] : [],
      ),
    ],
  };
}

/** The overlap's promises checked pair by pair: what held (counted) and what did not. Pure. */
export function reviewOverlap(
  held: ReadonlyMap<string, HeldKeys>,
  inSentry: readonly SentryKeyFacts[],
  expect: OverlapExpectation,
): { problems: string[]; seen: OverlapSeen } {
  const byId = new Map(inSentry.map((k) => [k.id, k]));
  const problems: string[] = [];
  const seen: OverlapSeen = { kept: 0, ended: 0, deleted: 0 };
  for (const [urn, keys] of held) {
    const before = expect.rotatedFrom?.get(urn);
    if (before !== undefined && before.current !== keys.current) {
      if (keys.previous?.keyId !== before.current) {
        problems.push(`${urn}: rotated, but ${before.current} is not its previous key`);
      } else if (byId.get(before.current)?.isActive !== true) {
        problems.push(`${urn}: previous key ${before.current} not active during the overlap`);
      } else {
        seen.kept++;
      }
      if (before.previous !== undefined && byId.has(before.previous)) {
        problems.push(`${urn}: ${before.previous} still in Sentry after the next rotation`);
      } else if (before.previous !== undefined) {
        seen.deleted++;
      }
    }
    if (expect.overlapOver && keys.previous) {
      if (keys.previous.isActive || byId.get(keys.previous.keyId)?.isActive === true) {
        problems.push(`${urn}: previous key ${keys.previous.keyId} still active after the overlap`);
      } else {
        seen.ended++;
      }
    }
  }
  return { problems, seen };
}

/** A sink of the fleet: its dotenv file and the key resource that feeds it. */
export interface FleetSink {
  keyUrn: string;
  file: string;
}

/** Gathers the facts and compares them; ingest is tried with every sink's key. */
export async function checkFleet(
  url: string,
  projects: readonly FleetProject[],
  engine: SimulatedEngine,
  sinks: readonly FleetSink[],
  expect: OverlapExpectation = {},
): Promise<{ problems: FleetProblems; overlapSeen: OverlapSeen }> {
  const inSentry = await keysIn(url, projects);
  const holdings = readSinks(sinks.map((s) => s.file));
  const brokenSinks: string[] = [];
  for (const [n, holding] of holdings.entries()) {
    if (!holding) {
      brokenSinks.push(`sink ${n}: no SENTRY_DSN`);
      continue;
    }
    const key = inSentry.find((k) => k.public === holding.publicKey);
    const status = await ingestStatus(url, holding.projectId, holding.publicKey);
    if (!key || !key.isActive || status !== 200) {
      brokenSinks.push(
        `sink ${n}: key ${holding.publicKey} ${key ? (key.isActive ? `ingest ${status}` : "inactive") : "deleted"}`,
      );
    }
  }
  const isKey = (e: StateEntry) => isFleetKeyUrn(e.urn);
  const live = new Map([...engine.live].filter(([, e]) => isKey(e)));
  const sinkHoldings = sinks.map((s, n) => ({ keyUrn: s.keyUrn, holding: holdings[n] }));
  const held = new Map([...live].map(([urn, entry]) => [urn, heldKeys(entry)]));
  const overlap = reviewOverlap(held, inSentry, expect);
  return {
    problems: {
      ...compareFleet(live, engine.pendingDeletes.filter(isKey), inSentry, sinkHoldings),
      brokenSinks,
      overlap: overlap.problems,
    },
    overlapSeen: overlap.seen,
  };
}
