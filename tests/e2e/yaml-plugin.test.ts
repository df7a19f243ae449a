/**
 * The sentry-rotation provider plugin from a Pulumi YAML program, through the real engine: the
 * engine starts the plugin directory (PulumiPlugin.yaml, runtime nodejs) through the Node.js
 * language host's RunPlugin, and the YAML language host (npm run engine:yaml) runs the program.
 * The plugin directory is made here around the compiled plugin (dist/plugin/main.js); the suite
 * is pending in a checkout without the plugin's sources (plugin/main.ts, issue 14 item 1).
 * One stack, each step building on the last: create; a preview 91 days later that shows the
 * replacement and why; the rotation, the old key deleted after the dotenv file holding the DSN was
 * rewritten; `pulumi import` of a key made outside Pulumi, then a preview with no changes; two
 * explicit providers pointed at two sandboxes; destroy. No secret in plain text in the exported
 * state or in anything the CLI printed.
 */
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import YAML from "yaml";
import { findStep, urnName } from "../../testkit/engine-events";
import { REPO_ROOT, type RunResult } from "../../testkit/workspace";
import { startClientSandbox, type ClientTestSandbox } from "../support/client-sandbox";
import {
  dotenvValue,
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

/** The plugin's entry point: `main(args)` serves the provider and prints its port. */
const PLUGIN_MAIN = path.join(REPO_ROOT, "dist", "plugin", "main.js");
const PLUGIN_SOURCE = path.join(REPO_ROOT, "plugin", "main.ts");
const CLIENT_KEY = "sentry-rotation:index:ClientKey";
const DOTENV_FILE = "sentry-rotation:index:DotenvFile";
const ROTATED_CLOCK = { SENTRY_ROTATION_NOW: "+91d" };

/** What the program holds at each step. */
interface ProgramShape {
  /** A resource `pulumi import` generated, added as it was generated. */
  imported?: Record<string, unknown>;
  /** Two explicit providers, one per sandbox, each with a key. */
  twoProviders?: boolean;
}

const describeWithPlugin = fs.existsSync(PLUGIN_SOURCE) ? describe : describe.skip;

describeWithPlugin("e2e: the sentry-rotation plugin from a Pulumi YAML program", function () {
  this.timeout(PULUMI_STEP_TIMEOUT_MS);
  stopAtFirstFailure(this);
  let e2e: E2eFixture;
  let east: ClientTestSandbox;
  let dotenv = "";
  const keys = { first: "", second: "", imported: "", west: "", east: "" };
  // Every secret key and secret DSN the sandboxes handed out, to look for in state and output.
  const secrets: string[] = [];
  let importedResource: Record<string, unknown> | undefined;
  let pluginDir = "";

  before(async function () {
    this.timeout(ENGINE_SETUP_TIMEOUT_MS);
    const binDir = await e2eEngine(this);
    const yamlBinDir = await e2eYamlLanguageHost(this);
    e2e = await startE2e(binDir, "tests/e2e/programs/yaml-sentry", {
      files: ["Pulumi.yaml"],
      pluginDirs: [yamlBinDir],
    });
    east = await startClientSandbox({ rateLimit: false });
    pluginDir = writePluginDirectory(e2e.workspace.root);
    dotenv = e2e.workspace.file(".env.sentry");
    await e2e.workspace.run(["config", "set", "dotenvPath", dotenv]);
    writeProgram({});
  });
  after(async () => {
    await e2e?.dispose();
    await east?.close();
  });

  /** Writes Pulumi.yaml for one step. */
  function writeProgram(shape: ProgramShape): void {
    fs.writeFileSync(e2e.workspace.file("Pulumi.yaml"), YAML.stringify(program(shape, pluginDir)));
  }

  it("up creates the key through the plugin and the dotenv file gets its DSN", async () => {
    await e2e.workspace.up();
    const outputs = await e2e.workspace.outputs();
    const [key, ...rest] = await sandboxKeys(e2e.sandbox);
    assert.equal(rest.length, 0, "one key in the sandbox");
    assert.equal(outputs.keyId, key!.public);
    assert.equal(dotenvValue(dotenv, "SENTRY_DSN"), key!.dsn.public);
    keys.first = key!.public;
    secrets.push(key!.secret, key!.dsn.secret);
    const [web] = exportedResources(await e2e.workspace.exportState(), CLIENT_KEY);
    assert.equal(web?.id, `${e2e.sandbox.organization}/${e2e.sandbox.project}/${keys.first}`);
    // Only the DSN form asked for is kept.
    assert.equal(outputs.securityUrl, key!.dsn.security);
    assert.deepEqual(Object.keys((web?.outputs as { dsn: object }).dsn), ["security"]);
  });

  it("a preview at +91d shows the replacement and why; it writes nothing", async () => {
    await e2e.sandbox.clearRequests();
    const dotenvBefore = fs.readFileSync(dotenv, "utf8");
    const { json } = await e2e.workspace.preview({ env: ROTATED_CLOCK });
    const step = (name: string) => json.steps.find((s) => urnName(s.urn) === name);
    assert.equal(step("web")?.op, "replace", JSON.stringify(json.steps));
    assert.ok(step("web")?.replaceReasons?.includes("rotateAt"), JSON.stringify(step("web")));
    assert.equal(step("webSink")?.op, "update");
    const messages = (json.diagnostics ?? []).map((d) => d.message).join("\n");
    assert.match(messages, new RegExp(`client key ${keys.first}: rotation due: rotateAt`));
    const writes = (await e2e.sandbox.requests()).filter((r) => r.method !== "GET");
    assert.deepEqual(writes, [], "a preview sends no POST, PUT or DELETE");
    assert.equal(fs.readFileSync(dotenv, "utf8"), dotenvBefore, "a preview writes no file");
  });

  it("up at +91d rotates: new key, the dotenv file rewritten, then the old key deleted", async () => {
    const up = await e2e.workspace.up({ env: ROTATED_CLOCK, eventLog: true });
    keys.second = String((await e2e.workspace.outputs()).keyId);
    for (const key of await sandboxKeys(e2e.sandbox)) secrets.push(key.secret, key.dsn.secret);
    assert.notEqual(keys.second, keys.first, "the key was rotated");
    assert.deepEqual(await keyActivity(e2e.sandbox), { [keys.second]: true }, "old key gone");
    assert.equal(
      dotenvValue(dotenv, "SENTRY_DSN"),
      (await sandboxKeys(e2e.sandbox))[0]!.dsn.public,
    );
    const order = stepOrder(up);
    assert.ok(order.createKey < order.updateSink, "the sink update follows the new key");
    assert.ok(order.updateSink < order.deleteKey, "the old key is deleted after the sink update");
  });

  it("pulumi import of a key made outside Pulumi, then a preview with no changes", async function () {
    // Five commands; on a loaded 2-core machine one of them alone can take a minute.
    this.timeout(2 * PULUMI_STEP_TIMEOUT_MS);
    keys.imported = await createKeyOutsidePulumi(e2e.sandbox, "made by hand");
    const id = `${e2e.sandbox.organization}/${e2e.sandbox.project}/${keys.imported}`;
    const generated = path.join(e2e.workspace.root, "imported.yaml");
    const result = await e2e.workspace.run([
      "import",
      CLIENT_KEY,
      "adopted",
      id,
      "--yes",
      // Imports are protected by default; this one is destroyed at the end.
      "--protect=false",
      "--out",
      generated,
    ]);
    assert.match(result.stdout, /= +1 imported/);
    const adopted = exportedResources(await e2e.workspace.exportState(), CLIENT_KEY).find(
      (r) => urnName(r.urn) === "adopted",
    );
    assert.equal(adopted?.id, id);
    assert.equal(adopted?.outputs?.keyId, keys.imported);

    // The code `pulumi import` generated goes into the program as it is.
    const resources = (YAML.parse(fs.readFileSync(generated, "utf8")) as ProgramDoc).resources;
    importedResource = resources?.adopted;
    // Pulumi YAML writes the short form of the token (`index` left out).
    assert.equal(importedResource?.type, "sentry-rotation:ClientKey", YAML.stringify(resources));
    assert.equal((importedResource?.properties as { name?: string }).name, "made by hand");
    writeProgram({ imported: importedResource });
    await e2e.sandbox.clearRequests();
    const { json } = await e2e.workspace.preview();
    const changed = json.steps.filter((s) => s.op !== "same");
    assert.deepEqual(changed, [], "no changes after the import");
    const writes = (await e2e.sandbox.requests()).filter((r) => r.method !== "GET");
    assert.deepEqual(writes, []);
  });

  it("two explicit providers, one per sandbox: each key is made in its own Sentry", async function () {
    // Eight `config set` and an up.
    this.timeout(2 * PULUMI_STEP_TIMEOUT_MS);
    for (const [region, sandbox] of [
      ["west", e2e.sandbox],
      ["east", east],
    ] as const) {
      await e2e.workspace.run(["config", "set", `${region}Url`, sandbox.url]);
      await e2e.workspace.run(["config", "set", `${region}Organization`, sandbox.organization]);
      await e2e.workspace.run(["config", "set", `${region}Project`, sandbox.project]);
      // From stdin, so the token never appears in a process list.
      await e2e.workspace.run(["config", "set", "--secret", `${region}Token`], {
        input: sandbox.token,
      });
    }
    writeProgram({ imported: importedResource, twoProviders: true });
    await e2e.sandbox.clearRequests();
    await e2e.workspace.up();
    const state = exportedResources(await e2e.workspace.exportState(), CLIENT_KEY);
    const idOf = (name: string) => state.find((r) => urnName(r.urn) === name)?.id ?? "";
    keys.west = idOf("westKey").split("/").pop() ?? "";
    keys.east = idOf("eastKey").split("/").pop() ?? "";
    assert.equal(idOf("eastKey"), `${east.organization}/${east.project}/${keys.east}`);
    assert.deepEqual(
      (await sandboxKeys(east)).map((k) => k.public),
      [keys.east],
      "the east provider made its key in the east sandbox, and only that one",
    );
    assert.deepEqual(
      Object.keys(await keyActivity(e2e.sandbox)).sort(),
      [keys.second, keys.imported, keys.west].sort(),
      "the west provider made its key in the west sandbox",
    );
    const created = (await e2e.sandbox.requests()).filter((r) => r.method === "POST");
    assert.equal(created.length, 1, "one create in the west sandbox: westKey");
    for (const key of [...(await sandboxKeys(e2e.sandbox)), ...(await sandboxKeys(east))]) {
      secrets.push(key.secret, key.dsn.secret);
    }
  });

  it("no secret key, secret DSN or token in plain text in the exported state or the CLI output", async () => {
    const exported = await e2e.workspace.exportState();
    assert.ok(secrets.length >= 10, `secrets collected: ${secrets.length}`);
    for (const secret of [...secrets, e2e.sandbox.token, east.token]) {
      assert.ok(!exported.includes(secret), "a secret is in plain text in the exported state");
      assert.ok(
        !e2e.workspace.transcript.some((text) => text.includes(secret)),
        "a secret is in the CLI output",
      );
    }
    // They are there, encrypted: the state holds secret values for the keys.
    assert.match(exported, /"secretKey":\s*\{\s*"4dabf18193072939515e22adb298388d"/);
  });

  it("destroy removes every key in both sandboxes", async () => {
    await e2e.workspace.run(["destroy", "--yes", "--skip-preview"]);
    assert.deepEqual(await keyActivity(e2e.sandbox), {});
    assert.deepEqual(await keyActivity(east), {});
    assert.deepEqual(exportedResources(await e2e.workspace.exportState()), []);
  });
});

/** The parts of a Pulumi YAML document read here. */
interface ProgramDoc {
  resources: Record<string, Record<string, unknown>>;
}

/**
 * A provider plugin directory as the engine runs one: PulumiPlugin.yaml (runtime nodejs) and a
 * package whose main serves the compiled plugin. @pulumi/cmd/run-plugin loads the main with
 * require(), so the entry calls `main` itself.
 */
function writePluginDirectory(root: string): string {
  const dir = path.join(root, "sentry-rotation-plugin");
  fs.mkdirSync(dir);
  fs.writeFileSync(
    path.join(dir, "PulumiPlugin.yaml"),
    YAML.stringify({ runtime: { name: "nodejs", options: { typescript: false } } }),
  );
  fs.writeFileSync(
    path.join(dir, "package.json"),
    JSON.stringify({ name: "pulumi-resource-sentry-rotation", private: true, main: "index.js" }),
  );
  fs.writeFileSync(
    path.join(dir, "index.js"),
    [
      `require(${JSON.stringify(PLUGIN_MAIN)})`,
      "  .main(process.argv.slice(2))",
      "  .catch((err) => {",
      "    console.error(err);",
      "    process.exit(1);",
      "  });",
      "",
    ].join("\n"),
  );
  // The runner (and the plugin's own requires) resolve @pulumi/pulumi from here.
  fs.symlinkSync(path.join(REPO_ROOT, "node_modules"), path.join(dir, "node_modules"), "dir");
  return dir;
}

/** The Pulumi YAML program of one step. */
function program(shape: ProgramShape, pluginDir: string): Record<string, unknown> {
  const config: Record<string, unknown> = {
    project: { type: "string" },
    dotenvPath: { type: "string" },
  };
  const resources: Record<string, unknown> = {
    web: {
      type: CLIENT_KEY,
      // One DSN form kept besides the public DSN: the schema's list input through the engine.
      properties: {
        project: "${project}",
        name: "web (yaml)",
        rotateEvery: "90d",
        dsnForms: ["security"],
      },
    },
    webSink: {
      type: DOTENV_FILE,
      properties: { path: "${dotenvPath}", variables: { SENTRY_DSN: "${web.dsnPublic}" } },
    },
  };
  if (shape.imported) resources.adopted = shape.imported;
  for (const region of shape.twoProviders ? ["west", "east"] : []) {
    config[`${region}Url`] = { type: "string" };
    config[`${region}Organization`] = { type: "string" };
    config[`${region}Project`] = { type: "string" };
    config[`${region}Token`] = { type: "string", secret: true };
    resources[region] = {
      type: "pulumi:providers:sentry-rotation",
      properties: {
        url: `\${${region}Url}`,
        organization: `\${${region}Organization}`,
        authToken: `\${${region}Token}`,
      },
    };
    resources[`${region}Key`] = {
      type: CLIENT_KEY,
      properties: {
        project: `\${${region}Project}`,
        name: `${region} (explicit provider)`,
        rotateEvery: "90d",
      },
      options: { provider: `\${${region}}` },
    };
  }
  return {
    name: "yaml-sentry",
    description: "sentry-rotation plugin resources in a Pulumi YAML program",
    runtime: "yaml",
    plugins: { providers: [{ name: "sentry-rotation", path: pluginDir }] },
    config,
    resources,
    outputs: {
      keyId: "${web.keyId}",
      dsnPublic: "${web.dsnPublic}",
      securityUrl: "${web.dsn.security}",
    },
  };
}

/** A key made with the Sentry API directly, as someone would by hand. */
async function createKeyOutsidePulumi(sandbox: ClientTestSandbox, name: string): Promise<string> {
  const response = await fetch(
    `${sandbox.url}/api/0/projects/${sandbox.organization}/${sandbox.project}/keys/`,
    {
      method: "POST",
      headers: { Authorization: `Bearer ${sandbox.token}`, "Content-Type": "application/json" },
      body: JSON.stringify({ name }),
    },
  );
  assert.equal(response.status, 201);
  return ((await response.json()) as { id: string }).id;
}

/** Sequence numbers of the rotation's three steps in an engine event log. */
function stepOrder(result: RunResult) {
  const at = (kind: "pre" | "outputs", op: string, type: string, name: string) => {
    const event = findStep(result.events, kind, op, type, name);
    assert.ok(event, `no ${kind} event for ${op} ${name}`);
    return event.sequence;
  };
  return {
    createKey: at("outputs", "create-replacement", CLIENT_KEY, "web"),
    updateSink: at("outputs", "update", DOTENV_FILE, "webSink"),
    deleteKey: at("pre", "delete-replaced", CLIENT_KEY, "web"),
  };
}
