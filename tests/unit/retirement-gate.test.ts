/**
 * The pure parts of usage-gated retirement and the emergency revoke: the hold decision, the
 * summary of Sentry's buckets, the pair's plan and check.
 */
import assert from "node:assert/strict";
import { decideRetirement, periodBefore } from "../../provider/lifecycle/retirement-gate";
import { summarizeUsage, type KeyUsage } from "../../provider/lifecycle/usage";
import { checkClientKeyPair } from "../../provider/resources/client-key-pair/check";
import { diffClientKeyPair, planPair } from "../../provider/resources/client-key-pair/plan";
import type {
  ClientKeyPairInputs,
  ClientKeyPairOutputs,
} from "../../provider/resources/client-key-pair/types";
import { UNKNOWN } from "../../provider/unknown";

const gate = { quietPeriod: "24h", maxHold: "7d" };
const now = new Date("2027-03-10T12:00:00Z");
const used: KeyUsage = {
  known: true,
  acceptedEvents: 3,
  since: "2027-03-09T12:00:00.000Z",
  until: now.toISOString(),
};
const quiet: KeyUsage = { ...used, acceptedEvents: 0 };

describe("retirement gate: the decision", () => {
  it("retires a quiet key, and a key Sentry no longer knows", () => {
    assert.equal(decideRetirement({ usage: quiet, gate, now, mustGo: false }).kind, "retire");
    const gone: KeyUsage = { known: false, problem: "404", gone: true };
    assert.equal(decideRetirement({ usage: gone, gate, now, mustGo: false }).kind, "retire");
  });

  it("holds a used key from now, until the maximum hold, and keeps the first hold's start", () => {
    const first = decideRetirement({ usage: used, gate, now, mustGo: false });
    assert.deepEqual(first, {
      kind: "hold",
      hold: { since: now.toISOString(), until: "2027-03-17T12:00:00.000Z", usage: used },
    });
    const later = decideRetirement({
      usage: used,
      gate,
      heldSince: "2027-03-05T00:00:00.000Z",
      now,
      mustGo: false,
    });
    assert.equal(later.kind, "hold");
    assert.equal(later.kind === "hold" && later.hold.until, "2027-03-12T00:00:00.000Z");
  });

  it("forces the retirement once the maximum hold has passed, or when the rotation must remove it", () => {
    const over = decideRetirement({
      usage: used,
      gate,
      heldSince: "2027-03-03T12:00:00.000Z",
      now,
      mustGo: false,
    });
    assert.equal(over.kind, "forced");
    assert.equal(over.kind === "forced" && over.because, "max-hold");
    const rotation = decideRetirement({ usage: used, gate, now, mustGo: true });
    assert.equal(rotation.kind === "forced" && rotation.because, "rotation");
  });

  it("holds a key whose usage could not be read (the maximum hold still bounds it)", () => {
    const unknown: KeyUsage = { known: false, problem: "503", gone: false };
    assert.equal(decideRetirement({ usage: unknown, gate, now, mustGo: false }).kind, "hold");
  });

  it("sums accepted events and finds the last hour that had any", () => {
    const since = periodBefore(now, "24h", "quietPeriod");
    assert.equal(since.toISOString(), "2027-03-09T12:00:00.000Z");
    const hour = (iso: string) => Date.parse(iso) / 1000;
    const usage = summarizeUsage(
      [
        { ts: hour("2027-03-10T10:00:00Z"), total: 2, accepted: 2, dropped: 0, filtered: 0 },
        { ts: hour("2027-03-10T11:00:00Z"), total: 1, accepted: 0, dropped: 1, filtered: 0 },
        { ts: hour("2027-03-09T12:00:00Z"), total: 1, accepted: 1, dropped: 0, filtered: 0 },
      ],
      since,
      now,
    );
    assert.deepEqual(usage, {
      known: true,
      acceptedEvents: 3,
      since: since.toISOString(),
      until: now.toISOString(),
      lastEventHour: "2027-03-10T10:00:00.000Z",
    });
  });
});

describe("ClientKeyPair: retirement and revokePrevious inputs", () => {
  const news = { project: "web", name: "web", rotateEvery: "30d", overlap: "7d" };
  const check = (extra: Record<string, unknown>) =>
    checkClientKeyPair({}, { ...news, ...extra }, { organization: "acme" });

  it("fills in the gate's defaults and accepts unknown values at preview", () => {
    assert.deepEqual(check({ retirement: {} }).inputs.retirement, gate);
    assert.deepEqual(check({ retirement: { quietPeriod: "6h" } }).inputs.retirement, {
      quietPeriod: "6h",
      maxHold: "7d",
    });
    assert.deepEqual(check({ retirement: { maxHold: UNKNOWN } }).failures, []);
  });

  it("names the field and the fix for a bad gate or marker", () => {
    const reasons = (extra: Record<string, unknown>) =>
      check(extra).failures.map((f) => `${f.property}: ${f.reason}`);
    assert.match(reasons({ retirement: "24h" })[0] ?? "", /retirement: .*an object such as/);
    assert.match(reasons({ retirement: { quiet: "1h" } })[0] ?? "", /unknown field "quiet"/);
    assert.match(reasons({ retirement: { quietPeriod: "soon" } })[0] ?? "", /quietPeriod/);
    assert.match(reasons({ retirement: { quietPeriod: "30m" } })[0] ?? "", /from "1h" to "30d"/);
    assert.match(
      reasons({ retirement: { maxHold: "24d" } })[0] ?? "",
      /retirement: .*maxHold "24d" after the overlap "7d".*at most rotateEvery minus overlap/,
    );
    assert.match(reasons({ revokePrevious: " " })[0] ?? "", /revokePrevious: must be non-blank/);
    assert.deepEqual(reasons({ retirement: { maxHold: "23d" }, revokePrevious: "x" }), []);
  });
});

describe("ClientKeyPair plan: emergency revoke", () => {
  const inputs: ClientKeyPairInputs = {
    organization: "acme",
    project: "web",
    name: "web",
    rotateEvery: "30d",
    overlap: "7d",
    isActive: true,
    onReplace: "delete",
  };
  const key = (n: number, createdAt: string) => ({
    keyId: String(n).padStart(32, "0"),
    dsnPublic: "d",
    dsnCsp: "c",
    dsn: {} as ClientKeyPairOutputs["current"]["dsn"],
    projectId: 1,
    isActive: true,
    createdAt,
    currentBrowserSdkVersion: "9.x",
  });
  const base: ClientKeyPairOutputs = {
    ...inputs,
    current: { ...key(2, "2027-03-01T00:00:00Z"), rotateAt: "2027-03-31T00:00:00Z" },
    retiring: [],
    secretKey: "s",
    dsnSecret: "ds",
    nextRotationAt: "2027-03-31T00:00:00Z",
  };
  const withPrevious: ClientKeyPairOutputs = {
    ...base,
    previous: {
      ...key(1, "2027-01-30T00:00:00Z"),
      deactivateAt: "2027-03-08T00:00:00Z",
      deleteAt: "2027-03-31T00:00:00Z",
    },
  };
  const during = new Date("2027-03-03T00:00:00Z");

  it("revokes the previous key at once, in the overlap, when the marker changes", () => {
    const plan = planPair(withPrevious, { ...inputs, revokePrevious: "leak 1" }, during);
    assert.equal(plan.revoke, true);
    assert.equal(plan.deactivatePrevious, false);
    const diff = diffClientKeyPair(withPrevious, { ...inputs, revokePrevious: "leak 1" }, during);
    assert.deepEqual(diff.reasons, [
      `revokePrevious changed: previous key ${"1".padStart(32, "0")} will be deleted now, ignoring the overlap and any usage`,
    ]);
  });

  it("does not revoke again while the marker stays, nor when it is removed", () => {
    const revoked = { ...withPrevious, revokePrevious: "leak 1" };
    assert.equal(planPair(revoked, { ...inputs, revokePrevious: "leak 1" }, during).revoke, false);
    assert.equal(
      diffClientKeyPair(revoked, { ...inputs, revokePrevious: "leak 1" }, during).changes,
      false,
    );
    const removed = planPair(revoked, inputs, during);
    assert.deepEqual([removed.revoke, removed.recordRevoke], [false, true]);
  });

  it("with a changed trigger in the same run, revokes the key that was current", () => {
    const news = { ...inputs, rotationTriggers: { emergency: "leak" }, revokePrevious: "leak" };
    const plan = planPair(base, news, during);
    assert.deepEqual([plan.rotate, plan.revoke], ["trigger-changed", true]);
    assert.match(
      diffClientKeyPair(base, news, during).reasons.join("\n"),
      new RegExp(`after the rotation, previous key ${"2".padStart(32, "0")} will be deleted now`),
    );
  });

  it("only records the marker when there is no previous key to revoke", () => {
    const plan = planPair(base, { ...inputs, revokePrevious: "leak" }, during);
    assert.deepEqual([plan.revoke, plan.recordRevoke], [false, true]);
  });

  it("says a held key is checked again, and until when", () => {
    const held: ClientKeyPairOutputs = {
      ...withPrevious,
      previous: {
        ...withPrevious.previous!,
        retirementHold: {
          since: "2027-03-08T00:00:00.000Z",
          until: "2027-03-15T00:00:00.000Z",
          usage: { known: true, acceptedEvents: 4, since: "a", until: "b" },
        },
      },
    };
    const news = { ...inputs, retirement: gate };
    const reasons = diffClientKeyPair(held, news, new Date("2027-03-09T00:00:00Z")).reasons;
    assert.match(reasons.join("\n"), /held since 2027-03-08.*once quiet for 24h, or at 2027-03-15/);
  });
});
