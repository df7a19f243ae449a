/**
 * Overlap mode under the real engine: examples/local with `overlap: 7d` keeps the previous key
 * valid for 7 days after a rotation, then deactivates it, then deletes it at the next rotation.
 * The sandbox stamps keys with the real time, so each step's SENTRY_ROTATION_NOW counts from the
 * real creation of the key before it (key 2 is created "now" by the +31d up, and so on).
 */
import { strict as assert } from "node:assert";
import { findStep } from "../../testkit/engine-events";
import { sendEventWithSentryNode } from "../../scripts/demo/send-event";
import {
  apiWrites,
  dotenvValue,
  e2eEngine,
  ENGINE_SETUP_TIMEOUT_MS,
  keyActivity,
  PULUMI_STEP_TIMEOUT_MS,
  sandboxKeys,
  startE2e,
  TYPES,
  type E2eFixture,
} from "../support/e2e-setup";
import { stopAtFirstFailure } from "../support/stop-at-first-failure";

describe("e2e: overlap mode across two rotations (rotateEvery 30d, overlap 7d)", function () {
  this.timeout(PULUMI_STEP_TIMEOUT_MS);
  stopAtFirstFailure(this);
  let e2e: E2eFixture;
  const keys = { first: "", second: "", third: "" };
  const dsnOf: Record<string, string> = {};

  const dsnInFile = () => dotenvValue(e2e.workspace.file(".env.sentry"), "SENTRY_DSN");
  const statusWith = async (keyId: string) =>
    (await sendEventWithSentryNode(dsnOf[keyId]!)).statusCode;
  const upAt = async (clock?: string) => {
    await e2e.sandbox.clearRequests();
    const result = await e2e.workspace.up({
      env: clock ? { SENTRY_ROTATION_NOW: clock } : {},
      eventLog: true,
    });
    const outputs = await e2e.workspace.outputs();
    for (const key of await sandboxKeys(e2e.sandbox)) dsnOf[key.public] = key.dsn.public;
    return { result, outputs, writes: apiWrites(await e2e.sandbox.requests()) };
  };

  before(async function () {
    this.timeout(ENGINE_SETUP_TIMEOUT_MS);
    const binDir = await e2eEngine(this);
    e2e = await startE2e(binDir, "examples/local", {
      config: { rotateEvery: "30d", overlap: "7d", tokenRotateEvery: "365d" },
    });
  });
  after(async () => {
    await e2e?.dispose();
  });

  it("first up: one key, no previous", async () => {
    const { outputs } = await upAt();
    keys.first = String(outputs.keyId);
    assert.equal(outputs.previousKeyId, undefined, "no previous key: no output");
    assert.deepEqual(await keyActivity(e2e.sandbox), { [keys.first]: true });
    assert.equal(dsnInFile(), dsnOf[keys.first]);
  });

  it("+31d: a new key becomes current and reaches the sink; the previous stays valid", async () => {
    const { result, outputs, writes } = await upAt("+31d");
    keys.second = String(outputs.keyId);
    assert.notEqual(keys.second, keys.first);
    assert.equal(outputs.previousKeyId, keys.first);
    assert.deepEqual(await keyActivity(e2e.sandbox), { [keys.first]: true, [keys.second]: true });
    assert.deepEqual(
      writes.map((w) => w.method),
      ["POST"],
      "only the new key was created; nothing retired",
    );
    // The pair rotates in place, and the sink is updated after it.
    const pair = findStep(result.events, "outputs", "update", TYPES.clientKeyPair, "web");
    const sink = findStep(result.events, "outputs", "update", TYPES.dotenvFile, "web-sink-0");
    assert.ok(pair && sink && pair.sequence < sink.sequence);
    assert.equal(dsnInFile(), dsnOf[keys.second]);
    assert.equal(await statusWith(keys.first), 200, "previous key still accepted in the overlap");
    assert.equal(await statusWith(keys.second), 200);
  });

  it("+8d after that rotation: the overlap is over, the previous key is deactivated (not deleted)", async () => {
    const { outputs, writes } = await upAt("+8d");
    assert.equal(outputs.keyId, keys.second);
    assert.deepEqual(await keyActivity(e2e.sandbox), {
      [keys.first]: false,
      [keys.second]: true,
    });
    assert.deepEqual(
      writes.map((w) => `${w.method} ${w.path.split("/").slice(-2, -1)[0]}`),
      [`PUT ${keys.first}`],
    );
    assert.equal(await statusWith(keys.first), 403, "the previous key is refused");
    assert.equal(await statusWith(keys.second), 200);
    assert.equal(dsnInFile(), dsnOf[keys.second]);
  });

  it("+31d after key 2: the next rotation deletes key 1, key 2 becomes previous", async () => {
    const { outputs, writes } = await upAt("+31d");
    keys.third = String(outputs.keyId);
    assert.equal(outputs.previousKeyId, keys.second);
    assert.deepEqual(await keyActivity(e2e.sandbox), {
      [keys.second]: true,
      [keys.third]: true,
    });
    const post = writes.findIndex((w) => w.method === "POST");
    const del = writes.findIndex((w) => w.method === "DELETE" && w.path.includes(keys.first));
    assert.ok(post >= 0 && del > post, `create before delete: ${JSON.stringify(writes)}`);
    assert.equal(dsnInFile(), dsnOf[keys.third]);
    assert.equal(await statusWith(keys.first), 403);
    assert.equal(await statusWith(keys.second), 200, "key 2 is in its own overlap now");
    assert.equal(await statusWith(keys.third), 200);
  });
});
