/**
 * The plugin as a user gets it (issue 14 item 3, docs/plugin.md "Installing the plugin"): a project
 * outside the repository installs the packed package with npm, and a Pulumi YAML program names the
 * installed package's plugin folder in its Pulumi.yaml (`plugins.providers[].path`). The engine
 * then starts that folder (PulumiPlugin.yaml, runtime nodejs) through the Node.js language host's
 * RunPlugin; nothing of the repository is on the way (no PATH entry, no folder made by the test).
 * `pulumi up` makes a key in the sandbox, `pulumi destroy` deletes it.
 */
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import YAML from "yaml";
import {
  createConsumerProject,
  packedSpec,
  PACKAGE_NAME,
  type ConsumerProject,
} from "../support/consumer-project";
import {
  e2eEngine,
  e2eYamlLanguageHost,
  ENGINE_SETUP_TIMEOUT_MS,
  exportedResources,
  keyActivity,
  PULUMI_STEP_TIMEOUT_MS,
  sandboxKeys,
  startE2e,
  type E2eFixture,
} from "../support/e2e-setup";
import { stopAtFirstFailure } from "../support/stop-at-first-failure";

const CLIENT_KEY = "sentry-rotation:index:ClientKey";

describe("e2e: the plugin from an installed package's plugin folder (Pulumi.yaml plugins path)", function () {
  this.timeout(PULUMI_STEP_TIMEOUT_MS);
  stopAtFirstFailure(this);
  let e2e: E2eFixture;
  let project: ConsumerProject;
  let pluginDir = "";

  before(async function () {
    this.timeout(ENGINE_SETUP_TIMEOUT_MS);
    const binDir = await e2eEngine(this);
    const yamlBinDir = await e2eYamlLanguageHost(this);
    project = await createConsumerProject({
      name: "sentry-rotation-plugin-user",
      dependencies: { [PACKAGE_NAME]: await packedSpec(), "@pulumi/pulumi": "3.248.0" },
    });
    pluginDir = path.join(project.packageDir, "plugin");
    e2e = await startE2e(binDir, "tests/e2e/programs/yaml-sentry", {
      files: ["Pulumi.yaml"],
      pluginDirs: [yamlBinDir],
    });
    fs.writeFileSync(e2e.workspace.file("Pulumi.yaml"), YAML.stringify(program(pluginDir)));
  });
  after(async () => {
    await e2e?.dispose();
    project?.dispose();
  });

  it("the installed package carries the plugin folder: PulumiPlugin.yaml (nodejs), its entry, the schema", () => {
    const manifest = YAML.parse(
      fs.readFileSync(path.join(pluginDir, "PulumiPlugin.yaml"), "utf8"),
    ) as { runtime?: { name?: string } };
    assert.equal(manifest.runtime?.name, "nodejs");
    for (const file of ["index.js", "package.json", "schema.json"]) {
      assert.ok(fs.existsSync(path.join(pluginDir, file)), `plugin/${file} is installed`);
    }
    assert.ok(!pluginDir.startsWith(path.resolve(__dirname, "..", "..")), "outside the repository");
    // Nothing else can answer for the plugin: no executable of that name on PATH.
    const onPath = (process.env.PATH ?? "")
      .split(path.delimiter)
      .filter((dir) => dir && fs.existsSync(path.join(dir, "pulumi-resource-sentry-rotation")));
    assert.deepEqual(onPath, [], "no pulumi-resource-sentry-rotation on PATH");
  });

  it("up: the engine runs the installed plugin folder, which makes the key in the sandbox", async () => {
    const up = await e2e.workspace.up();
    const [key, ...rest] = await sandboxKeys(e2e.sandbox);
    assert.equal(rest.length, 0, "one key in the sandbox");
    assert.equal((await e2e.workspace.outputs()).keyId, key!.public);
    const [web] = exportedResources(await e2e.workspace.exportState(), CLIENT_KEY);
    assert.equal(web?.id, `${e2e.sandbox.organization}/${e2e.sandbox.project}/${key!.public}`);
    // The provider is the plugin (a package resource type), not the dynamic provider.
    assert.match(web?.urn ?? "", /::sentry-rotation:index:ClientKey::web$/);
    for (const secret of [key!.secret, key!.dsn.secret]) {
      assert.ok(!up.stdout.includes(secret) && !up.stderr.includes(secret), "no secret printed");
    }
  });

  it("destroy deletes the key", async () => {
    await e2e.workspace.run(["destroy", "--yes", "--skip-preview"]);
    assert.deepEqual(await keyActivity(e2e.sandbox), {});
    assert.deepEqual(exportedResources(await e2e.workspace.exportState()), []);
  });
});

/** A Pulumi YAML program with one key, its plugin the installed package's plugin folder. */
function program(pluginDir: string): Record<string, unknown> {
  return {
    name: "yaml-sentry",
    runtime: "yaml",
    plugins: { providers: [{ name: "sentry-rotation", path: pluginDir }] },
    config: { project: { type: "string" } },
    resources: {
      web: {
        type: CLIENT_KEY,
        properties: { project: "${project}", name: "web (installed plugin)", rotateEvery: "90d" },
      },
    },
    outputs: { keyId: "${web.keyId}" },
  };
}
