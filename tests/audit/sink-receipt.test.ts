import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { checkSinkReceipt } from "../../provider/resources/sink-receipt/check";
import { diffSinkReceipt } from "../../provider/resources/sink-receipt/diff";
import {
  createSinkReceipt,
  updateSinkReceipt,
} from "../../provider/resources/sink-receipt/operations";
import type { SinkReceiptInputs } from "../../provider/resources/sink-receipt/types";
import { createProviderContext } from "../../provider/runtime/context";
import { UNKNOWN } from "../../provider/unknown";
import { readAuditFile } from "../support/audit-run";

const URN =
  "urn:pulumi:prod::app::sentry-rotation:index:RotatingClientKey$pulumi-nodejs:dynamic/sentry:ClientKey::web";
const inputs: SinkReceiptInputs = {
  keyType: "client-key",
  organization: "acme",
  project: "web",
  keyId: "a".repeat(32),
  sink: "aws-secrets-manager:prod/sentry",
  auditUrn: URN,
};
const olds = { ...inputs, deliveredAt: "2026-11-01T00:00:00.000Z" };

// A context whose audit trail writes to a fresh file; `events()` reads it back.
function recordingContext() {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "receipt-")), "audit.jsonl");
  const lines: string[] = [];
  // Each context is one provider host process, so one run: its memory starts empty.
  const newRun = () =>
    createProviderContext({
      settings: { url: "http://127.0.0.1:9", auditLog: file },
      log: (line) => lines.push(line),
    });
  return { ctx: newRun(), newRun, events: () => readAuditFile(file), lines };
}

describe("SinkReceipt", () => {
  it("changes only when another key reaches the sink or the sink changes, never by replacement", () => {
    assert.deepEqual(diffSinkReceipt(olds, inputs), { changes: false, replaces: [], reasons: [] });
    const rotated = diffSinkReceipt(olds, { ...inputs, keyId: "b".repeat(32) });
    assert.equal(rotated.changes, true);
    assert.deepEqual(rotated.replaces, []);
    assert.equal(rotated.reason, undefined, "a receipt never overrides the key's reason");
    assert.match(rotated.reasons[0] ?? "", /now holds key b{32} \(was a{32}\)/);
    assert.equal(diffSinkReceipt(olds, { ...inputs, sink: "ssm-parameter:/x" }).changes, true);
    assert.equal(diffSinkReceipt(olds, { ...inputs, keyId: UNKNOWN }).changes, true);
    // The project or the URN alone never records a delivery: only a new key or sink does.
    assert.equal(diffSinkReceipt(olds, { ...inputs, auditUrn: `${URN}2` }).changes, false);
  });

  it("checks its inputs, naming the field, and takes the organization from the provider", () => {
    const { inputs: checked, failures } = checkSinkReceipt(
      {},
      { keyType: "client-key", keyId: "k", sink: "dotenv-file:/x" },
      { organization: "acme" },
    );
    assert.deepEqual(failures, []);
    assert.equal(checked.organization, "acme");
    const bad = checkSinkReceipt({}, { keyType: "dsn", sink: "" }, {}).failures;
    assert.deepEqual(
      bad.map((f) => f.property),
      ["keyType", "organization", "keyId", "sink"],
    );
    assert.match(bad[0]?.reason ?? "", /keyType: must be one of "client-key", "org-auth-token"/);
    const preview = checkSinkReceipt({}, { ...inputs, keyId: UNKNOWN }, {}).failures;
    assert.deepEqual(preview, [], "a key not known during preview passes");
  });

  it("records sink-updated with the key's rotation reason, or new, or manual for a moved sink", async () => {
    const { ctx, newRun, events } = recordingContext();
    await createSinkReceipt(ctx, inputs);
    ctx.run.recordRotationReason(URN, "trigger-changed");
    const rotated = await updateSinkReceipt(ctx, "r", olds, { ...inputs, keyId: "b".repeat(32) });
    assert.equal(rotated.keyId, "b".repeat(32));
    const later = newRun();
    await updateSinkReceipt(later, "r", olds, { ...inputs, sink: "ssm-parameter:/prod/dsn" });
    await updateSinkReceipt(later, "r", olds, { ...inputs, keyId: "c".repeat(32) });
    assert.deepEqual(
      events().map((e) => [e.action, e.reason, e.keyId, e.sink, e.detail]),
      [
        ["sink-updated", "new", "a".repeat(32), inputs.sink, undefined],
        [
          "sink-updated",
          "trigger-changed",
          "b".repeat(32),
          inputs.sink,
          `replaces key ${"a".repeat(32)}`,
        ],
        [
          "sink-updated",
          "manual",
          "a".repeat(32),
          "ssm-parameter:/prod/dsn",
          `was delivered to ${inputs.sink}`,
        ],
        ["sink-updated", undefined, "c".repeat(32), inputs.sink, `replaces key ${"a".repeat(32)}`],
      ],
    );
    for (const e of events()) assert.equal(e.urn, URN);
  });

  it("records an org auth token's delivery by token id and last characters", async () => {
    const { ctx, events, lines } = recordingContext();
    await createSinkReceipt(ctx, {
      keyType: "org-auth-token",
      organization: "acme",
      keyId: "42",
      tokenLastCharacters: "x9Qz",
      sink: "github-actions-secret:app/SENTRY_AUTH_TOKEN",
    });
    const [event] = events();
    assert.deepEqual(
      [event?.keyType, event?.tokenId, event?.tokenLastCharacters, event?.keyId],
      ["org-auth-token", "42", "x9Qz", undefined],
    );
    assert.match(
      lines.join("\n"),
      /org auth token 42 \(…x9Qz\) in acme: sink-updated \(new\) → github-actions-secret:app\/SENTRY_AUTH_TOKEN/,
    );
  });
});
