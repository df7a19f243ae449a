/**
 * The real Pulumi engine rotating examples/local (a RotatingClientKey into .env.sentry and a
 * RotatingOrgAuthToken into .env.sentry-ci) against the sandbox. One stack; each step builds on
 * the previous one, so the suite bails at the first failure.
 */
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import { changeSteps, findStep, urnName } from "../../testkit/engine-events";
import { sendEventWithSentryNode } from "../../scripts/demo/send-event";
import type { RunResult } from "../../testkit/workspace";
import type { LoggedRequest } from "../support/client-sandbox";
import {
  activeTokenIds,
  dotenvValue,
  e2eEngine,
  ENGINE_SETUP_TIMEOUT_MS,
  eventsFor,
  exportedResources,
  keyActivity,
  keyIdOf,
  PULUMI_STEP_TIMEOUT_MS,
  sandboxKeys,
  startE2e,
  TYPES,
  type E2eFixture,
} from "../support/e2e-setup";
import { stopAtFirstFailure } from "../support/stop-at-first-failure";

const ROTATED_CLOCK = { SENTRY_ROTATION_NOW: "+91d" };

describe("e2e: examples/local rotated by the real Pulumi engine", function () {
  this.timeout(PULUMI_STEP_TIMEOUT_MS);
  stopAtFirstFailure(this);
  let e2e: E2eFixture;
  let dsnFile = "";
  let tokenFile = "";
  // What each step learns and later steps check against.
  const first = { keyId: "", dsn: "", keySecret: "", dsnSecret: "", token: "" };
  const second = { keyId: "", dsn: "", token: "" };

  before(async function () {
    this.timeout(ENGINE_SETUP_TIMEOUT_MS);
    const binDir = await e2eEngine(this);
    e2e = await startE2e(binDir, "examples/local");
    dsnFile = e2e.workspace.file(".env.sentry");
    tokenFile = e2e.workspace.file(".env.sentry-ci");
  });
  after(async () => {
    await e2e?.dispose();
  });

  it("first up creates the key and the token and writes both dotenv files; @sentry/node delivers with the DSN", async () => {
    await e2e.workspace.up();
    const outputs = await e2e.workspace.outputs();
    const [key, ...others] = await sandboxKeys(e2e.sandbox);
    assert.equal(others.length, 0, "exactly one key in the sandbox");
    assert.equal(key!.public, outputs.keyId);
    assert.equal(key!.isActive, true);
    assert.equal(dotenvValue(dsnFile, "SENTRY_DSN"), key!.dsn.public);
    assert.equal(outputs.dsn, key!.dsn.public);
    assert.equal(fs.statSync(dsnFile).mode & 0o777, 0o600, "the dotenv file is private");
    const token = dotenvValue(tokenFile, "SENTRY_AUTH_TOKEN") ?? "";
    assert.match(token, /^sntrys_/);
    assert.deepEqual(await activeTokenIds(e2e.sandbox), [outputs.tokenId]);
    Object.assign(first, {
      keyId: key!.public,
      dsn: key!.dsn.public,
      keySecret: key!.secret,
      dsnSecret: key!.dsn.secret,
      token,
    });

    const sent = await sendEventWithSentryNode(dotenvValue(dsnFile, "SENTRY_DSN")!);
    assert.equal(sent.statusCode, 200);
    assert.deepEqual(
      (await eventsFor(e2e.sandbox, first.keyId)).map((e) => e.id),
      [sent.eventId],
      "the sandbox recorded the event under the new key",
    );
  });

  it("a second preview with the real clock shows no changes", async () => {
    const { json } = await e2e.workspace.preview();
    assert.deepEqual(
      json.steps.filter((s) => s.op !== "same").map((s) => `${s.op} ${urnName(s.urn)}`),
      [],
    );
    assert.deepEqual(Object.keys(json.changeSummary), ["same"]);
  });

  it("SENTRY_ROTATION_NOW=+91d preview shows the key replaced (create, sink update, delete) for rotateAt, and writes nothing", async () => {
    await e2e.sandbox.clearRequests();
    const { json, result } = await e2e.workspace.preview({ env: ROTATED_CLOCK, eventLog: true });

    const keyStep = json.steps.find(
      (s) => s.urn.includes(TYPES.clientKey) && urnName(s.urn) === "web",
    );
    assert.equal(keyStep?.op, "replace", "the expired key is replaced");
    assert.ok(keyStep?.replaceReasons?.includes("rotateAt"), JSON.stringify(keyStep));
    const sinkStep = json.steps.find(
      (s) => s.urn.includes(TYPES.dotenvFile) && urnName(s.urn) === "web-sink-0",
    );
    assert.equal(sinkStep?.op, "update", "the DSN sink is updated");
    const messages = (json.diagnostics ?? []).map((d) => d.message).join("\n");
    assert.match(messages, new RegExp(`client key ${first.keyId}: rotation due: rotateAt`));

    // The engine's own order: new key, then the sink, then the old key's deletion.
    const order = stepOrder(result);
    assert.ok(order.createKey < order.updateSink, "the sink update follows the new key");
    assert.ok(order.updateSink < order.deleteKey, "the old key is deleted after the sink update");
    assert.deepEqual(
      findStep(result.events, "pre", "create-replacement", TYPES.clientKey, "web")?.keys,
      ["rotateAt"],
    );

    const writes = (await e2e.sandbox.requests()).filter((r) => r.method !== "GET");
    assert.deepEqual(writes, [], "a preview sends no POST, PUT or DELETE");
    assert.deepEqual(Object.keys(await keyActivity(e2e.sandbox)), [first.keyId]);
  });

  it("+91d up: new key before old key deleted, dotenv rewritten before the delete, old DSN 403, new DSN 200", async () => {
    await e2e.sandbox.clearRequests();
    const audit = path.join(e2e.workspace.root, "audit.jsonl");
    const result = await e2e.workspace.up({
      env: { ...ROTATED_CLOCK, SENTRY_ROTATION_AUDIT_LOG: audit },
      eventLog: true,
    });
    const outputs = await e2e.workspace.outputs();
    second.keyId = String(outputs.keyId);
    assert.notEqual(second.keyId, first.keyId, "the key was rotated");
    second.dsn = String(outputs.dsn);

    // The sandbox saw the create of the new key before the delete of the old one.
    const log = await e2e.sandbox.requests();
    const created = onlyOne(log, "POST", /\/keys\/$/);
    const deleted = onlyOne(log, "DELETE", new RegExp(`/keys/${first.keyId}/$`));
    assert.equal(created.status, 201);
    assert.equal(deleted.status, 204);
    assert.ok(created.seq < deleted.seq, "create-new before delete-old");

    // The dotenv file had the new DSN before the old key's DELETE reached Sentry.
    assert.equal(dotenvValue(dsnFile, "SENTRY_DSN"), second.dsn);
    assert.ok(
      changedAt(dsnFile) <= Date.parse(deleted.at),
      `.env.sentry changed at ${new Date(changedAt(dsnFile)).toISOString()}, the old key was deleted at ${deleted.at}`,
    );
    const order = stepOrder(result);
    assert.ok(order.createKey < order.updateSink && order.updateSink < order.deleteKey);

    // The same for the token: new token in .env.sentry-ci before the old one is revoked.
    second.token = dotenvValue(tokenFile, "SENTRY_AUTH_TOKEN") ?? "";
    assert.notEqual(second.token, first.token);
    const revoked = onlyOne(log, "DELETE", /\/org-auth-tokens\/\d+\/$/);
    assert.ok(changedAt(tokenFile) <= Date.parse(revoked.at));
    assert.deepEqual(await activeTokenIds(e2e.sandbox), [outputs.tokenId]);

    // The audit trail records the new key before the old key's deletion.
    const steps = fs
      .readFileSync(audit, "utf8")
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as { action: string; keyId?: string });
    const createdAt = steps.findIndex((s) => s.action === "created" && s.keyId === second.keyId);
    const deletedAt = steps.findIndex((s) => s.action === "deleted" && s.keyId === first.keyId);
    assert.ok(createdAt >= 0 && deletedAt > createdAt, JSON.stringify(steps));

    assert.deepEqual(await keyActivity(e2e.sandbox), { [second.keyId]: true });
    assert.equal((await sendEventWithSentryNode(first.dsn)).statusCode, 403, "old DSN refused");
    assert.equal((await sendEventWithSentryNode(second.dsn)).statusCode, 200, "new DSN accepted");
  });

  it("stack export holds no key secret, secret DSN, org token or API token in plain text", async () => {
    const [current] = await sandboxKeys(e2e.sandbox);
    const secrets: Record<string, string> = {
      "old key secret": first.keySecret,
      "old secret DSN": first.dsnSecret,
      "old org token": first.token,
      "current key secret": current!.secret,
      "current secret DSN": current!.dsn.secret,
      "current org token": second.token,
      "Sentry API token": e2e.sandbox.token,
    };
    const exported = await e2e.workspace.exportState();
    for (const [what, value] of Object.entries(secrets)) {
      assert.ok(value.length >= 16, `${what} is known to the test`);
      assert.ok(!exported.includes(value), `${what} appears in plain text in stack export`);
    }
    // Nor did any pulumi command so far print one (the decrypted export below is meant to).
    const printed = e2e.workspace.transcript.join("\n");
    for (const [what, value] of Object.entries(secrets)) {
      assert.ok(!printed.includes(value), `${what} was printed by a pulumi command`);
    }
    // The scan looks at values that are in state: decrypted, the current ones are there.
    const decrypted = await e2e.workspace.exportState(true);
    for (const what of ["current key secret", "current secret DSN", "current org token"]) {
      assert.ok(decrypted.includes(secrets[what]!), `${what} is in state (encrypted)`);
    }
    // The engine keeps the stack config (encrypted) as the default provider's inputs, as it does
    // for any provider; no resource of ours holds the API token, even decrypted.
    for (const resource of exportedResources(decrypted)) {
      if (resource.type.startsWith("pulumi:providers:")) continue;
      assert.ok(!JSON.stringify(resource).includes(e2e.sandbox.token), `${resource.urn} holds it`);
    }
  });

  it("a key deleted behind Pulumi's back leaves state on refresh, and up recreates it", async () => {
    const gone = await fetch(
      `${e2e.sandbox.url}/api/0/projects/${e2e.sandbox.organization}/${e2e.sandbox.project}/keys/${second.keyId}/`,
      { method: "DELETE", headers: { Authorization: `Bearer ${e2e.sandbox.token}` } },
    );
    assert.equal(gone.status, 204);
    const refresh = await e2e.workspace.run(["refresh", "--yes", "--skip-preview"]);
    assert.match(refresh.stdout, new RegExp(`client key ${second.keyId} no longer exists`));
    assert.deepEqual(
      exportedResources(await e2e.workspace.exportState(), TYPES.clientKey),
      [],
      "the deleted key left the state",
    );

    await e2e.workspace.up();
    const [key] = exportedResources(await e2e.workspace.exportState(), TYPES.clientKey);
    const recreated = keyIdOf(key?.id);
    assert.deepEqual(await keyActivity(e2e.sandbox), { [recreated]: true });
    assert.equal(dotenvValue(dsnFile, "SENTRY_DSN"), (await e2e.workspace.outputs()).dsn);
    second.keyId = recreated;
  });

  it("an up whose old-key delete meets a 503 storm fails naming the key; the next up finishes with no orphan", async function () {
    this.timeout(2 * PULUMI_STEP_TIMEOUT_MS);
    await e2e.sandbox.addFaults({ method: "DELETE", kind: "status", status: 503, times: -1 });
    const failed = await e2e.workspace.up({ env: ROTATED_CLOCK, allowFailure: true });
    assert.notEqual(failed.code, 0, "the up fails");
    const output = failed.stdout + failed.stderr;
    assert.match(output, new RegExp(`DELETE \\S*/keys/${second.keyId}/ failed with HTTP 503`));
    // The new key is live and delivered; the old one is still in Sentry and marked for deletion.
    const rotatedTo = String((await e2e.workspace.outputs()).keyId);
    assert.equal(dotenvValue(dsnFile, "SENTRY_DSN"), (await e2e.workspace.outputs()).dsn);
    assert.deepEqual(await keyActivity(e2e.sandbox), { [second.keyId]: true, [rotatedTo]: true });
    const pending = exportedResources(await e2e.workspace.exportState(), TYPES.clientKey);
    assert.deepEqual(
      pending.map((r) => [keyIdOf(r.id), r.delete === true]).sort(),
      [
        [second.keyId, true],
        [rotatedTo, false],
      ].sort(),
    );

    await e2e.sandbox.clearFaults();
    await e2e.workspace.up(); // the scheduled job runs again, with the real clock
    const state = await e2e.workspace.exportState();
    const keysInState = exportedResources(state, TYPES.clientKey).map((r) => keyIdOf(r.id));
    assert.deepEqual(keysInState, [rotatedTo]);
    assert.deepEqual(await keyActivity(e2e.sandbox), { [rotatedTo]: true }, "no orphan key");
    const tokensInState = exportedResources(state, TYPES.orgAuthToken).map((r) =>
      String(r.outputs?.tokenId),
    );
    assert.deepEqual(await activeTokenIds(e2e.sandbox), tokensInState, "no orphan token");
  });
});

/** Sequence numbers of the rotation's three steps in an engine event log. */
function stepOrder(result: RunResult) {
  const events = result.events;
  const at = (kind: "pre" | "outputs", op: string, type: string, name: string) => {
    const event = findStep(events, kind, op, type, name);
    assert.ok(
      event,
      `no ${kind} event for ${op} ${name}; steps: ${changeSteps(events)
        .map((e) => `${e.op} ${urnName(e.urn)}`)
        .join(", ")}`,
    );
    return event.sequence;
  };
  return {
    createKey: at("outputs", "create-replacement", TYPES.clientKey, "web"),
    updateSink: at("outputs", "update", TYPES.dotenvFile, "web-sink-0"),
    deleteKey: at("pre", "delete-replaced", TYPES.clientKey, "web"),
  };
}

function onlyOne(log: LoggedRequest[], method: string, pathPattern: RegExp): LoggedRequest {
  const found = log.filter((r) => r.method === method && pathPattern.test(r.path));
  assert.equal(found.length, 1, `one ${method} ${pathPattern}: ${JSON.stringify(log)}`);
  return found[0]!;
}

/** When the file last changed, its content or its name (the sink writes a temp file, then renames). */
function changedAt(file: string): number {
  const stat = fs.statSync(file);
  return Math.max(stat.mtimeMs, stat.ctimeMs);
}
