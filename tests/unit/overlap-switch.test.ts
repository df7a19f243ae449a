/**
 * The pure side of adding or removing `overlap` (provider/resources/client-key-pair/switch.ts): a
 * ClientKey's state read as a pair's and back keeps the key current, and both diffs are updates.
 * tests/e2e/overlap-switch.test.ts proves the same through the real engine.
 */
import assert from "node:assert/strict";
import { diffSwitchedPair } from "../../provider/resources/client-key-pair/provider";
import { rotated, withCurrent } from "../../provider/resources/client-key-pair/state";
import {
  handOverDetail,
  isPairState,
  isSingleKeyState,
  pairFromSingle,
  singleFromPair,
} from "../../provider/resources/client-key-pair/switch";
import { type ClientKeyPairInputs } from "../../provider/resources/client-key-pair/types";
import { keyLocation } from "../../provider/resources/client-key/operations";
import { clientKeyOutputs } from "../../provider/resources/client-key/outputs";
import { diffSwitchedKey } from "../../provider/resources/client-key/provider";
import { type ClientKeyInputs } from "../../provider/resources/client-key/types";
import { sentryKey } from "../support/project-key-fixture";

const single: ClientKeyInputs = {
  organization: "acme",
  project: "web",
  name: "web",
  rotateEvery: "30d",
  isActive: true,
  onReplace: "delete",
};
const pair: ClientKeyPairInputs = { ...single, rotateEvery: "30d", overlap: "7d" };

const now = new Date("2026-01-10T00:00:00Z");
const key1 = sentryKey(1, "2026-01-01T00:00:00.000Z");
const keyState = clientKeyOutputs(key1, single);

describe("switching overlap: ClientKey -> ClientKeyPair", () => {
  it("tells the two states apart", () => {
    assert.ok(isSingleKeyState(keyState) && !isPairState(keyState));
    const pairState = withCurrent({ ...pair, retiring: [] }, key1, pair);
    assert.ok(isPairState(pairState) && !isSingleKeyState(pairState));
  });

  it("the key becomes the pair's current key, with its secrets and schedule, and no previous", () => {
    const state = pairFromSingle(keyState, pair);
    assert.equal(state.current.keyId, key1.id);
    assert.equal(state.current.createdAt, key1.dateCreated);
    assert.equal(state.current.rotateAt, "2026-01-31T00:00:00.000Z");
    assert.equal(state.dsnSecret, key1.dsn.secret);
    assert.equal(state.secretKey, key1.secret);
    assert.equal(state.previous, undefined);
    assert.deepEqual(state.retiring, []);
  });

  it("is an update naming the kept key, not a replacement", () => {
    const decision = diffSwitchedPair(keyState, pair, now);
    assert.equal(decision.changes, true);
    assert.deepEqual(decision.replaces, []);
    assert.equal(decision.reason, undefined, "no rotation");
    assert.match(decision.reasons[0]!, new RegExp(`key ${key1.id} stays its current key`));
    assert.deepEqual(decision.detailedDiff, { overlap: { kind: "add", inputDiff: true } });
  });

  it("a due key still rotates on schedule (the switch does not hide it)", () => {
    const decision = diffSwitchedPair(keyState, pair, new Date("2026-02-02T00:00:00Z"));
    assert.equal(decision.reason, "expired", "the due rotation happens in the same update");
    assert.deepEqual(decision.replaces, [], "in place, as a pair rotates");
  });
});

describe("switching overlap: ClientKeyPair -> ClientKey", () => {
  const first = withCurrent({ ...pair, retiring: [] }, key1, pair);
  const key2 = sentryKey(2, "2026-01-05T00:00:00.000Z");
  const inOverlap = rotated(first, pair, key2);

  it("the pair's current key becomes the key; no previous key: nothing to retire", () => {
    const { state, retire } = singleFromPair(first, single);
    assert.equal(state.keyId, key1.id);
    assert.equal(state.dsnSecret, key1.dsn.secret);
    assert.equal(state.rotateAt, "2026-01-31T00:00:00.000Z");
    assert.deepEqual(retire, []);
    assert.equal("overlap" in state, false);
  });

  it("in an overlap, the previous key is retired with the switch (no overlap any more)", () => {
    const { state, retire } = singleFromPair(inOverlap, single);
    assert.equal(state.keyId, key2.id);
    assert.deepEqual(retire, [key1.id]);
    const decision = diffSwitchedKey(inOverlap, single, now);
    assert.deepEqual(decision.replaces, []);
    assert.equal(decision.changes, true);
    assert.match(
      decision.reasons[0]!,
      new RegExp(`older keys leave now, per onReplace: ${key1.id}$`),
    );
  });

  it("the key's location comes from its state, whatever id the switched resource kept", () => {
    assert.deepEqual(keyLocation("acme/web/pair-0a1b", { keyId: key2.id }), {
      organization: "acme",
      project: "web",
      keyId: key2.id,
    });
    assert.equal(keyLocation(`acme/web/${key1.id}`, {}).keyId, key1.id);
  });

  it("the audit detail names the kept key and what leaves", () => {
    assert.equal(
      handOverDetail(key2.id, "single", [key1.id]),
      `overlap removed: key ${key2.id} stays current, now a ClientKey; no new key; the pair's older keys removed: ${key1.id}`,
    );
  });
});
