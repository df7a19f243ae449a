import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { ClientKey } from "../../provider/resources/client-key/resource";
import { ensureBuilt } from "../../testkit/dist";
import { captureProvider } from "../../testkit/capture-provider";
import { type ClientTestSandbox, startClientSandbox } from "../support/client-sandbox";
import { type ProviderHost, startProviderHost } from "../../testkit/provider-host";
import { startWebhookReceiver, type WebhookReceiver } from "../support/webhook-receiver";

describe("audit trail of a rotation through the real provider host", function () {
  this.timeout(120_000);
  let sandbox: ClientTestSandbox;
  let receiver: WebhookReceiver;
  let auditFile: string;
  const hosts: ProviderHost[] = [];

  before(async () => {
    ensureBuilt();
    sandbox = await startClientSandbox();
    receiver = await startWebhookReceiver(1);
    auditFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "audit-")), "audit.jsonl");
  });
  after(async () => {
    await Promise.all(hosts.map((h) => h.stop()));
    await receiver.close();
    await sandbox.close();
  });

  it("records every step in order, in the file and the webhook, with no secret", async () => {
    const captured = await captureProvider(
      () =>
        new ClientKey("web", {
          organization: sandbox.organization,
          project: sandbox.project,
          name: "web",
          rotateEvery: "90d",
        }),
      { stack: "prod" },
    );
    const up = async (now?: string) => {
      const host = await startProviderHost({
        provider: captured.provider,
        env: {
          SENTRY_ROTATION_NOW: now,
          SENTRY_ROTATION_AUDIT_LOG: auditFile,
          SENTRY_ROTATION_AUDIT_WEBHOOK: receiver.url,
        },
      });
      hosts.push(host);
      await host.configure({
        "sentry-rotation:authToken": sandbox.token,
        "sentry-rotation:url": sandbox.url,
      });
      return host;
    };
    const first = await up();
    const { inputs } = await first.check(captured.urn, {}, captured.inputs);
    const created = await first.create(captured.urn, inputs);
    const later = await up("+P90DT12H"); // due, within the 1-day grace
    await later.diff(created.id, captured.urn, created.state, inputs);
    const replacement = await later.create(captured.urn, inputs);
    await later.delete(created.id, captured.urn, created.state);

    const events = fs
      .readFileSync(auditFile, "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    const oldKey = String(created.outputs.keyId);
    const newKey = String(replacement.outputs.keyId);
    assert.deepEqual(
      events.map((e) => [e.action, e.reason ?? null, e.keyId]),
      [
        ["created", "new", oldKey],
        ["verified", null, oldKey],
        ["created", "expired", newKey],
        ["verified", null, newKey],
        ["deleted", "replaced", oldKey],
        ["verified-dead", null, oldKey],
      ],
    );
    for (const e of events) {
      assert.equal(e.urn, captured.urn);
      assert.equal(e.stack, "prod");
      assert.equal(e.keyType, "client-key");
    }
    // The webhook refused the first post once; every event still arrived.
    assert.equal(receiver.accepted.length, events.length);
    const everything = fs.readFileSync(auditFile, "utf8") + JSON.stringify(receiver.accepted);
    for (const secret of [
      sandbox.token,
      created.outputs.secretKey,
      replacement.outputs.dsnSecret,
    ]) {
      assert.ok(!everything.includes(String(secret)), "a secret reached the audit trail");
    }
    assert.match(later.output().stdout, /audit: \[prod\] client key .*: created \(expired\)/);
  });

  it("announces a failed step with the fix, and an overdue key", async () => {
    const captured = await captureProvider(
      () =>
        new ClientKey("api", {
          organization: sandbox.organization,
          project: sandbox.project,
          name: "api",
          rotateEvery: "30d",
        }),
      { stack: "prod" },
    );
    const limited = await sandbox.mintToken(["project:read", "project:write"]);
    const host = await startProviderHost({
      provider: captured.provider,
      env: { SENTRY_ROTATION_AUDIT_LOG: auditFile, SENTRY_ROTATION_NOW: "+45d" },
    });
    hosts.push(host);
    await host.configure({
      "sentry-rotation:authToken": limited,
      "sentry-rotation:url": sandbox.url,
    });
    const { inputs } = await host.check(captured.urn, {}, captured.inputs);
    const created = await host.create(captured.urn, inputs);
    await host.diff(created.id, captured.urn, created.state, inputs);
    await assert.rejects(host.delete(created.id, captured.urn, created.state), /403/);
    const events = fs
      .readFileSync(auditFile, "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    const mine = events.filter((e) => e.keyId === created.outputs.keyId);
    const overdue = mine.find((e) => e.action === "overdue");
    assert.ok(overdue, "a key 15 days past due is reported overdue");
    const failed = mine.find((e) => e.action === "failed");
    assert.ok(failed, "the failed delete is recorded");
    assert.match(failed.hint, /project:admin/);
    assert.ok(!JSON.stringify(events).includes(limited));
  });
});
