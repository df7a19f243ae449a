/**
 * The real Pulumi engine with the sentry-rotation plugin (an ambient
 * `pulumi-resource-sentry-rotation` on PATH, as the package's bin entry gives a user), driving
 * tests/e2e/programs/plugin: `sentry-rotation:index:*` resources through the generated
 * TypeScript SDK (sdk/nodejs), a RotatingClientKey through the plugin's Construct, `pulumi import`, two
 * explicit providers, destroy. One stack; each step builds on the previous one.
 */
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import { ensureNodeSdk, NODE_SDK_PACKAGE } from "../../testkit/node-sdk";
import { pluginLauncherDir } from "../../testkit/plugin-host/launcher";
import { fastClient, startClientSandbox, type ClientTestSandbox } from "../support/client-sandbox";
import {
  dotenvValue,
  e2eEngine,
  ENGINE_SETUP_TIMEOUT_MS,
  exportedResources,
  keyActivity,
  PULUMI_STEP_TIMEOUT_MS,
  startE2e,
  type E2eFixture,
} from "../support/e2e-setup";
import { stopAtFirstFailure } from "../support/stop-at-first-failure";

const PROGRAM = "tests/e2e/programs/plugin";
const CLIENT_KEY = "sentry-rotation:index:ClientKey";
const PROJECT_SECURITY = "sentry-rotation:index:ProjectSecurity";
const ROTATED_CLOCK = { SENTRY_ROTATION_NOW: "+91d" };

describe("e2e: the sentry-rotation plugin through the real engine", function () {
  this.timeout(PULUMI_STEP_TIMEOUT_MS);
  stopAtFirstFailure(this);
  let e2e: E2eFixture;
  let other: ClientTestSandbox;
  let launcherDir = "";
  let dotenvPath = "";
  const first: Record<string, string> = {};

  before(async function () {
    this.timeout(ENGINE_SETUP_TIMEOUT_MS);
    const binDir = await e2eEngine(this);
    launcherDir = pluginLauncherDir();
    e2e = await startE2e(binDir, PROGRAM, {
      pluginDirs: [launcherDir],
      // The program's plugin resources come from the generated TypeScript SDK.
      packages: { [NODE_SDK_PACKAGE]: ensureNodeSdk() },
      config: { component: "true" },
    });
    dotenvPath = e2e.workspace.file(".env.api");
    await e2e.workspace.run(["config", "set", "dotenvPath", dotenvPath]);
    other = await startClientSandbox({ rateLimit: false });
  });
  after(async () => {
    await e2e?.dispose();
    await other?.close();
    if (launcherDir) fs.rmSync(launcherDir, { recursive: true, force: true });
  });

  it("creates a ClientKey and a RotatingClientKey (Construct, dotenv sink) with the plugin", async () => {
    const up = await e2e.workspace.up();
    const outputs = await e2e.workspace.outputs();
    const [keyId] = outputs.keyIds as string[];
    const apiKeyId = String(outputs.apiKeyId);
    assert.deepEqual(await keyActivity(e2e.sandbox), { [keyId!]: true, [apiKeyId]: true });
    const [apiKey] = (await e2e.sandbox.keys()).filter((k) => k.public === apiKeyId);
    assert.equal(dotenvValue(dotenvPath, "SENTRY_DSN"), apiKey!.dsn.public);
    const state = await e2e.workspace.exportState();
    const types = exportedResources(state).map((r) => r.type);
    for (const type of [
      CLIENT_KEY,
      "sentry-rotation:index:RotatingClientKey",
      "sentry-rotation:index:DotenvFile",
      "sentry-rotation:index:SinkReceipt",
      "pulumi:providers:sentry-rotation",
    ]) {
      assert.ok(types.includes(type), `${type} in state: ${types.join(", ")}`);
    }
    assert.ok(!types.some((t) => t.startsWith("pulumi-nodejs:dynamic")), "no dynamic resource");
    assert.ok(!state.includes("__provider"), "no serialized provider in state");
    assert.match(up.stdout, /created client key/);
    first.keyId = keyId!;
    first.apiKeyId = apiKeyId;
  });

  it("previews the rotation at +91d: a replacement of each key, because rotateAt has passed", async () => {
    const { json, result } = await e2e.workspace.preview({ env: ROTATED_CLOCK });
    const replaced = json.steps.filter((s) => s.op === "replace" || s.op === "create-replacement");
    const keySteps = replaced.filter(
      (s) => s.urn.endsWith(`${CLIENT_KEY}::key-0`) || s.urn.endsWith(`${CLIENT_KEY}::api`),
    );
    assert.ok(keySteps.length >= 2, JSON.stringify(json.steps.map((s) => [s.op, s.urn])));
    for (const step of keySteps.filter((s) => s.op === "replace")) {
      assert.deepEqual(step.replaceReasons, ["rotateAt"]);
    }
    // The why, in the plugin's own words, under each key.
    const said = JSON.stringify(json.diagnostics ?? []) + result.stdout;
    assert.match(said, /rotation due: rotateAt [0-9T:.-]+Z has passed/);
    // The component's key (made by the plugin's Construct) shows the rotation as property diffs
    // in `pulumi preview --diff`, as through the dynamic provider (docs/plugin.md).
    const diff = await e2e.workspace.run(["preview", "--diff"], { env: ROTATED_CLOCK });
    const apiBlock = diff.stdout.slice(diff.stdout.indexOf("::api]"));
    assert.match(apiBlock, new RegExp(`~ keyId\\s*: "${first.apiKeyId}" => \\[unknown\\]`));
    assert.match(apiBlock, /\+ because: due since \S+Z \(rotateEvery 90d\)/);
    // A preview makes nothing.
    assert.deepEqual(await keyActivity(e2e.sandbox), {
      [first.keyId!]: true,
      [first.apiKeyId!]: true,
    });
  });

  it("rotates at +91d: new keys, the sink updated, the old keys deleted", async () => {
    const rotated = await e2e.workspace.up({ env: ROTATED_CLOCK });
    // The old keys go only after the sink holds the new one.
    const sinkAt = rotated.stdout.indexOf("DotenvFile api-sink-0 updated");
    const deleteAt = rotated.stdout.indexOf("ClientKey api deleted original");
    assert.ok(sinkAt > 0 && deleteAt > sinkAt, "sink updated before the old key is deleted");
    const outputs = await e2e.workspace.outputs();
    const [keyId] = outputs.keyIds as string[];
    const apiKeyId = String(outputs.apiKeyId);
    assert.notEqual(keyId, first.keyId);
    assert.notEqual(apiKeyId, first.apiKeyId);
    assert.deepEqual(await keyActivity(e2e.sandbox), { [keyId!]: true, [apiKeyId]: true });
    const [apiKey] = (await e2e.sandbox.keys()).filter((k) => k.public === apiKeyId);
    assert.equal(dotenvValue(dotenvPath, "SENTRY_DSN"), apiKey!.dsn.public);
  });

  it("imports a key made outside Pulumi (`pulumi import`), then previews no changes", async () => {
    const { sandbox, workspace } = e2e;
    const made = await fastClient(sandbox).client.clientKeys.create(
      sandbox.organization,
      sandbox.project,
      {
        name: "made by hand",
      },
    );
    const id = `${sandbox.organization}/${sandbox.project}/${made.id}`;
    await workspace.run(["import", CLIENT_KEY, "handmade", id, "--yes", "--generate-code=false"]);
    await workspace.run(["config", "set", "importedName", "handmade"]);
    await workspace.run(["config", "set", "importedKeyName", "made by hand"]);
    const { json } = await workspace.preview();
    const changed = json.steps.filter((s) => s.op !== "same");
    assert.deepEqual(
      changed.map((s) => [s.op, s.urn]),
      [],
    );
    const imported = exportedResources(await workspace.exportState(), CLIENT_KEY).find((r) =>
      r.urn.endsWith("::handmade"),
    );
    assert.equal(imported?.id, id);
  });

  it("imports a project's security settings (`pulumi import` ProjectSecurity), previews no changes, then manages them", async () => {
    const { sandbox, workspace } = e2e;
    const { client } = fastClient(sandbox);
    const shop = "https://shop.example.com";
    await client.projects.updateSecurity(sandbox.organization, sandbox.project, {
      allowedDomains: [shop],
    });
    const id = `${sandbox.organization}/${sandbox.project}`;
    await workspace.run([
      "import",
      PROJECT_SECURITY,
      "web-origins",
      id,
      "--yes",
      "--generate-code=false",
    ]);
    await workspace.run(["config", "set", "securityDomains", JSON.stringify([shop])]);
    const { json } = await workspace.preview();
    assert.deepEqual(
      json.steps.filter((s) => s.op !== "same").map((s) => [s.op, s.urn]),
      [],
    );
    const [imported] = exportedResources(await workspace.exportState(), PROJECT_SECURITY);
    assert.equal(imported?.id, id);
    // Managed from now on: a stated change reaches Sentry in place.
    const admin = "https://admin.example.com";
    await workspace.run(["config", "set", "securityDomains", JSON.stringify([shop, admin])]);
    const up = await workspace.up();
    assert.match(up.stdout, /ProjectSecurity web-origins updated/);
    const project = await client.projects.get(sandbox.organization, sandbox.project);
    assert.deepEqual([...project.allowedDomains].sort(), [admin, shop]);
  });

  it("uses two explicit providers at once: a key in a second Sentry through its own connection", async () => {
    const { workspace } = e2e;
    await workspace.run(["config", "set", "secondUrl", other.url]);
    await workspace.run(["config", "set", "secondOrganization", other.organization]);
    await workspace.run(["config", "set", "secondProject", other.project]);
    await workspace.run(["config", "set", "--secret", "secondToken"], { input: other.token });
    await workspace.up();
    const outputs = await workspace.outputs();
    const elsewhere = String(outputs.elsewhereKeyId);
    assert.deepEqual(await keyActivity(other), { [elsewhere]: true });
    assert.ok(!(elsewhere in (await keyActivity(e2e.sandbox))), "not in the first Sentry");
  });

  it("keeps every secret encrypted in the exported state, and no serialized provider", async () => {
    const state = await e2e.workspace.exportState();
    for (const secret of [e2e.sandbox.token, other.token])
      assert.ok(!state.includes(secret), "no token in state");
    for (const key of [...(await e2e.sandbox.keys()), ...(await other.keys())]) {
      assert.ok(!state.includes(key.secret), `secret key of ${key.public} not in plain text`);
      assert.ok(!state.includes(key.dsn.secret), `secret DSN of ${key.public} not in plain text`);
    }
    assert.ok(!state.includes("__provider"));
    const transcript = e2e.workspace.transcript.join("\n");
    assert.ok(!transcript.includes(e2e.sandbox.token) && !transcript.includes(other.token));
  });

  it("destroys everything, in both Sentries", async () => {
    await e2e.workspace.run(["destroy", "--yes", "--skip-preview"]);
    assert.deepEqual(await keyActivity(e2e.sandbox), {});
    assert.deepEqual(await keyActivity(other), {});
    assert.ok(
      !fs.existsSync(dotenvPath) || !fs.readFileSync(dotenvPath, "utf8").includes("SENTRY_DSN"),
    );
  });
});
