/**
 * The engine with the backend most teams use: Pulumi Cloud's API, here served by the local
 * pulumi-state-service (scripts/pulumi-engine/state-service/), which journals each step instead of
 * taking the whole state after every step. The plugin's keys are created, rotated (sink updated,
 * old keys deleted) and destroyed through it; the state it rebuilds from the journal is what Sentry
 * holds, with every secret encrypted. An older service without journaling gets whole checkpoints.
 */
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import { ensureNodeSdk, NODE_SDK_PACKAGE } from "../../testkit/node-sdk";
import { pluginLauncherDir } from "../../testkit/plugin-host/launcher";
import { startStateService, type StateService } from "../../testkit/state-service";
import {
  dotenvValue,
  e2eEngine,
  e2eStateServiceBinary,
  ENGINE_SETUP_TIMEOUT_MS,
  exportedResources,
  keyActivity,
  keyIdOf,
  PULUMI_STEP_TIMEOUT_MS,
  startE2e,
  type E2eFixture,
} from "../support/e2e-setup";
import { stopAtFirstFailure } from "../support/stop-at-first-failure";

const KEYS = 2;
const PLUGIN_KEY = "sentry-rotation:index:ClientKey";

/** The key ids of the plugin ClientKeys in an exported state. */
function keyIdsInState(exported: string): string[] {
  return exportedResources(exported, PLUGIN_KEY)
    .map((r) => keyIdOf(r.id))
    .sort();
}

async function keyIdsInSentry(e2e: E2eFixture): Promise<string[]> {
  return Object.keys(await keyActivity(e2e.sandbox)).sort();
}

describe("e2e: the plugin through a Pulumi Cloud-compatible backend that journals", function () {
  this.timeout(PULUMI_STEP_TIMEOUT_MS);
  stopAtFirstFailure(this);
  let service: StateService;
  let e2e: E2eFixture;
  let launcherDir = "";
  let dotenv = "";
  let created: string[] = [];

  before(async function () {
    this.timeout(ENGINE_SETUP_TIMEOUT_MS);
    const binDir = await e2eEngine(this);
    service = await startStateService({ binary: await e2eStateServiceBinary(this) });
    launcherDir = pluginLauncherDir();
    e2e = await startE2e(binDir, "tests/e2e/programs/plugin", {
      backendUrl: service.url,
      pluginDirs: [launcherDir],
      packages: { [NODE_SDK_PACKAGE]: ensureNodeSdk() },
      config: { frontDoor: "plugin", keys: String(KEYS), component: "true" },
    });
    dotenv = e2e.workspace.file(".env.api");
    await e2e.workspace.run(["config", "set", "dotenvPath", dotenv]);
  });
  after(async () => {
    await e2e?.dispose();
    await service?.stop();
    if (launcherDir) fs.rmSync(launcherDir, { recursive: true, force: true });
  });

  it("creates the keys; the service gets a journal of steps, never the whole state", async () => {
    await e2e.workspace.up();
    const figures = await service.figures();
    assert.ok(figures.journalEntries > 0, JSON.stringify(figures));
    assert.equal(figures.checkpoints, 0);
    created = await keyIdsInSentry(e2e);
    assert.equal(created.length, KEYS + 1);
    assert.deepEqual(keyIdsInState(await e2e.workspace.exportState()), created);
  });

  it("shows the rotation in a preview at +91d", async () => {
    const { json } = await e2e.workspace.preview({ env: { SENTRY_ROTATION_NOW: "+91d" } });
    const replaced = json.steps.filter((s) => s.urn.includes(`${PLUGIN_KEY}::`));
    assert.equal(replaced.length, KEYS + 1);
    for (const step of replaced) assert.match(step.op, /replace/, `${step.urn}: ${step.op}`);
  });

  it("rotates: the state rebuilt from the journal holds the new keys, the old ones are gone", async () => {
    await e2e.workspace.up({ env: { SENTRY_ROTATION_NOW: "+91d" } });
    const now = await keyIdsInSentry(e2e);
    assert.equal(now.length, KEYS + 1);
    assert.deepEqual(
      now.filter((id) => created.includes(id)),
      [],
      "every old key deleted",
    );
    assert.deepEqual(keyIdsInState(await e2e.workspace.exportState()), now);
    const dsn = dotenvValue(dotenv, "SENTRY_DSN") ?? "";
    assert.ok(
      now.some((id) => dsn.includes(id)),
      "the sink holds a new key's DSN",
    );
  });

  it("has nothing to do afterwards, and keeps every secret encrypted in the service", async () => {
    const { json } = await e2e.workspace.preview();
    assert.deepEqual(
      json.steps.filter((s) => s.op !== "same").map((s) => [s.op, s.urn]),
      [],
    );
    const state = await e2e.workspace.exportState();
    assert.ok(!state.includes(e2e.sandbox.token), "no token in state");
    for (const key of await e2e.sandbox.keys()) {
      assert.ok(!state.includes(key.secret), `secret key of ${key.public} not in plain text`);
      assert.ok(!state.includes(key.dsn.secret), `secret DSN of ${key.public} not in plain text`);
    }
    assert.ok(!e2e.workspace.transcript.join("\n").includes(e2e.sandbox.token));
  });

  it("destroys every key", async () => {
    await e2e.workspace.run(["destroy", "--yes", "--skip-preview"]);
    assert.deepEqual(await keyActivity(e2e.sandbox), {});
    assert.deepEqual(exportedResources(await e2e.workspace.exportState(), PLUGIN_KEY), []);
    assert.equal(service.log().includes("no route"), false, service.log());
  });
});

describe("e2e: a state service without journaling gets whole checkpoints", function () {
  this.timeout(PULUMI_STEP_TIMEOUT_MS);
  stopAtFirstFailure(this);
  let service: StateService;
  let e2e: E2eFixture;
  let launcherDir = "";

  before(async function () {
    this.timeout(ENGINE_SETUP_TIMEOUT_MS);
    const binDir = await e2eEngine(this);
    service = await startStateService({
      binary: await e2eStateServiceBinary(this),
      journal: false,
      token: "pul-local-state-service",
    });
    launcherDir = pluginLauncherDir();
    e2e = await startE2e(binDir, "tests/e2e/programs/plugin", {
      backendUrl: service.url,
      pluginDirs: [launcherDir],
      packages: { [NODE_SDK_PACKAGE]: ensureNodeSdk() },
      config: { frontDoor: "plugin", keys: "1" },
    });
  });
  after(async () => {
    await e2e?.dispose();
    await service?.stop();
    if (launcherDir) fs.rmSync(launcherDir, { recursive: true, force: true });
  });

  it("refuses another access token", async () => {
    const response = await fetch(`${service.url}/api/user`, {
      headers: { Authorization: "token pul-somebody-else" },
    });
    assert.equal(response.status, 401);
  });

  it("creates and destroys the key through whole checkpoints", async () => {
    await e2e.workspace.up();
    const figures = await service.figures();
    assert.equal(figures.journalEntries, 0);
    assert.ok(figures.checkpoints > 0, JSON.stringify(figures));
    const inSentry = await keyIdsInSentry(e2e);
    assert.equal(inSentry.length, 1);
    assert.deepEqual(keyIdsInState(await e2e.workspace.exportState()), inSentry);
    await e2e.workspace.run(["destroy", "--yes", "--skip-preview"]);
    assert.deepEqual(await keyActivity(e2e.sandbox), {});
  });
});

describe("state service: one update at a time per stack, released by complete or cancel", function () {
  let service: StateService;
  const stack = "/api/stacks/organization/rules/dev";
  const call = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${service.url}${path}`, {
      method,
      headers: { Authorization: "token any", "Content-Type": "application/json" },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return {
      status: response.status,
      body: text ? (JSON.parse(text) as Record<string, unknown>) : {},
    };
  };
  const startUpdate = async () => {
    const created = await call("POST", `${stack}/update`, {});
    assert.equal(created.status, 200);
    const id = String(created.body.updateID);
    return { id, started: await call("POST", `${stack}/update/${id}`, { journalVersion: 1 }) };
  };

  before(async function () {
    this.timeout(ENGINE_SETUP_TIMEOUT_MS);
    service = await startStateService({ binary: await e2eStateServiceBinary(this) });
    assert.equal(
      (await call("POST", "/api/stacks/organization/rules", { stackName: "dev" })).status,
      200,
    );
  });
  after(async () => service?.stop());

  it("refuses a second update while the first holds the stack, and names it", async () => {
    const first = await startUpdate();
    assert.equal(first.started.status, 200);
    assert.equal(first.started.body.journalVersion, 1);
    const second = await startUpdate();
    assert.equal(second.started.status, 409);
    assert.match(String(second.started.body.message), new RegExp(first.id));
    assert.equal((await call("GET", stack)).body.activeUpdate, first.id);
    assert.equal((await call("POST", `${stack}/update/${first.id}/cancel`)).status, 204);
  });

  it("lets the next update start once the first completed, and counts its version", async () => {
    const next = await startUpdate();
    assert.equal(next.started.status, 200);
    const complete = await call("POST", `${stack}/update/${next.id}/complete`, {
      status: "succeeded",
    });
    assert.equal(complete.status, 204);
    const described = await call("GET", stack);
    assert.equal(described.body.activeUpdate, "");
    assert.equal(described.body.version, 2);
  });

  it("answers an unknown route with 404 and logs it", async () => {
    assert.equal((await call("GET", "/api/orgs/organization/policypacks")).status, 404);
    assert.match(service.log(), /no route for GET \/api\/orgs\/organization\/policypacks/);
  });
});
