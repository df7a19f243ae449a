/**
 * One connection per resource under the real engine: one stack whose config reaches sandbox A,
 * and resources that state their own connection to sandbox B (another organization, another
 * token). Keys and tokens are created, rotated and retired each in their own Sentry, and the
 * exported state holds neither API token in plain text.
 */
import { strict as assert } from "node:assert";
import { startClientSandbox, type ClientTestSandbox } from "../support/client-sandbox";
import {
  activeTokenIds,
  apiWrites,
  dotenvValue,
  e2eEngine,
  ENGINE_SETUP_TIMEOUT_MS,
  exportedResources,
  keyActivity,
  PULUMI_STEP_TIMEOUT_MS,
  startE2e,
  TYPES,
  type E2eFixture,
} from "../support/e2e-setup";
import { stopAtFirstFailure } from "../support/stop-at-first-failure";

const PROGRAM = "tests/e2e/programs/two-sentries";

describe("e2e: one stack rotating keys in two Sentry servers, each resource with its own connection", function () {
  this.timeout(PULUMI_STEP_TIMEOUT_MS);
  stopAtFirstFailure(this);
  let e2e: E2eFixture;
  let other: ClientTestSandbox;
  const first: Record<string, string> = {};

  before(async function () {
    this.timeout(ENGINE_SETUP_TIMEOUT_MS);
    const binDir = await e2eEngine(this);
    other = await startClientSandbox({
      rateLimit: false,
      organization: "second-org",
      project: "second-web",
    });
    e2e = await startE2e(binDir, PROGRAM, {
      config: {
        otherUrl: other.url,
        otherOrganization: other.organization,
        otherProject: other.project,
      },
    });
    // From stdin, as the workspace sets the stack's own token.
    await e2e.workspace.run(["config", "set", "--secret", "otherToken"], { input: other.token });
    assert.notEqual(other.token, e2e.sandbox.token);
    assert.notEqual(other.organization, e2e.sandbox.organization);
  });
  after(async () => {
    await e2e?.dispose();
    await other?.close();
  });

  const apiWritesIn = async (sandbox: ClientTestSandbox) => apiWrites(await sandbox.requests());

  it("first up: the stack's key and token in A, the other two in B", async () => {
    await e2e.workspace.up();
    const outputs = await e2e.workspace.outputs();
    Object.assign(first, outputs);
    assert.deepEqual(await keyActivity(e2e.sandbox), { [String(outputs.keyA)]: true });
    assert.deepEqual(await keyActivity(other), { [String(outputs.keyB)]: true });
    assert.deepEqual(await activeTokenIds(e2e.sandbox), [outputs.tokenA]);
    assert.deepEqual(await activeTokenIds(other), [outputs.tokenB]);
    const dsnB = (await other.keys())[0]!.dsn.public;
    assert.equal(dotenvValue(e2e.workspace.file(".env.b"), "SENTRY_DSN"), dsnB);
  });

  it("+31d: all four rotate, each in its own Sentry; the old ones are removed from where they were", async () => {
    await Promise.all([e2e.sandbox.clearRequests(), other.clearRequests()]);
    await e2e.workspace.up({ env: { SENTRY_ROTATION_NOW: "+31d" } });
    const outputs = await e2e.workspace.outputs();
    for (const name of ["keyA", "keyB", "tokenA", "tokenB"]) {
      assert.notEqual(outputs[name], first[name], `${name} rotated`);
    }
    assert.deepEqual(await keyActivity(e2e.sandbox), { [String(outputs.keyA)]: true });
    assert.deepEqual(await keyActivity(other), { [String(outputs.keyB)]: true });
    assert.deepEqual(await activeTokenIds(e2e.sandbox), [outputs.tokenA]);
    assert.deepEqual(await activeTokenIds(other), [outputs.tokenB]);
    // Every write reached the Sentry of its resource, with that Sentry's organization.
    for (const [sandbox, org] of [
      [e2e.sandbox, e2e.sandbox.organization],
      [other, other.organization],
    ] as const) {
      const writes = await apiWritesIn(sandbox);
      assert.ok(writes.length >= 4, JSON.stringify(writes));
      for (const write of writes) assert.ok(write.path.includes(`/${org}/`), write.path);
    }
  });

  it("state holds the connection encrypted: neither API token in plain text, in state or output", async () => {
    const exported = await e2e.workspace.exportState();
    for (const [what, token] of [
      ["the stack's token", e2e.sandbox.token],
      ["the other Sentry's token", other.token],
    ] as const) {
      assert.ok(!exported.includes(token), `${what} appears in plain text in stack export`);
      assert.ok(!e2e.workspace.transcript.join("\n").includes(token), `${what} was printed`);
    }
    // The resources of B (and their components, whose args the engine records) hold their
    // connection, encrypted: decrypted, the token is there. The default provider holds the whole
    // stack config, as for any provider.
    const decrypted = await e2e.workspace.exportState(true);
    const holders = exportedResources(decrypted)
      .filter((r) => !r.type.startsWith("pulumi:providers:"))
      .filter((r) => JSON.stringify(r).includes(other.token))
      .map((r) => r.type);
    assert.deepEqual(holders.sort(), [
      TYPES.clientKey,
      TYPES.orgAuthToken,
      "sentry-rotation:index:RotatingClientKey",
      "sentry-rotation:index:RotatingOrgAuthToken",
    ]);
    for (const resource of exportedResources(exported)) {
      const connection = resource.outputs?.connection;
      if (connection === undefined) continue;
      assert.equal(
        (connection as Record<string, unknown>)["4dabf18193072939515e22adb298388d"],
        "1b47061264138c4ac30d75fd1eb44270",
        `${resource.urn}: connection is stored as a secret`,
      );
    }
  });

  it("destroy removes every key and token from both Sentry servers", async () => {
    await e2e.workspace.run(["destroy", "--yes", "--skip-preview"]);
    assert.deepEqual(await keyActivity(e2e.sandbox), {});
    assert.deepEqual(await keyActivity(other), {});
    assert.deepEqual(await activeTokenIds(e2e.sandbox), []);
    assert.deepEqual(await activeTokenIds(other), []);
  });
});
