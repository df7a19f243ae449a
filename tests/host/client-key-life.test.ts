import assert from "node:assert/strict";
import { ClientKey } from "../../provider/resources/client-key/resource";
import { ensureBuilt } from "../../testkit/dist";
import { captureProvider, type CapturedDynamicResource } from "../../testkit/capture-provider";
import { type ClientTestSandbox, startClientSandbox } from "../support/client-sandbox";
import {
  type ProviderHost,
  startProviderHost,
  engineStep,
  type Props,
} from "../../testkit/provider-host";

/**
 * A ClientKey's whole life through the real dynamic-provider host over gRPC, in the order the
 * engine calls it: each `pulumi up` is a fresh host process, as it is under the engine.
 */
describe("ClientKey through the real dynamic-provider host", function () {
  this.timeout(120_000);
  let sandbox: ClientTestSandbox;
  let captured: CapturedDynamicResource;
  const hosts: ProviderHost[] = [];

  before(async function () {
    ensureBuilt();
    sandbox = await startClientSandbox();
    // A CI job's environment holds the token; it must still never reach the serialized provider.
    process.env.SENTRY_AUTH_TOKEN = sandbox.token;
    try {
      captured = await captureProvider(
        () =>
          new ClientKey("web", {
            organization: sandbox.organization,
            project: sandbox.project,
            name: "web frontend",
            rotateEvery: "90d",
          }),
      );
    } finally {
      delete process.env.SENTRY_AUTH_TOKEN;
    }
  });
  after(async () => {
    await Promise.all(hosts.map((h) => h.stop()));
    await sandbox.close();
  });

  // One `pulumi up`: a host configured from stack config, with the clock the run sees.
  async function up(now?: string): Promise<ProviderHost> {
    const host = await startProviderHost({
      provider: captured.provider,
      env: { SENTRY_ROTATION_NOW: now, SENTRY_AUTH_TOKEN: undefined },
    });
    hosts.push(host);
    await host.configure(
      { "sentry-rotation:authToken": sandbox.token, "sentry-rotation:url": sandbox.url },
      { secretKeys: ["sentry-rotation:authToken"] },
    );
    return host;
  }

  const keys = async () =>
    ((await sandbox.state()).clientKeys as Array<{ public: string; isActive: boolean }>).map(
      (k) => [k.public, k.isActive],
    );

  it("lives a full life: create, no-op, update, rotate, refresh after out-of-band deletion", async () => {
    assert.ok(!captured.provider.includes(sandbox.token), "__provider holds no token");
    assert.ok(captured.provider.includes("pulumi-sentry-rotation/provider"));
    assert.equal(captured.type, "pulumi-nodejs:dynamic/sentry:ClientKey");

    // First up: check, then create.
    const first = await up();
    const checked = await first.check(captured.urn, {}, captured.inputs);
    assert.deepEqual(checked.failures, []);
    const created = await first.create(captured.urn, checked.inputs);
    const oldKeyId = String(created.outputs.keyId);
    assert.deepEqual(await keys(), [[oldKeyId, true]]);
    await first.stop();

    // Second up, nothing changed: the diff is empty and makes no API call.
    const second = await up();
    await sandbox.clearRequests();
    const same = await second.diff(created.id, captured.urn, created.state, checked.inputs);
    assert.equal(engineStep(same, checked.inputs, checked.inputs), "same");
    assert.deepEqual(await sandbox.requests(), [], "diff is offline");

    // Rename: an in-place update.
    const renamedInputs: Props = { ...checked.inputs, name: "web (renamed)" };
    const rename = await second.diff(created.id, captured.urn, created.state, renamedInputs);
    assert.equal(engineStep(rename, checked.inputs, renamedInputs), "update");
    const updated = await second.update(created.id, captured.urn, created.state, renamedInputs);
    assert.equal(updated.outputs.name, "web (renamed)");
    assert.equal(updated.outputs.keyId, oldKeyId);
    await second.stop();

    // 91 days later: the key is due, the engine replaces it (create new, then delete old).
    const later = await up("+91d");
    const due = await later.diff(created.id, captured.urn, updated.state, renamedInputs);
    assert.deepEqual(due.replaces, ["rotateAt"]);
    assert.equal(engineStep(due, renamedInputs, renamedInputs), "replace");
    assert.match(later.output().stdout, /rotation due: rotateAt .* has passed/);
    await sandbox.clearRequests();
    const recheck = await later.check(captured.urn, {}, renamedInputs);
    const replacement = await later.create(captured.urn, recheck.inputs);
    const newKeyId = String(replacement.outputs.keyId);
    assert.notEqual(newKeyId, oldKeyId);
    // Delete-replaced runs with the OLD state, and so the closure stored in it.
    await later.delete(created.id, captured.urn, updated.state);
    assert.deepEqual(await keys(), [[newKeyId, true]]);
    const order = (await sandbox.requests())
      .filter((r) => r.method === "POST" || r.method === "DELETE")
      .map((r) => r.method);
    assert.deepEqual(order, ["POST", "DELETE"], "the new key exists before the old one goes");
    await later.stop();

    // Refresh after the key was deleted behind Pulumi's back: it leaves the state.
    await fetch(
      `${sandbox.url}/api/0/projects/${sandbox.organization}/${sandbox.project}/keys/${newKeyId}/`,
      { method: "DELETE", headers: { Authorization: `Bearer ${sandbox.token}` } },
    );
    const refresh = await up("+91d");
    const read = await refresh.read(replacement.id, captured.urn, replacement.state);
    assert.equal(read.id, "");

    // Nothing secret in anything the hosts printed.
    const printed = hosts.map((h) => JSON.stringify(h.output())).join("\n");
    for (const secret of [
      sandbox.token,
      String(created.outputs.secretKey),
      String(replacement.outputs.secretKey),
      String(replacement.outputs.dsnSecret),
    ]) {
      assert.ok(!printed.includes(secret), "a secret reached the host output");
    }
  });

  it("rejects bad inputs at check time, naming each field", async () => {
    const host = await up();
    const { failures } = await host.check(
      captured.urn,
      {},
      {
        ...captured.inputs,
        rotateEvery: "weekly",
        project: "Not A Slug",
      },
    );
    assert.deepEqual(
      failures.map((f) => f.property),
      ["project", "rotateEvery"],
    );
  });

  it("reads a key made outside Pulumi by its org/project/keyId id, as an import would", async () => {
    const made = await fetch(
      `${sandbox.url}/api/0/projects/${sandbox.organization}/${sandbox.project}/keys/`,
      {
        method: "POST",
        headers: { Authorization: `Bearer ${sandbox.token}`, "Content-Type": "application/json" },
        body: JSON.stringify({ name: "made by hand" }),
      },
    ).then((r) => r.json() as Promise<{ id: string }>);
    const host = await up();
    const id = `${sandbox.organization}/${sandbox.project}/${made.id}`;
    const read = await host.read(id, captured.urn, { __provider: captured.provider });
    assert.equal(read.id, id);
    assert.equal(read.outputs.keyId, made.id);
    assert.equal(read.outputs.name, "made by hand");
    assert.equal(read.inputs?.project, sandbox.project);
    assert.match(String(read.outputs.dsnPublic), new RegExp(made.id));
    const bad = await host
      .read("not-an-id", captured.urn, { __provider: captured.provider })
      .catch((e) => e);
    assert.match(String(bad), /expected "<organization>\/<project>\/<keyId>"/);
  });
});
