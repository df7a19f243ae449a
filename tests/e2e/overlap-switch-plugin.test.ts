/**
 * Adding and removing `overlap` on a RotatingClientKey served by the plugin's Construct
 * (`sentry-rotation:index:*` types), under the real engine: one update, the same key, no key
 * created or deleted, as tests/e2e/overlap-switch.test.ts proves for the dynamic provider.
 */
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import { ensureNodeSdk, NODE_SDK_PACKAGE } from "../../testkit/node-sdk";
import { pluginLauncherDir } from "../../testkit/plugin-host/launcher";
import {
  apiWrites,
  e2eEngine,
  ENGINE_SETUP_TIMEOUT_MS,
  keyActivity,
  PULUMI_STEP_TIMEOUT_MS,
  startE2e,
  type E2eFixture,
} from "../support/e2e-setup";
import { stopAtFirstFailure } from "../support/stop-at-first-failure";

const KEY = "sentry-rotation:index:ClientKey";
const PAIR = "sentry-rotation:index:ClientKeyPair";

describe("e2e: the plugin's RotatingClientKey switches overlap without a new key", function () {
  this.timeout(PULUMI_STEP_TIMEOUT_MS);
  stopAtFirstFailure(this);
  let e2e: E2eFixture;
  let launcherDir = "";
  let keyId = "";

  const switchKeeps = async (overlap: string | undefined, type: string) => {
    await e2e.workspace.run(
      overlap === undefined
        ? ["config", "rm", "apiOverlap"]
        : ["config", "set", "apiOverlap", overlap],
    );
    const { json } = await e2e.workspace.preview();
    const ops = json.steps
      .map((s) => ({ op: s.op, type: s.urn.split("::")[2]?.split("$").pop() ?? "" }))
      .filter((s) => (s.type === KEY || s.type === PAIR) && s.op !== "same")
      .map((s) => `${s.op} ${s.type}`);
    assert.deepEqual(ops, [`update ${type}`]);
    await e2e.sandbox.clearRequests();
    await e2e.workspace.up();
    assert.equal((await e2e.workspace.outputs()).apiKeyId, keyId);
    assert.deepEqual(
      apiWrites(await e2e.sandbox.requests()).filter(
        (w) => w.method === "POST" || w.method === "DELETE",
      ),
      [],
      "no key created or deleted",
    );
    assert.deepEqual(await keyActivity(e2e.sandbox), { [keyId]: true });
  };

  before(async function () {
    this.timeout(ENGINE_SETUP_TIMEOUT_MS);
    const binDir = await e2eEngine(this);
    launcherDir = pluginLauncherDir();
    e2e = await startE2e(binDir, "tests/e2e/programs/plugin", {
      pluginDirs: [launcherDir],
      // The program's plugin resources come from the generated TypeScript SDK.
      packages: { [NODE_SDK_PACKAGE]: ensureNodeSdk() },
      config: { component: "true", keys: "0" },
    });
    await e2e.workspace.run(["config", "set", "dotenvPath", e2e.workspace.file(".env.api")]);
  });
  after(async () => {
    await e2e?.dispose();
    if (launcherDir) fs.rmSync(launcherDir, { recursive: true, force: true });
  });

  it("first up without overlap, then overlap added and removed: the same key throughout", async () => {
    await e2e.workspace.up();
    keyId = String((await e2e.workspace.outputs()).apiKeyId);
    await switchKeeps("7d", PAIR);
    await switchKeeps(undefined, KEY);
  });
});
