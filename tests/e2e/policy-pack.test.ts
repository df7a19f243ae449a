/**
 * The CrossGuard policy pack through the real engine: `pulumi preview --policy-pack policy` makes
 * the engine start the pack (a PulumiPolicy.yaml directory, runtime nodejs) through the Node.js
 * language host's RunPlugin, behind the SDK's policy proxy, and block the preview on a mandatory
 * violation. The stack is examples/local; the sandbox's clock moves with SENTRY_ROTATION_NOW, so
 * keys made "100 days later" are dated then, as Sentry would date them.
 */
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import { REPO_ROOT, type RunResult } from "../../testkit/workspace";
import {
  e2eEngine,
  ENGINE_SETUP_TIMEOUT_MS,
  PULUMI_STEP_TIMEOUT_MS,
  sandboxKeys,
  startE2e,
  type E2eFixture,
} from "../support/e2e-setup";
import { stopAtFirstFailure } from "../support/stop-at-first-failure";

const PACK_DIR = path.join(REPO_ROOT, "policy");
const PACK_VERSION = (
  JSON.parse(fs.readFileSync(path.join(PACK_DIR, "package.json"), "utf8")) as { version: string }
).version;
/** The pack as the engine names it in its report (a pattern). */
const PACK = `sentry-rotation@v${PACK_VERSION.replaceAll(".", "\\.")}`;
const DAY_MS = 24 * 60 * 60_000;
const LATER_DAYS = 100;
const LATER = { SENTRY_ROTATION_NOW: `+${LATER_DAYS}d` };

describe("e2e: the policy pack run by the real engine (pulumi preview --policy-pack)", function () {
  this.timeout(PULUMI_STEP_TIMEOUT_MS);
  stopAtFirstFailure(this);
  let e2e: E2eFixture;
  let sandboxOffsetMs = 0;
  let packConfig = "";
  let firstKeyId = "";

  before(async function () {
    this.timeout(ENGINE_SETUP_TIMEOUT_MS);
    const binDir = await e2eEngine(this);
    e2e = await startE2e(binDir, "examples/local", {
      // A schedule longer than the pack allows, with an approved exception for it (section 5 of
      // docs/policy-template.md): the key is never rotated within the 100 days of this test.
      config: { rotateEvery: "180d" },
      sandbox: { now: () => new Date(Date.now() + sandboxOffsetMs) },
    });
    packConfig = path.join(e2e.workspace.root, "sentry-rotation-policy.json");
    fs.writeFileSync(
      packConfig,
      JSON.stringify({ "sentry-rotate-every-maximum": { exempt: ["web"] } }),
    );
  });
  after(async () => {
    await e2e?.dispose();
  });

  /** `pulumi <command> --policy-pack policy --policy-pack-config <file>`, failures returned. */
  function withPack(command: string[], env: Record<string, string> = {}): Promise<RunResult> {
    const args = [...command, "--policy-pack", PACK_DIR, "--policy-pack-config", packConfig];
    return e2e.workspace.run(args, { env, allowFailure: true });
  }

  it("a fresh stack passes: the engine loads the pack and reports it", async () => {
    await e2e.workspace.up();
    firstKeyId = String((await e2e.workspace.outputs()).keyId);
    const preview = await withPack(["preview"]);
    assert.equal(preview.code, 0, preview.stdout + preview.stderr);
    assert.match(preview.stdout, new RegExp(`Policies:\\s+✅ ${PACK} \\(local: `));
  });

  it("a key left unrotated past maximum + grace fails the preview with the pack's message", async () => {
    sandboxOffsetMs = LATER_DAYS * DAY_MS;
    const preview = await withPack(["preview"], LATER);
    assert.notEqual(preview.code, 0, "a mandatory violation must fail the preview");
    const output = preview.stdout + preview.stderr;
    assert.match(output, new RegExp(`❌ ${PACK} \\(local: `));
    assert.match(
      output,
      /\[mandatory\] .*sentry-key-max-age\s+\(pulumi-nodejs:dynamic\/sentry:ClientKey: web\)/,
    );
    assert.match(
      output,
      new RegExp(`client key "web" \\(${firstKeyId}\\) was created \\S+, ${LATER_DAYS} days ago`),
    );
    assert.match(output, /older than the maximum 90d \+ grace 7d/);
    // The exception holds, and the token (30d) is rotated by this very run, so nothing else fails.
    assert.doesNotMatch(output, /sentry-rotate-every-maximum/);
    assert.equal(preview.stdout.match(/\[mandatory\]/g)?.length, 1, "one violation: the key");
  });

  it("once the key is rotated the stack passes again: up and preview with the pack", async () => {
    await e2e.workspace.run(["config", "set", "rotateEvery", "90d"]);
    const up = await withPack(["up", "--yes", "--skip-preview"], LATER);
    assert.equal(up.code, 0, up.stdout + up.stderr);
    const keyId = String((await e2e.workspace.outputs()).keyId);
    assert.notEqual(keyId, firstKeyId, "the key was rotated");
    const active = (await sandboxKeys(e2e.sandbox)).filter((k) => k.isActive);
    assert.deepEqual(
      active.map((k) => k.public),
      [keyId],
    );
    const preview = await withPack(["preview"], LATER);
    assert.equal(preview.code, 0, preview.stdout + preview.stderr);
    assert.match(preview.stdout, new RegExp(`✅ ${PACK}`));
  });
});
