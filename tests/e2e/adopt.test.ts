/**
 * Adopting a key that already exists in Sentry, with the real engine. `pulumi import` cannot adopt
 * a dynamic resource (pulumi/pulumi#16175: the import path reads without the provider's code), so
 * the supported way is examples/local/adopt: a `ClientKey` with `existingKeyId`.
 */
import { strict as assert } from "node:assert";
import {
  apiWrites,
  e2eEngine,
  ENGINE_SETUP_TIMEOUT_MS,
  exportedResources,
  keyActivity,
  PULUMI_STEP_TIMEOUT_MS,
  sandboxKeys,
  startE2e,
  TYPES,
  type E2eFixture,
} from "../support/e2e-setup";

describe("e2e: adopting an existing key", function () {
  this.timeout(PULUMI_STEP_TIMEOUT_MS);
  let e2e: E2eFixture;
  let existing = { id: "", dsn: "", dateCreated: "" };

  before(async function () {
    this.timeout(ENGINE_SETUP_TIMEOUT_MS);
    const binDir = await e2eEngine(this);
    // A key made outside Pulumi, before the stack exists.
    e2e = await startE2e(binDir, "examples/local/adopt");
    const response = await fetch(
      `${e2e.sandbox.url}/api/0/projects/${e2e.sandbox.organization}/${e2e.sandbox.project}/keys/`,
      {
        method: "POST",
        headers: {
          Authorization: `Bearer ${e2e.sandbox.token}`,
          "Content-Type": "application/json",
        },
        body: JSON.stringify({ name: "adopted (local example)" }),
      },
    );
    assert.equal(response.status, 201);
    const key = (await response.json()) as {
      id: string;
      dsn: { public: string };
      dateCreated: string;
    };
    existing = { id: key.id, dsn: key.dsn.public, dateCreated: key.dateCreated };
    await e2e.workspace.run(["config", "set", "existingKeyId", existing.id]);
  });
  after(async () => {
    await e2e?.dispose();
  });

  it("`pulumi import` of a dynamic resource fails (pulumi/pulumi#16175) and changes nothing", async () => {
    await e2e.sandbox.clearRequests();
    const id = `${e2e.sandbox.organization}/${e2e.sandbox.project}/${existing.id}`;
    const result = await e2e.workspace.run(["import", TYPES.clientKey, "adopted", id, "--yes"], {
      allowFailure: true,
    });
    assert.notEqual(result.code, 0);
    // The dynamic-provider host gets a Read without the serialized provider (no `__provider`).
    // Should Pulumi fix this, the test fails here: revisit docs/resources.md ("Adopting").
    assert.match(
      result.stdout,
      /Preview failed: Cannot read properties of undefined \(reading 'toJavaScript'\)/,
    );
    assert.deepEqual(exportedResources(await e2e.workspace.exportState(), TYPES.clientKey), []);
    assert.deepEqual(apiWrites(await e2e.sandbox.requests()), []);
  });

  it("existingKeyId: the first up takes the key over (no new key), and the schedule counts from its creation", async () => {
    await e2e.sandbox.clearRequests();
    await e2e.workspace.up();
    const outputs = await e2e.workspace.outputs();
    assert.equal(outputs.keyId, existing.id);
    assert.equal(outputs.dsn, existing.dsn);
    assert.equal(outputs.createdAt, existing.dateCreated);
    const due = Date.parse(existing.dateCreated) + 90 * 24 * 3600_000;
    assert.equal(outputs.rotateAt, new Date(due).toISOString());
    assert.deepEqual(await keyActivity(e2e.sandbox), { [existing.id]: true });
    assert.ok(
      !apiWrites(await e2e.sandbox.requests()).some((r) => r.method === "POST"),
      "no key was created",
    );
    assert.equal((await sandboxKeys(e2e.sandbox)).length, 1);

    const { json } = await e2e.workspace.preview();
    assert.deepEqual(Object.keys(json.changeSummary), ["same"], "adopted and settled");
  });
});
