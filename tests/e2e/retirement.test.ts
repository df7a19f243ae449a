/**
 * Usage-gated retirement and the emergency revoke through the real engine, with the config-driven
 * stack (Pulumi.yaml at the root) and events sent by @sentry/node. One clock: the sandbox's `now`
 * and SENTRY_ROTATION_NOW are the same instant at each step, so the events land in the hourly
 * buckets the provider reads. The revoke is set as the emergency CI templates set it: with the
 * package's `sentry-rotation trigger --revoke`, then one `pulumi up`.
 */
import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { parse, stringify } from "yaml";
import { sendEventWithSentryNode } from "../../scripts/demo/send-event";
import { REPO_ROOT } from "../../testkit/workspace";
import { readAuditFile } from "../support/audit-run";
import {
  dotenvValue,
  e2eEngine,
  ENGINE_SETUP_TIMEOUT_MS,
  keyActivity,
  PULUMI_STEP_TIMEOUT_MS,
  startE2e,
  type E2eFixture,
} from "../support/e2e-setup";
import { stopAtFirstFailure } from "../support/stop-at-first-failure";

const CLONE_FILES = [
  "Pulumi.yaml",
  "package.json",
  "tsconfig.json",
  "stack",
  "components",
  "provider",
  "index.ts",
];
const DAY = 86_400_000;
const HOUR = 3_600_000;
const T0 = Date.parse("2027-05-03T08:00:00Z");

describe("e2e: usage-gated retirement and emergency revoke (config stack, @sentry/node)", function () {
  this.timeout(PULUMI_STEP_TIMEOUT_MS);
  stopAtFirstFailure(this);
  let e2e: E2eFixture;
  let clock = T0;
  let envFile = "";
  let auditFile = "";
  const keys = { first: "", second: "", third: "" };
  const dsnOf: Record<string, string> = {};
  const secrets = new Set<string>();

  const upAt = async (at: number) => {
    clock = at;
    const result = await e2e.workspace.up({
      env: {
        SENTRY_ROTATION_NOW: new Date(at).toISOString(),
        SENTRY_ROTATION_AUDIT_LOG: auditFile,
      },
    });
    for (const key of await e2e.sandbox.keys()) {
      dsnOf[key.public] = key.dsn.public;
      secrets.add(key.secret);
    }
    const outputs = (await e2e.workspace.outputs()) as { keys: Record<string, { keyId: string }> };
    return { result, keyId: outputs.keys.web!.keyId };
  };
  const send = async (keyId: string) => (await sendEventWithSentryNode(dsnOf[keyId]!)).statusCode;
  const audit = (keyId: string) =>
    readAuditFile(auditFile)
      .filter((e) => e.keyId === keyId)
      .map((e) => `${e.action}${e.reason ? `:${e.reason}` : ""}`);

  before(async function () {
    this.timeout(ENGINE_SETUP_TIMEOUT_MS);
    const binDir = await e2eEngine(this);
    e2e = await startE2e(binDir, ".", {
      files: CLONE_FILES,
      sandbox: { now: () => new Date(clock) },
    });
    envFile = path.join(e2e.workspace.root, "web.env");
    auditFile = path.join(e2e.workspace.root, "audit.jsonl");
    const file = e2e.workspace.file(`Pulumi.${e2e.workspace.stack}.yaml`);
    const doc = parse(fs.readFileSync(file, "utf8")) as { config: Record<string, unknown> };
    doc.config["sentry-rotation:keys"] = [
      {
        name: "web",
        project: e2e.sandbox.project,
        rotateEvery: "30d",
        overlap: "7d",
        retirement: { quietPeriod: "24h", maxHold: "5d" },
        sinks: [{ type: "dotenvFile", path: envFile }],
      },
    ];
    fs.writeFileSync(file, stringify(doc));
  });
  after(async () => {
    await e2e?.dispose();
  });

  it("first up, then the rotation at +31d: the first key becomes previous", async () => {
    keys.first = (await upAt(T0)).keyId;
    keys.second = (await upAt(T0 + 31 * DAY)).keyId;
    assert.notEqual(keys.second, keys.first);
    assert.deepEqual(await keyActivity(e2e.sandbox), { [keys.first]: true, [keys.second]: true });
    assert.equal(dotenvValue(envFile, "SENTRY_DSN"), dsnOf[keys.second]);
  });

  it("the overlap ends while a consumer still sends with the old DSN: its retirement is held", async () => {
    clock = T0 + 37 * DAY + 12 * HOUR;
    assert.equal(await send(keys.first), 200);
    assert.equal(await send(keys.first), 200);
    const { result } = await upAt(T0 + 38 * DAY + HOUR);
    assert.deepEqual(await keyActivity(e2e.sandbox), { [keys.first]: true, [keys.second]: true });
    assert.equal(await send(keys.first), 200, "held: the old key still works");
    assert.match(
      result.stdout,
      new RegExp(`warning: client key ${keys.first}: previous key still in use: 2 error event`),
    );
    assert.deepEqual(audit(keys.first).slice(-1), ["retirement-held:overlap-ended"]);
    const held = readAuditFile(auditFile).find((e) => e.action === "retirement-held");
    assert.equal(held?.usage?.acceptedEvents, 2);
    assert.equal(held?.stack, e2e.workspace.stack);
  });

  it("once quiet for 24h, the next up deactivates it and ingest refuses the old DSN", async () => {
    // The last event was at +38d01h (the check above); 25 hours later the key is quiet.
    const { result } = await upAt(T0 + 39 * DAY + 2 * HOUR);
    assert.deepEqual(await keyActivity(e2e.sandbox), { [keys.first]: false, [keys.second]: true });
    assert.doesNotMatch(result.stdout, /warning: client key .*previous key still in use/);
    assert.equal(await send(keys.first), 403);
    assert.deepEqual(audit(keys.first).slice(-2), ["deactivated:overlap-ended", "verified-dead"]);
  });

  it("trigger --revoke then one up: a new key, and the leaked one refused at once though in use", async () => {
    clock = T0 + 40 * DAY;
    assert.equal(await send(keys.second), 200, "the current key is in use");
    const run = spawnSync(
      process.execPath,
      [
        path.join(REPO_ROOT, "dist", "cli", "sentry-rotation.js"),
        "trigger",
        "--entry",
        "web",
        "--value",
        "2027-06-12T08:00Z DSN in a public issue",
        "--revoke",
      ],
      { cwd: e2e.workspace.projectDir, env: e2e.workspace.commandEnv, encoding: "utf8" },
    );
    assert.equal(run.status, 0, run.stderr);
    keys.third = (await upAt(T0 + 40 * DAY + HOUR)).keyId;
    assert.notEqual(keys.third, keys.second);
    assert.deepEqual(
      await keyActivity(e2e.sandbox),
      { [keys.third]: true },
      "the leaked key is deleted in the same run, the deactivated one too",
    );
    assert.equal(await send(keys.second), 403, "the leaked DSN is refused at once");
    assert.equal(await send(keys.third), 200);
    assert.equal(dotenvValue(envFile, "SENTRY_DSN"), dsnOf[keys.third]);
    assert.deepEqual(audit(keys.second).slice(-2), ["deleted:revoked", "verified-dead"]);
    // The marker stays in the config; the next run changes nothing.
    const again = await upAt(T0 + 40 * DAY + 2 * HOUR);
    assert.equal(again.keyId, keys.third);
    assert.deepEqual(await keyActivity(e2e.sandbox), { [keys.third]: true });
  });

  it("no key secret reached the output, the audit trail or the state in plain text", async () => {
    const seen = [
      e2e.workspace.transcript.join("\n"),
      fs.readFileSync(auditFile, "utf8"),
      await e2e.workspace.exportState(),
    ].join("\n");
    assert.ok(secrets.size >= 3);
    for (const secret of secrets) assert.ok(!seen.includes(secret), "a key secret leaked");
  });
});
