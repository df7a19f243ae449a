import assert from "node:assert/strict";
import { diffClientKey } from "../../provider/resources/client-key/diff";
import {
  type ClientKeyInputs,
  type ClientKeyOutputs,
} from "../../provider/resources/client-key/types";
import { UNKNOWN } from "../../provider/unknown";

const inputs: ClientKeyInputs = {
  organization: "acme",
  project: "web",
  name: "web",
  rotateEvery: "90d",
  isActive: true,
  onReplace: "delete",
};
const olds: ClientKeyOutputs = {
  ...inputs,
  keyId: "a".repeat(32),
  publicKey: "a".repeat(32),
  secretKey: "b".repeat(32),
  dsnPublic: "https://aaa@o1.ingest.sentry.io/1",
  dsnSecret: "https://aaa:bbb@o1.ingest.sentry.io/1",
  dsnCsp: "https://o1.ingest.sentry.io/api/1/csp-report/?sentry_key=aaa",
  dsn: {} as ClientKeyOutputs["dsn"],
  projectId: 1,
  createdAt: "2026-01-01T00:00:00.000Z",
  rotateAt: "2026-04-01T00:00:00.000Z",
  currentBrowserSdkVersion: "9.x",
};
const beforeDue = new Date("2026-03-31T23:59:59.999Z");
const atDue = new Date("2026-04-01T00:00:00.000Z");

describe("ClientKey diff", () => {
  it("changes nothing before the key is due", () => {
    assert.deepEqual(diffClientKey(olds, inputs, beforeDue), {
      changes: false,
      replaces: [],
      reasons: [],
    });
  });

  it("replaces the key once rotateEvery has passed, with the reason", () => {
    const decision = diffClientKey(olds, inputs, atDue);
    assert.equal(decision.changes, true);
    assert.deepEqual(decision.replaces, ["rotateAt"]);
    assert.match(decision.reasons[0] ?? "", /rotation due: rotateAt 2026-04-01T00:00:00.000Z/);
  });

  it("never rotates a key without rotateEvery", () => {
    const { rotateEvery: _, ...noRotation } = inputs;
    assert.equal(diffClientKey(olds, noRotation, new Date("2036-01-01")).changes, true);
    assert.deepEqual(diffClientKey(olds, noRotation, new Date("2036-01-01")).replaces, []);
  });

  for (const [field, value] of [
    ["organization", "other"],
    ["project", "api"],
    ["rotationTriggers", { leakedOn: "2026-03-01" }],
  ] as const) {
    it(`replaces the key when ${field} changes`, () => {
      const decision = diffClientKey(olds, { ...inputs, [field]: value }, beforeDue);
      assert.deepEqual(decision.replaces, [field]);
      assert.equal(decision.changes, true);
    });
  }

  it("replaces when a trigger value changes but not when it stays", () => {
    const withTrigger = { ...olds, rotationTriggers: { leak: "1" } };
    assert.deepEqual(
      diffClientKey(withTrigger, { ...inputs, rotationTriggers: { leak: "2" } }, beforeDue)
        .replaces,
      ["rotationTriggers"],
    );
    assert.equal(
      diffClientKey(withTrigger, { ...inputs, rotationTriggers: { leak: "1" } }, beforeDue).changes,
      false,
    );
  });

  for (const [field, value] of [
    ["name", "renamed"],
    ["rateLimit", { window: 60, count: 100 }],
    ["dynamicSdkLoaderOptions", { hasReplay: true }],
    ["isActive", false],
    ["onReplace", "deactivate"],
    ["browserSdkVersion", "8.x"],
  ] as const) {
    it(`updates ${field} in place`, () => {
      const decision = diffClientKey(olds, { ...inputs, [field]: value }, beforeDue);
      const kind = field in olds ? "update" : "add";
      assert.deepEqual(decision, {
        changes: true,
        replaces: [],
        updates: [field],
        reasons: [`updated in place: ${field}`],
        // The preview shows the input that changed, and nothing of a rotation.
        detailedDiff: { [field]: { kind, inputDiff: true } },
      });
    });
  }

  it("does not treat an omitted browserSdkVersion, or the current one, as a change", () => {
    assert.equal(
      diffClientKey(olds, { ...inputs, browserSdkVersion: "9.x" }, beforeDue).changes,
      false,
    );
  });

  it("recomputes rotateAt from createdAt when rotateEvery changes, in place while not due", () => {
    const decision = diffClientKey(olds, { ...inputs, rotateEvery: "120d" }, atDue);
    assert.deepEqual(decision.replaces, []);
    assert.deepEqual(decision.reasons, ["updated in place: rotateEvery"]);
  });

  it("replaces at once when a shorter rotateEvery is already past", () => {
    const decision = diffClientKey(olds, { ...inputs, rotateEvery: "30d" }, beforeDue);
    assert.deepEqual(decision.replaces, ["rotateAt"]);
    assert.match(decision.reasons[0] ?? "", /rotateAt 2026-01-31T00:00:00.000Z has passed/);
  });

  it("treats unknown replace-inputs as a replacement and unknown periods as not yet due", () => {
    assert.deepEqual(diffClientKey(olds, { ...inputs, project: UNKNOWN }, beforeDue).replaces, [
      "project",
    ]);
    const decision = diffClientKey(olds, { ...inputs, rotateEvery: UNKNOWN }, atDue);
    assert.deepEqual(decision.replaces, []);
    assert.equal(decision.changes, true);
  });
});
