import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { RotatingClientKey } from "../../components/rotating-client-key";
import { ClientKeyPair } from "../../provider/resources/client-key-pair/resource";
import { ClientKey } from "../../provider/resources/client-key/resource";
import { OrgAuthToken } from "../../provider/resources/org-auth-token/resource";
import { byKind, type Deployed, readAuditFile, startUp, step } from "../support/audit-run";
import { ensureBuilt } from "../../testkit/dist";
import { captureProviders } from "../../testkit/capture-provider";
import { type ClientTestSandbox, startClientSandbox } from "../support/client-sandbox";
import { type ProviderHost } from "../../testkit/provider-host";
import { startWebhookReceiver, type WebhookReceiver } from "../support/webhook-receiver";

describe("audit alerts through the real provider host: pairs, overdue keys, failures", function () {
  this.timeout(120_000);
  let sandbox: ClientTestSandbox;
  let receiver: WebhookReceiver;
  let dir: string;
  const hosts: ProviderHost[] = [];

  before(async () => {
    ensureBuilt();
    sandbox = await startClientSandbox();
    receiver = await startWebhookReceiver();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "audit-alerts-"));
  });
  after(async () => {
    await Promise.all(hosts.map((h) => h.stop()));
    await receiver.close();
    await sandbox.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const up = (auditFile: string, env: Record<string, string | undefined> = {}) =>
    startUp({
      sandbox,
      hosts,
      env: {
        SENTRY_ROTATION_AUDIT_LOG: auditFile,
        SENTRY_ROTATION_AUDIT_WEBHOOK: receiver.url,
        ...env,
      },
    });

  it("a key pair's rotation delivers the new key before its predecessor is deactivated", async () => {
    const auditFile = path.join(dir, "pair.jsonl");
    const captured = await captureProviders(
      () => {
        const key = new RotatingClientKey("api", {
          project: sandbox.project,
          name: "api",
          rotateEvery: "30d",
          overlap: "7d",
          sinks: [{ type: "githubActionsSecret", repository: "api" }],
        });
        return [key, key.key, ...key.receipts];
      },
      { stack: "prod" },
    );
    const pair = byKind(captured, "ClientKeyPair");
    const receipt = byKind(captured, "SinkReceipt");
    const current = (d: Deployed) => (d.outputs.current as { keyId: string }).keyId;

    const first = await up(auditFile);
    const p1 = (await step(first, pair, undefined)).deployed;
    const r1 = (await step(first, receipt, undefined, { keyId: current(p1) })).deployed;
    const second = await up(auditFile, { SENTRY_ROTATION_NOW: "+P30DT12H" });
    const p2 = await step(second, pair, p1);
    assert.equal(p2.step, "update", "a pair rotates in place");
    const r2 = await step(second, receipt, r1, { keyId: current(p2.deployed) });
    assert.equal(r2.step, "update");
    // The sandbox dates keys by the real clock: the new key's overlap ends 7 days from now.
    const third = await up(auditFile, { SENTRY_ROTATION_NOW: "+8d" });
    const p3 = await step(third, pair, p2.deployed);
    assert.equal(p3.step, "update", "the overlap is over: the previous key is deactivated");
    const r3 = await step(third, receipt, r2.deployed, { keyId: current(p3.deployed) });
    assert.equal(r3.step, "same", "the sink keeps the current key: nothing to record");

    const [k1, k2] = [current(p1), current(p2.deployed)];
    assert.deepEqual(
      readAuditFile(auditFile).map((e) => [e.action, e.reason ?? null, e.keyId]),
      [
        ["created", "new", k1],
        ["verified", null, k1],
        ["sink-updated", "new", k1],
        ["created", "expired", k2],
        ["verified", null, k2],
        ["sink-updated", "expired", k2],
        ["deactivated", "overlap-ended", k1],
        ["verified-dead", null, k1],
      ],
    );
  });

  it("reports a ClientKey, a ClientKeyPair and an OrgAuthToken past rotateAt plus the grace as overdue, once", async () => {
    const auditFile = path.join(dir, "overdue.jsonl");
    const captured = await captureProviders(
      () => [
        new ClientKey("k", { project: sandbox.project, name: "k", rotateEvery: "30d" }),
        new ClientKeyPair("p", {
          project: sandbox.project,
          name: "p",
          rotateEvery: "30d",
          overlap: "1d",
        }),
        new OrgAuthToken("t", { name: "t", rotateEvery: "30d" }),
      ],
      { stack: "prod" },
    );
    const ordered = ["ClientKey", "ClientKeyPair", "OrgAuthToken"].map((k) => byKind(captured, k));
    const first = await up(auditFile);
    const deployed = await Promise.all(
      ordered.map(async (c) => (await step(first, c, undefined)).deployed),
    );
    const diffAll = async (host: ProviderHost) => {
      for (const [i, c] of ordered.entries()) {
        const d = deployed[i] as Deployed;
        await host.diff(d.id, c.urn, d.state, d.inputs, { provider: c.provider });
      }
    };
    const overdue = () => readAuditFile(auditFile).filter((e) => e.action === "overdue");

    await diffAll(await up(auditFile, { SENTRY_ROTATION_NOW: "+P30DT12H" }));
    assert.deepEqual(overdue(), [], "due, but within the one-day grace");
    await diffAll(
      await up(auditFile, { SENTRY_ROTATION_NOW: "+32d", SENTRY_ROTATION_OVERDUE_GRACE: "3d" }),
    );
    assert.deepEqual(overdue(), [], "within a configured three-day grace");

    const late = await up(auditFile, { SENTRY_ROTATION_NOW: "+32d" });
    await diffAll(late);
    await diffAll(late); // a preview then an up in one host: still one report per key
    const reported = overdue();
    assert.deepEqual(
      reported.map((e) => [e.keyType, e.urn]),
      ordered.map((c) => [
        c.type.endsWith("OrgAuthToken") ? "org-auth-token" : "client-key",
        c.urn,
      ]),
    );
    const [key, pair, token] = deployed as [Deployed, Deployed, Deployed];
    assert.equal(reported[0]?.keyId, key.outputs.keyId);
    assert.equal(reported[1]?.keyId, (pair.outputs.current as { keyId: string }).keyId);
    assert.equal(reported[2]?.tokenId, token.outputs.tokenId);
    assert.equal(reported[2]?.tokenLastCharacters, token.outputs.tokenLastCharacters);
    for (const e of reported) {
      assert.match(e.detail ?? "", /^due since \S+, more than 1d ago/);
      assert.match(e.hint ?? "", /scheduled rotation job/);
    }
    const alerts = receiver.accepted
      .map((b) => b as { text: string; event: { action: string; urn: string } })
      .filter((b) => b.event.action === "overdue" && ordered.some((c) => c.urn === b.event.urn));
    assert.equal(alerts.length, 3);
    for (const alert of alerts)
      assert.match(alert.text, /^:rotating_light: sentry-rotation \[prod\] /);
    assert.ok(!fs.readFileSync(auditFile, "utf8").includes(String(token.outputs.token)));
  });

  it("announces a failed rotation step with its fix, for a key pair and an org auth token", async () => {
    const auditFile = path.join(dir, "failed.jsonl");
    const captured = await captureProviders(
      () => [
        new ClientKeyPair("p", {
          project: sandbox.project,
          name: "p",
          rotateEvery: "30d",
          overlap: "1d",
        }),
        new OrgAuthToken("t", { name: "t", rotateEvery: "30d" }),
      ],
      { stack: "prod" },
    );
    const [pair, token] = [byKind(captured, "ClientKeyPair"), byKind(captured, "OrgAuthToken")];
    const first = await up(auditFile);
    const p1 = (await step(first, pair, undefined)).deployed;
    // A token that may only read keys: the rotation fails on Sentry's 403.
    const readOnly = await sandbox.mintToken(["project:read"]);
    const host = await startUp({
      sandbox: { ...sandbox, token: readOnly },
      hosts,
      env: {
        SENTRY_ROTATION_AUDIT_LOG: auditFile,
        SENTRY_ROTATION_AUDIT_WEBHOOK: receiver.url,
        SENTRY_ROTATION_NOW: "+P30DT12H",
      },
    });
    await assert.rejects(step(host, pair, p1), /403|permission/);
    await assert.rejects(step(host, token, undefined), /403|permission/);

    const failed = readAuditFile(auditFile).filter((e) => e.action === "failed");
    assert.deepEqual(
      failed.map((e) => [e.keyType, e.urn]),
      [
        ["client-key", pair.urn],
        ["org-auth-token", token.urn],
      ],
    );
    // A pair keeps its progress in state (PartialStateError), whose message carries Sentry's fix.
    assert.match(`${failed[0]?.hint ?? ""} ${failed[0]?.detail}`, /project:write/);
    assert.match(failed[1]?.hint ?? "", /org:read/);
    assert.equal(failed[0]?.keyId, (p1.outputs.current as { keyId: string }).keyId);
    const alerts = receiver.accepted
      .map((b) => b as { text: string; event: { action: string } })
      .filter((b) => b.event.action === "failed");
    assert.equal(alerts.length, 2);
    assert.match(alerts[1]?.text ?? "", /^:rotating_light: .* failed: .* Fix: .*org:read/);
    const everything = fs.readFileSync(auditFile, "utf8") + JSON.stringify(receiver.accepted);
    assert.ok(!everything.includes(readOnly) && !everything.includes(sandbox.token));
  });
});
