/**
 * The soak's verdict on the fleet after a run: Sentry and the engine's state agree (no orphan,
 * no duplicate, no key lost), and every sink holds a key that exists, is active and accepts an
 * event. The pure comparison is `compareFleet`; `checkFleet` gathers the facts.
 */
import type { StateEntry } from "../../testkit/fleet/engine-model";
import type { SimulatedEngine } from "../../testkit/fleet/engine-sim";
import { keyUrn } from "../../testkit/fleet/fleet-program";
import { ingestStatus, keysIn, type FleetProject } from "../../testkit/fleet/sandbox-fleet";
import type { AdminClientKey } from "../../testkit/sandbox-admin";
import { readSinks, type SinkHolding } from "./sinks";

/** What is wrong with the fleet; every list empty means all is well. */
export interface FleetProblems {
  /** Keys in Sentry that the state neither holds nor is deleting. */
  orphans: string[];
  /** Keys the state holds twice, or resources with more keys in Sentry than the state explains. */
  duplicates: string[];
  /** Keys the state holds as live that Sentry does not have. */
  lost: string[];
  /** Sinks without a key, or whose key is gone, disabled or refused by ingest. */
  brokenSinks: string[];
  /** Sinks on another key than their resource's live one (expected only after a failed run). */
  staleSinks: string[];
  /** Pending deletes and init errors left (expected only after a failed run). */
  unfinished: string[];
}

/** Compares the state with Sentry and the sinks. Pure. */
export function compareFleet(
  live: ReadonlyMap<string, StateEntry>,
  pending: readonly StateEntry[],
  inSentry: readonly AdminClientKey[],
  sinks: ReadonlyArray<SinkHolding | undefined>,
): Omit<FleetProblems, "brokenSinks"> {
  const keyOf = (e: StateEntry) => String(e.outputs.keyId);
  const referenced = [...live.values(), ...pending].map(keyOf);
  const known = new Set(referenced);
  const sentryIds = new Set(inSentry.map((k) => k.id));
  const duplicates = referenced.filter((id, i) => referenced.indexOf(id) !== i);
  for (const entry of live.values()) {
    const name = inSentry.find((k) => k.id === keyOf(entry))?.name;
    const allowed = 1 + pending.filter((p) => p.urn === entry.urn).length;
    const count = inSentry.filter((k) => name !== undefined && k.name === name).length;
    if (count > allowed) duplicates.push(`${entry.urn}: ${count} keys named "${name}"`);
  }
  return {
    orphans: inSentry.filter((k) => !known.has(k.id)).map((k) => `${k.id} ("${k.name}")`),
    duplicates,
    // A create Sentry never confirmed may not have made its key yet: unfinished, not lost.
    lost: [...live.values()]
      .filter((e) => !sentryIds.has(keyOf(e)) && !unconfirmed(e))
      .map((e) => `${e.urn}: ${keyOf(e)}`),
    staleSinks: sinks.flatMap((holding, n) => {
      const liveKey = live.get(keyUrn(n));
      return liveKey && holding?.publicKey !== keyOf(liveKey) ? [`sink ${n}`] : [];
    }),
    unfinished: [
      ...pending.map((e) => `pending delete ${e.urn}: ${keyOf(e)}`),
      ...[...live.values()]
        .filter((e) => e.initErrors)
        .map((e) => `init errors on ${e.urn}${unconfirmed(e) ? " (create not confirmed)" : ""}`),
    ],
  };
}

// The state of a create whose outcome Sentry never told: the key's id, nothing Sentry said.
function unconfirmed(entry: StateEntry): boolean {
  return Boolean(entry.initErrors) && entry.outputs.createdAt === undefined;
}

/** Gathers the facts and compares them; ingest is tried with every sink's key. */
export async function checkFleet(
  url: string,
  projects: readonly FleetProject[],
  engine: SimulatedEngine,
  sinkFiles: readonly string[],
): Promise<FleetProblems> {
  const inSentry = await keysIn(url, projects);
  const sinks = readSinks(sinkFiles);
  const brokenSinks: string[] = [];
  for (const [n, holding] of sinks.entries()) {
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
  const isKey = (e: StateEntry) => e.urn.startsWith(keyUrn(0).replace(/key-0$/, ""));
  const live = new Map([...engine.live].filter(([, e]) => isKey(e)));
  return {
    ...compareFleet(live, engine.pendingDeletes.filter(isKey), inSentry, sinks),
    brokenSinks,
  };
}
