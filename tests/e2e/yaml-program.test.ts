/**
 * Pulumi YAML programs run by the real engine, with the YAML language host built from the
 * github.com/pulumi/pulumi-yaml Go module into the engine cache (npm run engine:yaml): a program of
 * config, variables and outputs (up, a config change, destroy), and a program whose resource
 * comes from a Node.js provider plugin directory, which the engine starts through the Node.js
 * language host's RunPlugin and asks for its schema.
 */
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import { REPO_ROOT } from "../../testkit/workspace";
import {
  e2eEngine,
  e2eYamlLanguageHost,
  ENGINE_SETUP_TIMEOUT_MS,
  exportedResources,
  PULUMI_STEP_TIMEOUT_MS,
  startE2e,
  type E2eFixture,
} from "../support/e2e-setup";

const ECHO_PLUGIN = path.join(REPO_ROOT, "tests/e2e/programs/node-plugin/provider");

describe("e2e: Pulumi YAML programs on the real engine", function () {
  this.timeout(PULUMI_STEP_TIMEOUT_MS);
  let binDir = "";
  let yamlBinDir = "";
  let e2e: E2eFixture | undefined;

  before(async function () {
    this.timeout(ENGINE_SETUP_TIMEOUT_MS);
    binDir = await e2eEngine(this);
    yamlBinDir = await e2eYamlLanguageHost(this);
  });
  afterEach(async () => {
    await e2e?.dispose();
    e2e = undefined;
  });

  it("config, variables and outputs: up, a config change, destroy; the secret output stays encrypted", async () => {
    e2e = await startE2e(binDir, "tests/e2e/programs/yaml", {
      files: ["Pulumi.yaml"],
      pluginDirs: [yamlBinDir],
    });
    const { workspace } = e2e;
    await workspace.up();
    assert.deepEqual(await workspace.outputs(), {
      greeting: "hello",
      joined: "hello-from-pulumi-yaml",
      lastWord: "yaml",
      secretGreeting: "[secret]",
    });
    const state = await workspace.exportState();
    assert.match(state, /"secretGreeting":\s*\{\s*"4dabf18193072939515e22adb298388d"/);

    await workspace.run(["config", "set", "greeting", "goodbye"]);
    await workspace.up();
    assert.equal((await workspace.outputs()).joined, "goodbye-from-pulumi-yaml");
    await workspace.run(["destroy", "--yes", "--skip-preview"]);
    assert.deepEqual(exportedResources(await workspace.exportState()), []);
  });

  it("a resource of a Node.js provider plugin directory: schema and CRUD through RunPlugin", async () => {
    e2e = await startE2e(binDir, "tests/e2e/programs/yaml-echo", {
      files: ["Pulumi.yaml"],
      pluginDirs: [yamlBinDir],
    });
    const { workspace } = e2e;
    // The copy lives elsewhere: point at the plugin fixture in this checkout.
    const project = fs.readFileSync(workspace.file("Pulumi.yaml"), "utf8");
    fs.writeFileSync(
      workspace.file("Pulumi.yaml"),
      project.replace("path: ../node-plugin/provider", `path: ${ECHO_PLUGIN}`),
    );
    const preview = await workspace.preview();
    assert.deepEqual(
      preview.json.steps.map((s) => [s.op, s.urn.split("::").pop()]),
      [
        ["create", "yaml-echo-dev"],
        ["create", "hello"],
      ],
    );
    await workspace.up();
    assert.deepEqual(await workspace.outputs(), {
      message: "hello from pulumi yaml",
      runner: "run-plugin",
    });
    const destroy = await workspace.run(["destroy", "--yes", "--skip-preview"]);
    assert.match(destroy.stdout, /echo:index:Echo hello deleted/);
  });
});
