import assert from "node:assert/strict";
import { outputsForPreview, previewDiff } from "../../provider/preview-diff";
import { diffClientKeyPair } from "../../provider/resources/client-key-pair/plan";
import { rotated, withCurrent } from "../../provider/resources/client-key-pair/state";
import type { ClientKeyPairInputs } from "../../provider/resources/client-key-pair/types";
import { diffClientKey } from "../../provider/resources/client-key/diff";
import { clientKeyOutputs } from "../../provider/resources/client-key/outputs";
import type { ClientKeyInputs } from "../../provider/resources/client-key/types";
import { diffOrgAuthToken } from "../../provider/resources/org-auth-token/diff";
import { orgAuthTokenOutputs } from "../../provider/resources/org-auth-token/outputs";
import { sentryKey, sentryKeyId } from "../support/project-key-fixture";

const key = sentryKey;
const id = sentryKeyId;
// The lines of the story, as the preview prints them under `rotation`.
const lines = (detail: Record<string, unknown> | undefined) =>
  Object.keys(detail ?? {})
    .filter((path) => path.startsWith('rotation["'))
    .map((path) => path.slice('rotation["'.length, -2));
const kinds = (detail: Record<string, { kind: string; inputDiff: boolean }> | undefined) =>
  Object.fromEntries(
    Object.entries(detail ?? {})
      .filter(([path]) => !path.startsWith("rotation["))
      .map(([path, d]) => [path, `${d.kind}${d.inputDiff ? " (input)" : ""}`]),
  );

describe("preview: what `pulumi preview --diff` shows of a rotation", () => {
  const keyInputs: ClientKeyInputs = {
    organization: "acme",
    project: "web",
    name: "web",
    rotateEvery: "90d",
    isActive: true,
    onReplace: "delete",
  };
  const keyState = clientKeyOutputs(key(1, "2026-01-01T00:00:00.000Z"), keyInputs);

  it("ClientKey due: the reason, the new key replacing the old, the old deleted; changed outputs", () => {
    assert.equal(keyState.rotation, "next at 2026-04-01T00:00:00Z (rotateEvery 90d)");
    const { detailedDiff } = diffClientKey(keyState, keyInputs, new Date("2026-04-02T00:00:00Z"));
    assert.deepEqual(lines(detailedDiff), [
      "because: due since 2026-04-01T00:00:00Z (rotateEvery 90d)",
      `step 1: a new key replaces key ${id(1)} and reaches the sinks`,
      `step 2: key ${id(1)} is then deleted`,
    ]);
    assert.deepEqual(kinds(detailedDiff), {
      keyId: "update-replace",
      dsnPublic: "update-replace",
      createdAt: "update-replace",
      rotateAt: "update-replace",
    });
  });

  it("ClientKey trigger with onReplace deactivate: the changed input, and deactivated", () => {
    const olds = { ...keyState, rotationTriggers: { leak: "1" }, onReplace: "deactivate" as const };
    const news = {
      ...keyInputs,
      rotationTriggers: { leak: "2" },
      onReplace: "deactivate" as const,
    };
    const { detailedDiff } = diffClientKey(olds, news, new Date("2026-01-02T00:00:00Z"));
    assert.deepEqual(lines(detailedDiff), [
      "because: rotationTriggers changed",
      `step 1: a new key replaces key ${id(1)} and reaches the sinks`,
      `step 2: key ${id(1)} is then deactivated`,
    ]);
    assert.equal(kinds(detailedDiff).rotationTriggers, "update-replace (input)");
  });

  const pairInputs: ClientKeyPairInputs = { ...keyInputs, rotateEvery: "30d", overlap: "7d" };
  const first = withCurrent(
    { ...pairInputs, retiring: [] },
    key(1, "2026-01-01T00:00:00.000Z"),
    pairInputs,
  );
  const second = rotated(first, pairInputs, key(2, "2026-01-31T00:00:00.000Z"));

  it("ClientKeyPair due: which key becomes current, which previous, which is deleted", () => {
    assert.equal(second.rotation, "next at 2026-03-02T00:00:00Z (rotateEvery 30d, overlap 7d)");
    const { detailedDiff, replaces } = diffClientKeyPair(
      second,
      pairInputs,
      new Date("2026-03-03T00:00:00Z"),
    );
    assert.deepEqual(replaces, []);
    assert.deepEqual(lines(detailedDiff), [
      "because: due since 2026-03-02T00:00:00Z (rotateEvery 30d)",
      "step 1: a new key becomes current and reaches the sinks",
      `step 2: key ${id(2)} becomes previous, valid for 7d`,
      `step 3: key ${id(1)} is deleted`,
    ]);
    assert.deepEqual(kinds(detailedDiff), {
      "current.keyId": "update",
      "current.dsnPublic": "update",
      "current.createdAt": "update",
      "current.rotateAt": "update",
      nextRotationAt: "update",
      "previous.keyId": "update",
    });
  });

  it("ClientKeyPair first rotation: the previous key appears; overlap over: it is deactivated", () => {
    const rotation = diffClientKeyPair(first, pairInputs, new Date("2026-02-01T00:00:00Z"));
    assert.equal(kinds(rotation.detailedDiff)["previous.keyId"], "add");
    const over = diffClientKeyPair(second, pairInputs, new Date("2026-02-08T00:00:00Z"));
    assert.deepEqual(lines(over.detailedDiff), [
      `because: overlap over: 7d since key ${id(2)} became current`,
      `step 1: previous key ${id(1)} is deactivated`,
    ]);
    assert.deepEqual(kinds(over.detailedDiff), { "previous.isActive": "update" });
    const renamed = diffClientKeyPair(
      second,
      { ...pairInputs, name: "web 2" },
      new Date("2026-02-01T00:00:00Z"),
    );
    assert.deepEqual(renamed.detailedDiff, { name: { kind: "update", inputDiff: true } });
  });

  it("OrgAuthToken due: the token replaced (by id and last characters), then revoked", () => {
    const tokenInputs = { organization: "acme", name: "ci", rotateEvery: "30d" };
    const olds = orgAuthTokenOutputs(
      {
        id: "7",
        name: "ci",
        tokenLastCharacters: "abcd",
        scopes: ["org:ci"],
        dateCreated: "2026-11-01T00:00:00.000Z",
      } as never,
      "sntrys_secret",
      tokenInputs,
    );
    const { detailedDiff } = diffOrgAuthToken(olds, tokenInputs, new Date("2026-12-02T00:00:00Z"));
    assert.deepEqual(lines(detailedDiff), [
      "because: due since 2026-12-01T00:00:00Z (rotateEvery 30d)",
      "step 1: a new token replaces token 7 (ending abcd) and reaches the sinks",
      "step 2: token 7 is then revoked",
    ]);
    assert.ok(!JSON.stringify(detailedDiff).includes("sntrys_secret"));
  });

  it("a state from before the `rotation` output gets its lines as plain top-level keys", () => {
    const detail = previewDiff(
      {},
      {},
      { fields: [], replace: [] },
      {
        causes: ["due since 2026-04-01T00:00:00Z (rotateEvery 90d)"],
        steps: ['key "x" [y] is deleted.'],
        outputs: ["rotation"],
        replace: false,
      },
    );
    assert.deepEqual(Object.keys(detail).sort(), [
      "rotation",
      "rotation: because: due since 2026-04-01T00:00:00Z (rotateEvery 90d)",
      "rotation: step 1: key  x   y  is deleted ",
    ]);
  });

  it("outputs are sent unknown during preview only", () => {
    const outputs = { keyId: undefined, createdAt: undefined };
    const unknown = Symbol("unknown");
    assert.deepEqual(outputsForPreview(outputs, true, unknown), {
      keyId: unknown,
      createdAt: unknown,
    });
    assert.deepEqual(outputsForPreview(outputs, false, unknown), {
      keyId: undefined,
      createdAt: undefined,
    });
  });
});
