import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { type AuditEvent } from "../../provider/audit/event";
import { auditText, webhookBody } from "../../provider/audit/format";
import { postWebhook } from "../../provider/audit/targets";
import { createAuditTrail } from "../../provider/audit/trail";
import { startWebhookReceiver } from "../support/webhook-receiver";

const event: AuditEvent = {
  time: "2026-11-29T10:00:00.000Z",
  stack: "prod",
  urn: "urn:pulumi:prod::app::pulumi-nodejs:dynamic/sentry:ClientKey::web",
  keyType: "client-key",
  organization: "acme",
  project: "web",
  keyId: "a".repeat(32),
  action: "created",
  reason: "expired",
};

describe("audit trail", () => {
  it("says what happened to which key, and why, in one line", () => {
    assert.equal(
      auditText(event),
      `[prod] client key ${"a".repeat(32)} in acme/web: created (expired)`,
    );
    const body = JSON.parse(
      webhookBody({ ...event, action: "failed", hint: "grant project:admin" }),
    );
    assert.match(
      body.text,
      /^:rotating_light: sentry-rotation \[prod\] .* failed \(expired\) Fix: grant project:admin$/,
    );
    assert.equal(body.event.keyId, "a".repeat(32));
  });

  it("redacts anything token-shaped that reaches a free-text field", () => {
    const leaky = {
      ...event,
      detail:
        "Bearer sntryu_" +
        "f".repeat(64) +
        " and https://" +
        "c".repeat(32) +
        ":" +
        "b".repeat(32) +
        "@o1.ingest.sentry.io/1",
    };
    const text = auditText(leaky) + webhookBody(leaky);
    assert.ok(!text.includes("f".repeat(64)));
    assert.ok(!text.includes("b".repeat(32)));
  });

  it("retries the webhook until it accepts, without failing", async () => {
    const receiver = await startWebhookReceiver(2);
    try {
      const warnings: string[] = [];
      const ok = await postWebhook(webhookBody(event), {
        webhookUrl: receiver.url,
        webhookBackoffMs: 5,
        warn: (m) => warnings.push(m),
      });
      assert.equal(ok, true);
      assert.equal(receiver.attempts(), 3);
      assert.equal(receiver.accepted.length, 1);
      assert.deepEqual(warnings, []);
    } finally {
      await receiver.close();
    }
  });

  it("gives up quietly, never printing the webhook URL, when the receiver never accepts", async () => {
    const receiver = await startWebhookReceiver(100);
    try {
      const warnings: string[] = [];
      const ok = await postWebhook(webhookBody(event), {
        webhookUrl: receiver.url,
        webhookAttempts: 3,
        webhookBackoffMs: 5,
        warn: (m) => warnings.push(m),
      });
      assert.equal(ok, false);
      assert.equal(receiver.attempts(), 3);
      assert.match(warnings.join("\n"), /did not accept an event after 3 attempt\(s\)/);
      assert.ok(!warnings.join("\n").includes(receiver.url));
    } finally {
      await receiver.close();
    }
  });

  it("appends JSON lines to a private file and logs each event", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "audit-"));
    const file = path.join(dir, "nested", "audit.jsonl");
    const logs: string[] = [];
    const trail = createAuditTrail({ file }, (line) => logs.push(line));
    await trail.record({ ...event, time: undefined });
    await trail.record({ ...event, action: "verified" });
    const lines = fs
      .readFileSync(file, "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    assert.deepEqual(
      lines.map((l) => l.action),
      ["created", "verified"],
    );
    assert.equal(lines[0].stack, "prod");
    assert.equal(fs.statSync(file).mode & 0o777, 0o600);
    assert.equal(logs.length, 2);
    assert.match(logs[0] ?? "", /^audit: \[prod\] client key/);
  });
});
