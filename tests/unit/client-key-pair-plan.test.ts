import assert from "node:assert/strict";
import { checkClientKeyPair } from "../../provider/resources/client-key-pair/check";
import { diffClientKeyPair, planPair } from "../../provider/resources/client-key-pair/plan";
import { rotated, withCurrent } from "../../provider/resources/client-key-pair/state";
import {
  type ClientKeyPairInputs,
  type ClientKeyPairOutputs,
} from "../../provider/resources/client-key-pair/types";
import { sentryKey } from "../support/project-key-fixture";

const inputs: ClientKeyPairInputs = {
  organization: "acme",
  project: "web",
  name: "web",
  rotateEvery: "30d",
  overlap: "7d",
  isActive: true,
  onReplace: "delete",
};

const at = (iso: string) => new Date(iso);

describe("ClientKeyPair rotation plan with an overlap", () => {
  const first = withCurrent(
    { ...inputs, retiring: [] },
    sentryKey(1, "2026-01-01T00:00:00.000Z"),
    inputs,
  );

  it("does nothing before the first key is due", () => {
    assert.deepEqual(planPair(first, inputs, at("2026-01-30T23:59:59Z")), {
      rotate: undefined,
      deactivatePrevious: false,
      revoke: false,
      recordRevoke: false,
      retire: [],
    });
    assert.equal(diffClientKeyPair(first, inputs, at("2026-01-30T23:59:59Z")).changes, false);
  });

  it("walks three rotations: current, previous valid for the overlap, deactivated, then deleted", () => {
    // Rotation 1 at day 30: key 2 becomes current, key 1 previous and still active.
    assert.equal(planPair(first, inputs, at("2026-01-31T00:00:00Z")).rotate, "due");
    const second = rotated(first, inputs, sentryKey(2, "2026-01-31T00:00:00.000Z"));
    assert.equal(second.current.keyId, sentryKey(2, "").id);
    assert.equal(second.previous?.keyId, sentryKey(1, "").id);
    assert.equal(second.previous?.isActive, true);
    assert.equal(second.previous?.deactivateAt, "2026-02-07T00:00:00.000Z");
    assert.equal(second.previous?.deleteAt, "2026-03-02T00:00:00.000Z");
    assert.equal(second.previousDsnSecret, first.dsnSecret);
    assert.equal(second.dsnSecret, sentryKey(2, "").dsn.secret);
    assert.deepEqual(second.retiring, []);
    assert.equal(second.nextRotationAt, "2026-03-02T00:00:00.000Z");

    // During the overlap nothing changes; once it is over the previous key is deactivated.
    assert.equal(diffClientKeyPair(second, inputs, at("2026-02-06T23:59:59Z")).changes, false);
    const overlapOver = planPair(second, inputs, at("2026-02-07T00:00:00Z"));
    assert.deepEqual(overlapOver, {
      rotate: undefined,
      deactivatePrevious: true,
      revoke: false,
      recordRevoke: false,
      retire: [],
    });
    const deactivated: ClientKeyPairOutputs = {
      ...second,
      previous: { ...second.previous!, isActive: false },
    };
    assert.equal(diffClientKeyPair(deactivated, inputs, at("2026-02-20T00:00:00Z")).changes, false);

    // Rotation 2: key 3 current, key 2 previous, key 1 queued for deletion.
    assert.equal(planPair(deactivated, inputs, at("2026-03-02T00:00:00Z")).rotate, "due");
    const third = rotated(deactivated, inputs, sentryKey(3, "2026-03-02T00:00:00.000Z"));
    assert.equal(third.current.keyId, sentryKey(3, "").id);
    assert.equal(third.previous?.keyId, sentryKey(2, "").id);
    assert.equal(third.previous?.isActive, true);
    assert.deepEqual(third.retiring, [sentryKey(1, "").id]);
  });

  it("rotates at once on a changed trigger, with the reason", () => {
    const decision = diffClientKeyPair(
      first,
      { ...inputs, rotationTriggers: { leak: "1" } },
      at("2026-01-02T00:00:00Z"),
    );
    assert.deepEqual(decision.replaces, []);
    assert.match(decision.reasons[0] ?? "", /^rotationTriggers changed: a new key becomes current/);
  });

  it("replaces the whole pair when the project changes", () => {
    const decision = diffClientKeyPair(first, { ...inputs, project: "api" }, at("2026-01-02Z"));
    assert.deepEqual(decision.replaces, ["project"]);
  });

  it("replaces a current key deleted in Sentry without making it previous", () => {
    const missing = { ...first, current: { ...first.current, missing: true } };
    assert.equal(planPair(missing, inputs, at("2026-01-02T00:00:00Z")).rotate, "current-missing");
    const next = rotated(missing, inputs, sentryKey(9, "2026-01-02T00:00:00.000Z"));
    assert.equal(next.previous, undefined);
    assert.equal(next.current.keyId, sentryKey(9, "").id);
  });

  it("finishes removals left over from a failed run", () => {
    const pending = { ...first, retiring: ["f".repeat(32)] };
    const decision = diffClientKeyPair(pending, inputs, at("2026-01-02T00:00:00Z"));
    assert.equal(decision.changes, true);
    assert.match(decision.reasons[0] ?? "", /finishing the removal of f{32}/);
  });

  it("updates the current key in place", () => {
    const decision = diffClientKeyPair(first, { ...inputs, name: "renamed" }, at("2026-01-02Z"));
    assert.deepEqual(decision.reasons, ["updated in place: name"]);
  });

  it("updates the loader version of the current key only when it differs from Sentry's", () => {
    const now = at("2026-01-02T00:00:00Z");
    assert.equal(
      diffClientKeyPair(first, { ...inputs, browserSdkVersion: "9.x" }, now).changes,
      false,
    );
    assert.deepEqual(
      diffClientKeyPair(first, { ...inputs, browserSdkVersion: "latest" }, now).reasons,
      ["updated in place: browserSdkVersion"],
    );
  });
});

describe("ClientKeyPair check", () => {
  const news = { project: "web", name: "web", rotateEvery: "30d", overlap: "7d" };
  it("adopts an existing key on first create only", () => {
    const existingKeyId = "0123456789abcdef0123456789abcdef";
    const fresh = checkClientKeyPair({}, { ...news, existingKeyId }, { organization: "acme" });
    assert.deepEqual(fresh.failures, []);
    assert.equal(fresh.inputs.existingKeyId, existingKeyId);
    const later = checkClientKeyPair(
      { ...news },
      { ...news, existingKeyId },
      { organization: "acme" },
    );
    assert.equal(later.inputs.existingKeyId, undefined);
  });
  it("rejects an overlap longer than the period, naming overlap", () => {
    const { failures } = checkClientKeyPair(
      {},
      { ...news, overlap: "31d" },
      { organization: "acme" },
    );
    assert.equal(failures[0]?.property, "overlap");
    assert.match(failures[0]?.reason ?? "", /longer than rotateEvery/);
  });
});

describe("ClientKeyPair with a rotation window", () => {
  // Due 2026-01-31T00:00Z (a Saturday); the window opens on Sundays at 02:30 Berlin time.
  const windowed: ClientKeyPairInputs = {
    ...inputs,
    rotationWindow: {
      daysOfWeek: ["Sun"],
      startTime: "02:30",
      duration: "3h",
      timeZone: "Europe/Berlin",
    },
  };
  const first = withCurrent(
    { ...windowed, retiring: [] },
    sentryKey(1, "2026-01-01T00:00:00.000Z"),
    windowed,
  );

  it("a due pair outside the window changes nothing and says when the window opens", () => {
    const decision = diffClientKeyPair(first, windowed, at("2026-01-31T10:00:00Z"));
    assert.equal(decision.changes, false);
    assert.equal(decision.reason, undefined);
    assert.deepEqual(decision.reasons, [
      "due, waits for the window opening at 2026-02-01T01:30:00.000Z: rotateAt 2026-01-31T00:00:00.000Z has passed (now 2026-01-31T10:00:00.000Z), outside rotationWindow Sun 02:30 for 3h (Europe/Berlin); no new key until then",
    ]);
  });

  it("inside the window the pair rotates in place", () => {
    const plan = planPair(first, windowed, at("2026-02-01T02:00:00Z"));
    assert.equal(plan.rotate, "due");
    assert.equal(diffClientKeyPair(first, windowed, at("2026-02-01T02:00:00Z")).reason, "expired");
  });

  it("a changed trigger rotates at once, window closed or not", () => {
    const plan = planPair(
      first,
      { ...windowed, rotationTriggers: { emergency: "leak" } },
      at("2026-01-31T10:00:00Z"),
    );
    assert.equal(plan.rotate, "trigger-changed");
  });

  it("the previous key's deactivation follows the overlap, not the window", () => {
    const next = rotated(first, windowed, sentryKey(2, "2026-02-01T02:00:00.000Z"));
    // The overlap of 7 days ends 2026-02-08T02:00Z; at 05:00Z the window (01:30-04:30Z) is closed.
    assert.equal(planPair(next, windowed, at("2026-02-08T00:30:00Z")).deactivatePrevious, false);
    assert.equal(planPair(next, windowed, at("2026-02-08T05:00:00Z")).deactivatePrevious, true);
  });
});
