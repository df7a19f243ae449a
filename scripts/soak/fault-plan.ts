/**
 * Random faults for the soak, from a seeded generator so a failing run can be replayed: 5xx,
 * 429 storms, slow responses, connection resets and "committed but response lost", on every
 * client-key endpoint (list, create, get, update, delete). Pure.
 */
import type { AdminFault as SandboxFault } from "../../testkit/sandbox-admin";

/** A seeded source of numbers in [0, 1) (mulberry32). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Paths (as the sandbox matches them) of a project's key list and of one key. */
export const KEYS = "^/api/0/projects/[^/]+/[^/]+/keys/$";
export const KEY = "^/api/0/projects/[^/]+/[^/]+/keys/[0-9a-f]{32}/$";

/** The endpoints faults are aimed at. */
export const FAULT_TARGETS: ReadonlyArray<Pick<SandboxFault, "method" | "path">> = [
  { method: "GET", path: KEYS },
  { method: "POST", path: KEYS },
  { method: "GET", path: KEY },
  { method: "PUT", path: KEY },
  { method: "DELETE", path: KEY },
];

/** Relative weights of the fault kinds. */
const KIND_WEIGHTS: ReadonlyArray<[SandboxFault["kind"], number]> = [
  ["status", 3],
  ["rate-limit", 2],
  ["delay", 2],
  ["reset", 2],
  ["drop-after-commit", 3],
];

/** One random fault aimed at `target`. */
export function randomFault(
  random: () => number,
  target: Pick<SandboxFault, "method" | "path">,
): SandboxFault {
  const kind = weighted(random, KIND_WEIGHTS);
  switch (kind) {
    case "status":
      return { ...target, kind, status: pick(random, [500, 502, 503, 504]), times: 1 };
    case "rate-limit":
      // A storm: every request to the endpoint is refused for a while.
      return { ...target, kind, times: 2 + Math.floor(random() * 6) };
    case "delay":
      return { ...target, kind, delayMs: 100 + Math.floor(random() * 1900), times: 1 };
    default:
      return { ...target, kind, times: 1 };
  }
}

/** A uniformly chosen element. */
export function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)]!;
}

function weighted<T>(random: () => number, choices: ReadonlyArray<[T, number]>): T {
  const total = choices.reduce((sum, [, w]) => sum + w, 0);
  let roll = random() * total;
  for (const [choice, weight] of choices) {
    roll -= weight;
    if (roll < 0) return choice;
  }
  return choices[choices.length - 1]![0];
}
