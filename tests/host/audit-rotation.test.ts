import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { RotatingClientKey } from "../../components/rotating-client-key";
import { RotatingOrgAuthToken } from "../../components/rotating-org-auth-token";
import type { AuditEvent } from "../../provider/audit/event";
import { byKind, deleteReplaced, readAuditFile, startUp, step } from "../support/audit-run";
import { ensureBuilt } from "../../testkit/dist";
import { captureProviders } from "../../testkit/capture-provider";
import { type ClientTestSandbox, startClientSandbox } from "../support/client-sandbox";
import { type ProviderHost } from "../../testkit/provider-host";
import { startWebhookReceiver, type WebhookReceiver } from "../support/webhook-receiver";

// Sinks served by other providers (AWS, GitHub): the provider host runs the key and the receipts.
const SINKS = [
  { type: "awsSecretsManager" as const, name: "prod/sentry" },
  { type: "githubActionsSecret" as const, repository: "web" },
];

describe("a rotation's audit trail through the real provider host, sinks included", function () {
  this.timeout(120_000);
  let sandbox: ClientTestSandbox;
  let receiver: WebhookReceiver;
  let dir: string;
  const hosts: ProviderHost[] = [];

  before(async () => {
    ensureBuilt();
    sandbox = await startClientSandbox();
    receiver = await startWebhookReceiver(1);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "audit-rotation-"));
  });
  after(async () => {
    await Promise.all(hosts.map((h) => h.stop()));
    await receiver.close();
    await sandbox.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const upWith = (auditFile: string) => (now?: string) =>
    startUp({
      sandbox,
      hosts,
      env: {
        SENTRY_ROTATION_NOW: now,
        SENTRY_ROTATION_AUDIT_LOG: auditFile,
        SENTRY_ROTATION_AUDIT_WEBHOOK: receiver.url,
      },
    });

  it("reads created, verified, sink-updated, deleted, verified-dead, in the file and the webhook", async () => {
    const auditFile = path.join(dir, "client-key.jsonl");
    const up = upWith(auditFile);
    const captured = await captureProviders(
      () => {
        const key = new RotatingClientKey("web", {
          project: sandbox.project,
          name: "web",
          rotateEvery: "90d",
          sinks: SINKS,
        });
        return [key, key.key, ...key.receipts];
      },
      { stack: "prod" },
    );
    const key = byKind(captured, "ClientKey");
    const receipts = SINKS.map((_, i) => byKind(captured, "SinkReceipt", `web-sink-${i}-receipt`));

    const first = await up();
    const v1 = (await step(first, key, undefined)).deployed;
    const r1 = await Promise.all(
      receipts.map(
        async (r) => (await step(first, r, undefined, { keyId: v1.outputs.keyId })).deployed,
      ),
    );

    const later = await up("+P90DT12H"); // due, within the one-day grace
    const rotation = await step(later, key, v1);
    assert.equal(rotation.step, "replace");
    const v2 = rotation.deployed;
    for (const [i, receipt] of receipts.entries()) {
      const delivered = await step(later, receipt, r1[i], { keyId: v2.outputs.keyId });
      assert.equal(delivered.step, "update", "a new key makes the receipt record a delivery");
    }
    await deleteReplaced(later, key, v1);

    const oldKey = String(v1.outputs.keyId);
    const newKey = String(v2.outputs.keyId);
    const events = readAuditFile(auditFile);
    assert.deepEqual(
      events.map((e) => [e.action, e.reason ?? null, e.keyId, e.sink ?? null]),
      [
        ["created", "new", oldKey, null],
        ["verified", null, oldKey, null],
        ["sink-updated", "new", oldKey, "aws-secrets-manager:prod/sentry"],
        ["sink-updated", "new", oldKey, "github-actions-secret:web/SENTRY_DSN"],
        ["created", "expired", newKey, null],
        ["verified", null, newKey, null],
        ["sink-updated", "expired", newKey, "aws-secrets-manager:prod/sentry"],
        ["sink-updated", "expired", newKey, "github-actions-secret:web/SENTRY_DSN"],
        ["deleted", "replaced", oldKey, null],
        ["verified-dead", null, oldKey, null],
      ],
    );
    for (const e of events) {
      assert.equal(e.urn, key.urn, "every event joins the key's trail");
      assert.equal(e.stack, "prod");
      assert.equal(e.organization, sandbox.organization);
      assert.equal(e.project, sandbox.project);
    }
    assert.equal(events[6]?.detail, `replaces key ${oldKey}`);
    // The first post was refused once and retried: the webhook has every event, in order.
    const posted = receiver.accepted
      .map((b) => (b as { event: AuditEvent }).event)
      .filter((e) => e.urn === key.urn);
    assert.deepEqual(
      posted.map((e) => [e.action, e.keyId, e.sink]),
      events.map((e) => [e.action, e.keyId, e.sink]),
    );
    const texts = receiver.accepted.map((b) => (b as { text: string }).text);
    assert.ok(receiver.attempts() > receiver.accepted.length, "the receiver refused a post");
    assert.match(
      texts.find((t) => t.includes(`${newKey} in`) && t.includes("sink-updated")) ?? "",
      /sentry-rotation \[prod\] client key \w+ in .*: sink-updated \(expired\) → aws-secrets-manager:prod\/sentry/,
    );
    assertNoSecret(
      [
        fs.readFileSync(auditFile, "utf8"),
        JSON.stringify(receiver.accepted),
        later.output().stdout,
      ],
      [
        sandbox.token,
        v1.outputs.secretKey,
        v1.outputs.dsnSecret,
        v2.outputs.secretKey,
        v2.outputs.dsnSecret,
      ],
    );
  });

  it("does the same for an org auth token, with its last characters and never its value", async () => {
    const auditFile = path.join(dir, "token.jsonl");
    const up = upWith(auditFile);
    const captured = await captureProviders(
      () => {
        const token = new RotatingOrgAuthToken("ci", {
          name: "ci uploads",
          rotateEvery: "30d",
          sinks: [{ type: "githubActionsSecret", repository: "app" }],
        });
        return [token, token.resource, ...token.receipts];
      },
      { stack: "prod" },
    );
    const token = byKind(captured, "OrgAuthToken");
    const receipt = byKind(captured, "SinkReceipt");
    const tokenValues = (d: { outputs: Record<string, unknown> }) => ({
      keyId: d.outputs.tokenId,
      tokenLastCharacters: d.outputs.tokenLastCharacters,
    });

    const first = await up();
    const t1 = (await step(first, token, undefined)).deployed;
    const r1 = (await step(first, receipt, undefined, tokenValues(t1))).deployed;
    const later = await up("+P30DT12H");
    const rotation = await step(later, token, t1);
    assert.equal(rotation.step, "replace");
    const t2 = rotation.deployed;
    assert.equal((await step(later, receipt, r1, tokenValues(t2))).step, "update");
    await deleteReplaced(later, token, t1);

    const events = readAuditFile(auditFile);
    assert.deepEqual(
      events.map((e) => [e.action, e.reason ?? null, e.tokenId]),
      [
        ["created", "new", t1.outputs.tokenId],
        ["verified", null, t1.outputs.tokenId],
        ["sink-updated", "new", t1.outputs.tokenId],
        ["created", "expired", t2.outputs.tokenId],
        ["verified", null, t2.outputs.tokenId],
        ["sink-updated", "expired", t2.outputs.tokenId],
        ["deleted", "replaced", t1.outputs.tokenId],
        ["verified-dead", null, t1.outputs.tokenId],
      ],
    );
    const delivered = events.filter((e) => e.action === "sink-updated");
    assert.deepEqual(
      delivered.map((e) => [e.keyType, e.tokenLastCharacters, e.sink, e.keyId]),
      [
        [
          "org-auth-token",
          t1.outputs.tokenLastCharacters,
          "github-actions-secret:app/SENTRY_AUTH_TOKEN",
          undefined,
        ],
        [
          "org-auth-token",
          t2.outputs.tokenLastCharacters,
          "github-actions-secret:app/SENTRY_AUTH_TOKEN",
          undefined,
        ],
      ],
    );
    assertNoSecret(
      [
        fs.readFileSync(auditFile, "utf8"),
        JSON.stringify(receiver.accepted),
        later.output().stdout,
      ],
      [sandbox.token, t1.outputs.token, t2.outputs.token],
    );
  });
});

/** No secret, nor its distinctive tail, appears in any of the texts. */
function assertNoSecret(texts: string[], secrets: unknown[]): void {
  const all = texts.join("\n");
  for (const secret of secrets) {
    assert.equal(typeof secret, "string");
    const value = secret as string;
    assert.ok(value.length >= 20, "a real secret to look for");
    assert.ok(!all.includes(value), "a secret reached the audit trail");
    assert.ok(!all.includes(value.slice(-16)), "part of a secret reached the audit trail");
  }
}
