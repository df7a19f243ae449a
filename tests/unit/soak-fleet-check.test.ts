import assert from "node:assert/strict";
import { compareFleet, reviewOverlap } from "../../scripts/soak/fleet-check";
import { parseSoakArgs, soakFleets } from "../../scripts/soak/main";
import type { StateEntry } from "../../testkit/fleet/engine-model";
import { keyUrn, pairUrn } from "../../testkit/fleet/fleet-program";
import { heldKeys } from "../../testkit/fleet/held-keys";

const hex = (c: string) => c.repeat(32);
const A = hex("a");
const B = hex("b");
const C = hex("c");
const D = hex("d");

function pair(
  n: number,
  current: string,
  previous?: { keyId: string; isActive: boolean },
  extra: Partial<StateEntry> & { retiring?: string[]; unconfirmed?: boolean } = {},
): StateEntry {
  const { retiring = [], unconfirmed, ...rest } = extra;
  return {
    urn: pairUrn(n),
    id: `org/p/pair-${n}`,
    inputs: {},
    outputs: {
      current: {
        keyId: current,
        dsnPublic: `http://${current}@x/1`,
        ...(unconfirmed ? { unconfirmed } : {}),
      },
      ...(previous ? { previous } : {}),
      retiring,
    },
    ...rest,
  };
}

const key = (id: string, isActive = true, name = "fleet pair 0") => ({ id, name, isActive });
const held = (...entries: StateEntry[]) => new Map(entries.map((e) => [e.urn, heldKeys(e)]));

/** The soak's pure verdicts on a fleet of pairs (scripts/soak/fleet-check.ts) and its flags. */
describe("soak fleet check of key pairs", () => {
  it("reads what a ClientKey and a ClientKeyPair hold", () => {
    const single: StateEntry = {
      urn: keyUrn(0),
      id: "i",
      inputs: {},
      outputs: { keyId: A, dsnPublic: "d", createdAt: "t" },
    };
    assert.deepEqual(heldKeys(single), {
      current: A,
      dsnPublic: "d",
      confirmed: true,
      retiring: [],
      all: [A],
    });
    const keys = heldKeys(pair(0, A, { keyId: B, isActive: true }, { retiring: [C] }));
    assert.deepEqual(keys.all, [A, B, C]);
    assert.equal(keys.confirmed, true);
    assert.equal(heldKeys(pair(0, A, undefined, { unconfirmed: true })).confirmed, false);
  });

  it("counts a pair's previous and retiring keys as known, and a key nobody holds as an orphan", () => {
    const live = new Map([
      [pairUrn(0), pair(0, A, { keyId: B, isActive: true }, { retiring: [C] })],
    ]);
    const found = compareFleet(
      live,
      [],
      [key(A), key(B), key(C), key(D, true, "other")],
      [{ keyUrn: pairUrn(0), holding: { publicKey: B, projectId: 1 } }],
    );
    assert.deepEqual(found.orphans, [`${D} ("other")`]);
    assert.deepEqual(found.duplicates, []);
    assert.deepEqual(found.lost, []);
    assert.deepEqual(found.staleSinks, [`sink of ${pairUrn(0)}`]);
    assert.deepEqual(found.unfinished, [`${pairUrn(0)} still retiring ${C}`]);
  });

  it("reports a previous key Sentry lost, but not a first key Sentry never confirmed", () => {
    const live = new Map([
      [pairUrn(0), pair(0, A, { keyId: B, isActive: true })],
      [pairUrn(1), pair(1, C, undefined, { unconfirmed: true, initErrors: ["x"] })],
    ]);
    const found = compareFleet(live, [], [key(A)], []);
    assert.deepEqual(found.lost, [`${pairUrn(0)}: previous ${B}`]);
    assert.deepEqual(found.unfinished, [`init errors on ${pairUrn(1)} (create not confirmed)`]);
  });

  it("holds a rotation to the overlap's promise: the replaced key stays, active; the one before is gone", () => {
    const rotatedFrom = new Map([[pairUrn(0), { current: B, previous: C }]]);
    const good = reviewOverlap(held(pair(0, A, { keyId: B, isActive: true })), [key(A), key(B)], {
      rotatedFrom,
    });
    assert.deepEqual(good, { problems: [], seen: { kept: 1, ended: 0, deleted: 1 } });
    const inactive = reviewOverlap(
      held(pair(0, A, { keyId: B, isActive: true })),
      [key(A), key(B, false), key(C)],
      {
        rotatedFrom,
      },
    );
    assert.deepEqual(inactive.problems, [
      `${pairUrn(0)}: previous key ${B} not active during the overlap`,
      `${pairUrn(0)}: ${C} still in Sentry after the next rotation`,
    ]);
    const dropped = reviewOverlap(held(pair(0, A)), [key(A)], { rotatedFrom });
    assert.deepEqual(dropped.problems, [
      `${pairUrn(0)}: rotated, but ${B} is not its previous key`,
    ]);
    const notRotated = reviewOverlap(
      held(pair(0, B, { keyId: C, isActive: true })),
      [key(B), key(C)],
      { rotatedFrom },
    );
    assert.deepEqual(notRotated, { problems: [], seen: { kept: 0, ended: 0, deleted: 0 } });
  });

  it("after the overlap, every previous key must be inactive in state and in Sentry", () => {
    const ended = reviewOverlap(
      held(pair(0, A, { keyId: B, isActive: false })),
      [key(A), key(B, false)],
      {
        overlapOver: true,
      },
    );
    assert.deepEqual(ended, { problems: [], seen: { kept: 0, ended: 1, deleted: 0 } });
    for (const [inState, inSentry] of [
      [true, false],
      [false, true],
    ]) {
      const late = reviewOverlap(
        held(pair(0, A, { keyId: B, isActive: inState! })),
        [key(A), key(B, inSentry)],
        {
          overlapOver: true,
        },
      );
      assert.deepEqual(late.problems, [
        `${pairUrn(0)}: previous key ${B} still active after the overlap`,
      ]);
    }
  });

  it("takes --pairs beside --keys; 0 leaves a fleet out, but not both", () => {
    const args = parseSoakArgs(["--keys", "0", "--pairs=6", "--projects", "3", "--seed", "1"]);
    assert.deepEqual(soakFleets(args), [{ fleet: "pairs", keys: 6 }]);
    assert.deepEqual(
      soakFleets(parseSoakArgs(["--keys", "8", "--pairs", "4", "--projects", "4"])).map(
        (f) => f.fleet,
      ),
      ["keys", "pairs"],
    );
    assert.throws(
      () => parseSoakArgs(["--keys", "0", "--pairs", "0"]),
      /--keys and --pairs are both 0/,
    );
    assert.throws(
      () => parseSoakArgs(["--pairs", "2", "--projects", "3"]),
      /--projects must not exceed/,
    );
    assert.throws(() => parseSoakArgs(["--rounds", "0"]), /--rounds must be a whole number >= 1/);
  });
});
