/**
 * A provider plugin that is a Node.js directory (PulumiPlugin.yaml, runtime nodejs, no
 * executable) run by the real engine. The engine can start such a plugin only through the Node.js
 * language host's RunPlugin, which runs @pulumi/pulumi/cmd/run-plugin on it; the fixture's outputs
 * say which runner loaded it and where. Two ways a program finds it: a path in Pulumi.yaml
 * (`plugins.providers`), and `pulumi plugin install resource echo 0.0.1 --file <dir>`, which also
 * makes the language host install the plugin's packages (InstallDependencies).
 */
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import { REPO_ROOT } from "../../testkit/workspace";
import {
  e2eEngine,
  ENGINE_SETUP_TIMEOUT_MS,
  PULUMI_STEP_TIMEOUT_MS,
  startE2e,
  type E2eFixture,
} from "../support/e2e-setup";

const PROGRAM = "tests/e2e/programs/node-plugin";
const PROGRAM_FILES = ["Pulumi.yaml", "package.json", "index.js", "provider"];
const MESSAGE = "hello from a Node.js provider plugin";

describe("e2e: a Node.js provider plugin started by the real engine through RunPlugin", function () {
  this.timeout(PULUMI_STEP_TIMEOUT_MS);
  let binDir = "";
  let e2e: E2eFixture | undefined;

  before(async function () {
    this.timeout(ENGINE_SETUP_TIMEOUT_MS);
    binDir = await e2eEngine(this);
  });
  afterEach(async () => {
    await e2e?.dispose();
    e2e = undefined;
  });

  it("a plugin path in Pulumi.yaml: up creates through the plugin (run-plugin, the program's directory), destroy deletes", async () => {
    e2e = await startE2e(binDir, PROGRAM, { files: PROGRAM_FILES });
    const { workspace } = e2e;
    await workspace.up();
    const outputs = await workspace.outputs();
    assert.deepEqual(outputs, {
      message: MESSAGE,
      runner: "run-plugin",
      cwd: fs.realpathSync(workspace.projectDir),
      pluginDir: fs.realpathSync(workspace.file("provider")),
    });
    const destroy = await workspace.run(["destroy", "--yes", "--skip-preview"]);
    assert.match(destroy.stdout, /- {2}echo:index:Echo hello deleted/);
  });

  it("a plugin that exits before serving: the engine reports its stderr and exit code", async () => {
    e2e = await startE2e(binDir, PROGRAM, { files: PROGRAM_FILES });
    const preview = await e2e.workspace.run(["preview"], {
      env: { ECHO_PLUGIN_FAIL: "on purpose" },
      allowFailure: true,
    });
    assert.notEqual(preview.code, 0);
    const output = preview.stdout + preview.stderr;
    assert.match(output, /echo plugin: refusing to start \(ECHO_PLUGIN_FAIL=on purpose\)/);
    assert.match(output, /exit status 3/);
  });

  it("pulumi plugin install --file <dir>: the host installs its packages, the program uses the installed plugin", async () => {
    e2e = await startE2e(binDir, PROGRAM, { files: PROGRAM_FILES });
    const { workspace } = e2e;
    // The program without `plugins:`: the engine must find the plugin in PULUMI_HOME.
    const project = fs.readFileSync(workspace.file("Pulumi.yaml"), "utf8");
    fs.writeFileSync(workspace.file("Pulumi.yaml"), project.replace(/\nplugins:[\s\S]*$/, "\n"));
    assert.doesNotMatch(fs.readFileSync(workspace.file("Pulumi.yaml"), "utf8"), /^plugins:/m);
    // The plugin's own dependency, installed offline from this checkout (npm links a file: path).
    const pluginSource = workspace.file("provider");
    const manifest = JSON.parse(fs.readFileSync(path.join(pluginSource, "package.json"), "utf8"));
    manifest.dependencies = {
      "@pulumi/pulumi": `file:${path.join(REPO_ROOT, "node_modules", "@pulumi", "pulumi")}`,
    };
    fs.writeFileSync(path.join(pluginSource, "package.json"), JSON.stringify(manifest));

    const install = await workspace.run(
      ["plugin", "install", "resource", "echo", "0.0.1", "--file", pluginSource],
      { env: { npm_config_offline: "true" } },
    );
    assert.match(install.stdout + install.stderr, /Finished installing dependencies with npm/);
    const installed = path.join(workspace.root, "pulumi-home", "plugins", "resource-echo-v0.0.1");
    assert.ok(
      fs.lstatSync(path.join(installed, "node_modules", "@pulumi", "pulumi")).isSymbolicLink(),
      "npm installed the plugin's dependency into the installed copy",
    );

    // The installed copy is outside the project: it resolves @pulumi/pulumi from what npm installed.
    await workspace.up();
    const outputs = await workspace.outputs();
    assert.equal(outputs.runner, "run-plugin");
    assert.equal(outputs.pluginDir, fs.realpathSync(installed));
  });
});
