/**
 * What a reviewer reads in `pulumi preview --diff` when keys are due, through the real engine: for
 * a ClientKey, a ClientKeyPair and an OrgAuthToken, which key becomes current, which previous,
 * which is retired, and why, as property diffs (the new values unknown until apply).
 */
import { strict as assert } from "node:assert";
import {
  e2eEngine,
  ENGINE_SETUP_TIMEOUT_MS,
  PULUMI_STEP_TIMEOUT_MS,
  sandboxKeys,
  startE2e,
  type E2eFixture,
} from "../support/e2e-setup";
import { stopAtFirstFailure } from "../support/stop-at-first-failure";

const PROGRAM = "tests/e2e/programs/previews";
const DUE = { SENTRY_ROTATION_NOW: "+91d" };

/** The lines `pulumi preview --diff` printed for one resource (its header to the next one). */
function resourceBlock(stdout: string, type: string, name: string): string {
  const lines = stdout.split("\n");
  const start = lines.findIndex(
    (line, i) => line.includes(`dynamic/sentry:${type}:`) && lines[i + 2]?.endsWith(`::${name}]`),
  );
  assert.ok(start >= 0, `no ${type} ${name} in:\n${stdout}`);
  const end = lines.findIndex(
    (line, i) => i > start && /^\s+[-+~]*\s*[\w-]+:[\w/-]+:.*\(/.test(line),
  );
  return lines.slice(start, end < 0 ? undefined : end).join("\n");
}

/** `~ <name>: "<old>" => [unknown]`, however the engine pads the name. */
const changed = (name: string, old: string) =>
  new RegExp(`~ ${name}\\s*: "${old.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}" => \\[unknown\\]`);
const line = (text: string) =>
  new RegExp(`\\+ ${text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\s*: \\[unknown\\]`);

describe("e2e: pulumi preview --diff shows each rotation as property diffs, with its reason", function () {
  this.timeout(PULUMI_STEP_TIMEOUT_MS);
  stopAtFirstFailure(this);
  let e2e: E2eFixture;
  const first: Record<string, string> = {};

  before(async function () {
    this.timeout(ENGINE_SETUP_TIMEOUT_MS);
    const binDir = await e2eEngine(this);
    e2e = await startE2e(binDir, PROGRAM);
    await e2e.workspace.up();
    Object.assign(first, await e2e.workspace.outputs());
  });
  after(async () => {
    await e2e?.dispose();
  });

  const previewDiff = async () =>
    (await e2e.workspace.run(["preview", "--diff"], { env: DUE })).stdout;

  it("a ClientKey, a ClientKeyPair and an OrgAuthToken, each due: reason, keys, unknown new values", async () => {
    const stdout = await previewDiff();

    const single = resourceBlock(stdout, "ClientKey", "single");
    assert.match(single, /\+-pulumi-nodejs:dynamic\/sentry:ClientKey: \(replace\)/);
    assert.match(single, changed("keyId", first.singleKeyId!));
    assert.match(single, /~ rotateAt\s*: "[^"]+" => \[unknown\]/);
    assert.match(
      single,
      line("because: due since ") &&
        /\+ because: due since \S+Z \(rotateEvery 90d\)\s*: \[unknown\]/,
    );
    assert.match(
      single,
      line(`step 1: a new key replaces key ${first.singleKeyId} and reaches the sinks`),
    );
    assert.match(single, line(`step 2: key ${first.singleKeyId} is then deleted`));

    const pair = resourceBlock(stdout, "ClientKeyPair", "paired");
    assert.match(pair, /~ pulumi-nodejs:dynamic\/sentry:ClientKeyPair: \(update\)/);
    assert.match(pair, changed("keyId", first.pairedKeyId!));
    assert.match(pair, /\+ previous\s*: \[unknown\]/);
    assert.match(pair, /\+ because: due since \S+Z \(rotateEvery 90d\)\s*: \[unknown\]/);
    assert.match(pair, line("step 1: a new key becomes current and reaches the sinks"));
    assert.match(pair, line(`step 2: key ${first.pairedKeyId} becomes previous, valid for 7d`));

    const token = resourceBlock(stdout, "OrgAuthToken", "ci");
    assert.match(token, /\+-pulumi-nodejs:dynamic\/sentry:OrgAuthToken: \(replace\)/);
    assert.match(token, changed("tokenId", first.tokenId!));
    assert.match(token, /\+ because: due since \S+Z \(rotateEvery 90d\)\s*: \[unknown\]/);
    assert.match(
      token,
      new RegExp(
        `\\+ step 1: a new token replaces token ${first.tokenId} \\(ending \\S+\\) and reaches the sinks`,
      ),
    );
    assert.match(token, line(`step 2: token ${first.tokenId} is then revoked`));

    // Nothing secret is printed: the keys' secret parts and DSNs stay out of the preview.
    for (const key of await sandboxKeys(e2e.sandbox)) {
      assert.ok(!stdout.includes(key.secret), "a key's secret was printed");
    }
  });

  it("after that rotation, the pair's next one names the key it deletes and the one that becomes previous", async () => {
    await e2e.workspace.up({ env: DUE });
    const second = await e2e.workspace.outputs();
    assert.notEqual(second.pairedKeyId, first.pairedKeyId);
    const pair = resourceBlock(await previewDiff(), "ClientKeyPair", "paired");
    assert.match(pair, changed("keyId", String(second.pairedKeyId)));
    assert.match(
      pair,
      new RegExp(`~ previous\\s*: \\{[\\s\\S]*${changed("keyId", first.pairedKeyId!).source}`),
    );
    assert.match(pair, line(`step 2: key ${second.pairedKeyId} becomes previous, valid for 7d`));
    assert.match(pair, line(`step 3: key ${first.pairedKeyId} is deleted`));
  });
});
