/**
 * Usage-gated retirement and the emergency revoke of a ClientKeyPair, through the real
 * dynamic-provider host against the sandbox. One clock for both: the sandbox's `now` and the
 * host's SENTRY_ROTATION_NOW are the same instant, so the events @sentry/node sends land in the
 * hourly buckets the provider reads.
 */
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { AuditEvent } from "../../provider/audit/event";
import { ClientKeyPair } from "../../provider/resources/client-key-pair/resource";
import { sendEventWithSentryNode } from "../../scripts/demo/send-event";
import { captureProvider, type CapturedDynamicResource } from "../../testkit/capture-provider";
import { ensureBuilt } from "../../testkit/dist";
import {
  engineStep,
  type ProviderHost,
  type Props,
  startProviderHost,
} from "../../testkit/provider-host";
import { readAuditFile } from "../support/audit-run";
import { type ClientTestSandbox, startClientSandbox } from "../support/client-sandbox";

const DAY = 86_400_000;
const HOUR = 3_600_000;
const T0 = Date.parse("2027-03-01T00:00:00Z");

interface PairState {
  id: string;
  state: Props;
  inputs: Props;
}
interface PairKeyOut {
  keyId: string;
  dsnPublic: string;
  isActive: boolean;
  retirementHold?: { since: string; until: string; usage: { acceptedEvents?: number } };
}

describe("usage-gated retirement and emergency revoke through the real provider host", function () {
  this.timeout(180_000);
  let sandbox: ClientTestSandbox;
  let clock = T0;
  let dir: string;
  const hosts: ProviderHost[] = [];

  before(async () => {
    ensureBuilt();
    sandbox = await startClientSandbox({ now: () => new Date(clock) });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "retirement-gate-"));
  });
  after(async () => {
    await Promise.all(hosts.map((h) => h.stop()));
    await sandbox.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** One `pulumi up` of the pair at the shared clock: check, diff, then create or update. */
  async function upAt(
    resource: CapturedDynamicResource,
    auditFile: string,
    previous: PairState | undefined,
    extra: Props = {},
  ): Promise<PairState & { step: string; log: string }> {
    const host = await startProviderHost({
      provider: resource.provider,
      env: {
        SENTRY_ROTATION_NOW: new Date(clock).toISOString(),
        SENTRY_ROTATION_AUDIT_LOG: auditFile,
      },
    });
    hosts.push(host);
    await host.configure({
      "sentry-rotation:authToken": sandbox.token,
      "sentry-rotation:url": sandbox.url,
      "sentry-rotation:organization": sandbox.organization,
    });
    const checked = await host.check(resource.urn, previous?.inputs ?? {}, {
      ...resource.inputs,
      ...extra,
    });
    assert.deepEqual(checked.failures, []);
    const inputs = checked.inputs;
    if (!previous) {
      const created = await host.create(resource.urn, inputs);
      return { ...created, inputs, step: "create", log: host.output().stdout };
    }
    const diff = await host.diff(previous.id, resource.urn, previous.state, inputs);
    const step = engineStep(diff, previous.inputs, inputs);
    if (step === "same") return { ...previous, inputs, step, log: host.output().stdout };
    assert.equal(step, "update", "a pair changes in place");
    const updated = await host.update(previous.id, resource.urn, previous.state, inputs);
    return { id: previous.id, state: updated.state, inputs, step, log: host.output().stdout };
  }

  const keysOf = (s: PairState) => ({
    current: s.state.current as PairKeyOut,
    previous: s.state.previous as PairKeyOut | undefined,
  });
  const activity = async () =>
    Object.fromEntries((await sandbox.keys()).map((k) => [k.public, k.isActive]));
  const sendWith = async (dsn: string) => (await sendEventWithSentryNode(dsn)).statusCode;
  const pairOf = (name: string, args: Partial<ConstructorParameters<typeof ClientKeyPair>[1]>) =>
    captureProvider(
      () =>
        new ClientKeyPair(name, {
          project: sandbox.project,
          name,
          rotateEvery: "30d",
          overlap: "7d",
          ...args,
        }),
    );
  const actions = (events: AuditEvent[], keyId: string) =>
    events
      .filter((e) => e.keyId === keyId)
      .map((e) => `${e.action}${e.reason ? `:${e.reason}` : ""}`);

  /** A pair rotated once at T0+31d: its previous key valid until T0+38d. */
  async function rotatedPair(resource: CapturedDynamicResource, auditFile: string) {
    clock = T0;
    const first = await upAt(resource, auditFile, undefined);
    clock = T0 + 31 * DAY;
    const second = await upAt(resource, auditFile, first);
    const { previous } = keysOf(second);
    assert.equal(previous?.keyId, keysOf(first).current.keyId);
    return second;
  }

  it("holds the previous key while it receives events, then retires it on a later run once quiet", async () => {
    const auditFile = path.join(dir, "hold.jsonl");
    const resource = await pairOf("held", { retirement: { quietPeriod: "24h", maxHold: "5d" } });
    const rotated = await rotatedPair(resource, auditFile);
    const old = keysOf(rotated).previous!;

    // A consumer still on the old DSN, 12 hours before the overlap ends.
    clock = T0 + 37 * DAY + 12 * HOUR;
    assert.equal(await sendWith(old.dsnPublic), 200);
    assert.equal(await sendWith(old.dsnPublic), 200);

    clock = T0 + 38 * DAY + HOUR;
    const held = await upAt(resource, auditFile, rotated);
    const hold = keysOf(held).previous?.retirementHold;
    assert.equal((await activity())[old.keyId], true, "held: the old key still accepts events");
    assert.equal(keysOf(held).previous?.isActive, true);
    assert.deepEqual(
      { since: hold?.since, until: hold?.until, events: hold?.usage.acceptedEvents },
      {
        since: new Date(clock).toISOString(),
        until: new Date(clock + 5 * DAY).toISOString(),
        events: 2,
      },
    );
    const heldEvent = readAuditFile(auditFile).find((e) => e.action === "retirement-held");
    assert.equal(heldEvent?.keyId, old.keyId);
    assert.equal(heldEvent?.usage?.acceptedEvents, 2);
    assert.match(heldEvent?.detail ?? "", /2 error event\(s\) accepted in the last 24h/);
    assert.match(held.log, /warning: client key [0-9a-f]{32}: previous key still in use/);

    // Still used an hour later: the hold goes on and keeps the hour it began.
    clock += HOUR;
    assert.equal(await sendWith(old.dsnPublic), 200);
    clock += HOUR;
    const stillHeld = await upAt(resource, auditFile, held);
    assert.equal(keysOf(stillHeld).previous?.retirementHold?.since, hold?.since);
    assert.equal(keysOf(stillHeld).previous?.retirementHold?.usage.acceptedEvents, 3);
    assert.equal((await activity())[old.keyId], true);

    // 25 hours after the last event: quiet, so the next run deactivates it.
    clock += 25 * HOUR;
    const quiet = await upAt(resource, auditFile, stillHeld);
    assert.equal(keysOf(quiet).previous?.isActive, false);
    assert.equal(keysOf(quiet).previous?.retirementHold, undefined, "the hold is over");
    assert.equal((await activity())[old.keyId], false);
    assert.equal(await sendWith(old.dsnPublic), 403, "the old DSN is refused now");
    const events = readAuditFile(auditFile);
    assert.deepEqual(actions(events, old.keyId).slice(-4), [
      "retirement-held:overlap-ended",
      "retirement-held:overlap-ended",
      "deactivated:overlap-ended",
      "verified-dead",
    ]);
    const deactivated = events.find((e) => e.keyId === old.keyId && e.action === "deactivated");
    assert.match(deactivated?.detail ?? "", /quiet now .* held since /);
    // No secret reaches the audit trail or the log.
    assert.ok(!fs.readFileSync(auditFile, "utf8").includes(String(rotated.state.secretKey)));
  });

  it("retires without a hold when the previous key is quiet, reading its usage first", async () => {
    const auditFile = path.join(dir, "quiet.jsonl");
    const resource = await pairOf("quiet", { retirement: {} });
    const rotated = await rotatedPair(resource, auditFile);
    const old = keysOf(rotated).previous!;
    await sandbox.clearRequests();
    clock = T0 + 38 * DAY + HOUR;
    const next = await upAt(resource, auditFile, rotated);
    assert.equal(keysOf(next).previous?.isActive, false);
    const reads = (await sandbox.requests()).filter((r) => r.path.endsWith("/stats/"));
    assert.equal(reads.length, 1, "one usage read before the deactivation");
    assert.ok(!readAuditFile(auditFile).some((e) => e.action.startsWith("retirement-")));
    assert.equal((await activity())[old.keyId], false);
  });

  it("forces the retirement once the maximum hold has passed, loudly", async () => {
    const auditFile = path.join(dir, "forced.jsonl");
    const resource = await pairOf("forced", { retirement: { quietPeriod: "24h", maxHold: "2d" } });
    const rotated = await rotatedPair(resource, auditFile);
    const old = keysOf(rotated).previous!;
    clock = T0 + 38 * DAY;
    assert.equal(await sendWith(old.dsnPublic), 200);
    clock += HOUR;
    const held = await upAt(resource, auditFile, rotated);
    assert.ok(keysOf(held).previous?.retirementHold);

    // The consumer never moves; two days after the hold began the key goes anyway.
    clock = T0 + 40 * DAY + HOUR;
    assert.equal(await sendWith(old.dsnPublic), 200);
    const forced = await upAt(resource, auditFile, held);
    assert.equal(keysOf(forced).previous?.isActive, false);
    assert.equal((await activity())[old.keyId], false);
    const event = readAuditFile(auditFile).find((e) => e.action === "retirement-forced");
    assert.equal(event?.keyId, old.keyId);
    assert.equal(event?.usage?.acceptedEvents, 1);
    assert.match(event?.detail ?? "", /maximum hold of 2d since .* has passed/);
    assert.match(forced.log, /warning: RETIREMENT FORCED for client key/);
    assert.deepEqual(actions(readAuditFile(auditFile), old.keyId).slice(-3), [
      "retirement-forced:overlap-ended",
      "deactivated:overlap-ended",
      "verified-dead",
    ]);
  });

  it("revokePrevious removes the previous key at once, inside the overlap and while it is used", async () => {
    const auditFile = path.join(dir, "revoke.jsonl");
    const resource = await pairOf("revoked", { retirement: {} });
    const rotated = await rotatedPair(resource, auditFile);
    const old = keysOf(rotated).previous!;
    clock = T0 + 32 * DAY;
    assert.equal(await sendWith(old.dsnPublic), 200, "in the overlap, the old key works");
    const revoked = await upAt(resource, auditFile, rotated, {
      revokePrevious: "2027-04-02 leaked in a build log",
    });
    assert.equal(keysOf(revoked).previous, undefined, "deleted (onReplace delete)");
    assert.equal(revoked.state.previousDsnSecret, undefined);
    assert.equal((await activity())[old.keyId], undefined);
    assert.equal(await sendWith(old.dsnPublic), 403, "the leaked DSN is refused at once");
    assert.deepEqual(actions(readAuditFile(auditFile), old.keyId).slice(-2), [
      "deleted:revoked",
      "verified-dead",
    ]);
    // The same marker on the next run changes nothing.
    const again = await upAt(resource, auditFile, revoked, {
      revokePrevious: "2027-04-02 leaked in a build log",
    });
    assert.equal(again.step, "same");
  });

  it("a changed trigger with a new revokePrevious rotates and revokes the leaked current key in one run", async () => {
    const auditFile = path.join(dir, "rotate-revoke.jsonl");
    const resource = await pairOf("leaked", { onReplace: "deactivate" });
    clock = T0;
    const first = await upAt(resource, auditFile, undefined);
    const leaked = keysOf(first).current;
    clock = T0 + 3 * DAY;
    const marker = "2027-03-04 DSN pasted in a public issue";
    const next = await upAt(resource, auditFile, first, {
      rotationTriggers: { emergency: marker },
      revokePrevious: marker,
    });
    const { current, previous } = keysOf(next);
    assert.notEqual(current.keyId, leaked.keyId);
    assert.equal(previous?.keyId, leaked.keyId, "kept as previous, deactivated (onReplace)");
    assert.equal(previous?.isActive, false);
    const keys = await activity();
    assert.deepEqual([keys[leaked.keyId], keys[current.keyId]], [false, true]);
    assert.equal(await sendWith(leaked.dsnPublic), 403);
    assert.equal(await sendWith(current.dsnPublic), 200);
    assert.deepEqual(actions(readAuditFile(auditFile), leaked.keyId).slice(-2), [
      "deactivated:revoked",
      "verified-dead",
    ]);
  });
});
