/**
 * Moving a stack's keys from the dynamic provider to the plugin without an unplanned rotation,
 * the way docs/plugin.md says: the same program, each resource switched to its
 * `sentry-rotation:index:*` type with an alias to its dynamic type (the plugin's own components
 * alias their children themselves). Also measures what a ClientKey costs in the exported state
 * through each front door (docs/performance.md).
 */
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import { ensureNodeSdk, NODE_SDK_PACKAGE } from "../../testkit/node-sdk";
import { pluginLauncherDir } from "../../testkit/plugin-host/launcher";
import {
  e2eEngine,
  ENGINE_SETUP_TIMEOUT_MS,
  exportedResources,
  keyActivity,
  PULUMI_STEP_TIMEOUT_MS,
  startE2e,
  type E2eFixture,
} from "../support/e2e-setup";
import { stopAtFirstFailure } from "../support/stop-at-first-failure";

const KEYS = 3;
const DYNAMIC = "pulumi-nodejs:dynamic/sentry:ClientKey";
const PLUGIN = "sentry-rotation:index:ClientKey";

/**
 * Bytes per entry of `type` in the exported state: as `pulumi stack export` writes it (4-space
 * indent, what the file backend stores) and compact.
 */
function bytesPer(
  exported: string,
  type: string,
): { count: number; bytes: number; compact: number } {
  const entries = exportedResources(exported, type);
  const per = (indent?: number) =>
    Math.round(
      entries.reduce((sum, entry) => sum + JSON.stringify(entry, null, indent).length, 0) /
        Math.max(entries.length, 1),
    );
  return { count: entries.length, bytes: per(4), compact: per() };
}

describe("e2e: moving keys from the dynamic provider to the plugin", function () {
  this.timeout(PULUMI_STEP_TIMEOUT_MS);
  stopAtFirstFailure(this);
  let e2e: E2eFixture;
  let launcherDir = "";
  let original: Record<string, boolean> = {};
  const figures: Record<string, ReturnType<typeof bytesPer>> = {};

  before(async function () {
    this.timeout(ENGINE_SETUP_TIMEOUT_MS);
    const binDir = await e2eEngine(this);
    launcherDir = pluginLauncherDir();
    e2e = await startE2e(binDir, "tests/e2e/programs/plugin", {
      pluginDirs: [launcherDir],
      // The program's plugin resources come from the generated TypeScript SDK.
      packages: { [NODE_SDK_PACKAGE]: ensureNodeSdk() },
      config: { frontDoor: "dynamic", keys: String(KEYS), component: "true" },
    });
    await e2e.workspace.run(["config", "set", "dotenvPath", e2e.workspace.file(".env.api")]);
  });
  after(async () => {
    await e2e?.dispose();
    if (launcherDir) fs.rmSync(launcherDir, { recursive: true, force: true });
    if (figures.dynamic && figures.plugin) {
      console.log(
        `      state bytes per ClientKey (exported / compact): dynamic ${figures.dynamic.bytes} / ${figures.dynamic.compact}, plugin ${figures.plugin.bytes} / ${figures.plugin.compact} (${figures.plugin.count} keys each)`,
      );
    }
  });

  it("creates the keys through the dynamic provider", async () => {
    await e2e.workspace.up();
    original = await keyActivity(e2e.sandbox);
    assert.equal(Object.keys(original).length, KEYS + 1);
    const state = await e2e.workspace.exportState();
    figures.dynamic = bytesPer(state, DYNAMIC);
    assert.equal(figures.dynamic.count, KEYS + 1);
    assert.ok(state.includes("__provider"));
  });

  it("previews the move as in-place updates: no key created, replaced or deleted", async () => {
    await e2e.workspace.run(["config", "set", "frontDoor", "plugin"]);
    const { json } = await e2e.workspace.preview();
    const keySteps = json.steps.filter((s) => s.urn.includes(`${PLUGIN}::`));
    assert.equal(keySteps.length, KEYS + 1);
    for (const step of keySteps) assert.equal(step.op, "update", `${step.urn}: ${step.op}`);
    const destructive = json.steps.filter((s) => /replace|delete|create/.test(s.op));
    assert.deepEqual(
      destructive.map((s) => [s.op, s.urn]),
      [],
    );
  });

  it("moves them: the same keys in Sentry, plugin types in state, no serialized provider", async () => {
    await e2e.workspace.up();
    assert.deepEqual(await keyActivity(e2e.sandbox), original);
    const state = await e2e.workspace.exportState();
    assert.ok(!state.includes("__provider"), "no serialized provider left");
    assert.equal(
      exportedResources(state).filter((r) => r.type.startsWith("pulumi-nodejs:dynamic")).length,
      0,
    );
    figures.plugin = bytesPer(state, PLUGIN);
    assert.equal(figures.plugin.count, KEYS + 1);
    assert.ok(figures.plugin.bytes < figures.dynamic!.bytes / 2, JSON.stringify(figures));
  });

  it("then has nothing to do; destroy removes every key", async () => {
    const { json } = await e2e.workspace.preview();
    assert.deepEqual(
      json.steps.filter((s) => s.op !== "same").map((s) => [s.op, s.urn]),
      [],
    );
    await e2e.workspace.run(["destroy", "--yes", "--skip-preview"]);
    assert.deepEqual(await keyActivity(e2e.sandbox), {});
  });
});
