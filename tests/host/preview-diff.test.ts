/**
 * The detailed diff reaches the engine through the real dynamic-provider host, which by itself
 * drops it: the bridge (provider/runtime/detailed-diff-bridge.ts) hands it over on the wire.
 */
import assert from "node:assert/strict";
import { ClientKey } from "../../provider/resources/client-key/resource";
import { ensureBuilt } from "../../testkit/dist";
import { captureProvider } from "../../testkit/capture-provider";
import { engineStep, type ProviderHost, startProviderHost } from "../../testkit/provider-host";
import { type ClientTestSandbox, startClientSandbox } from "../support/client-sandbox";

describe("preview detail through the real dynamic-provider host", function () {
  this.timeout(120_000);
  let sandbox: ClientTestSandbox;
  const hosts: ProviderHost[] = [];

  before(async () => {
    ensureBuilt();
    sandbox = await startClientSandbox();
  });
  after(async () => {
    await Promise.all(hosts.map((h) => h.stop()));
    await sandbox?.close();
  });

  async function host(provider: string, now?: string): Promise<ProviderHost> {
    const started = await startProviderHost({ provider, env: { SENTRY_ROTATION_NOW: now } });
    hosts.push(started);
    await started.configure({
      "sentry-rotation:authToken": sandbox.token,
      "sentry-rotation:url": sandbox.url,
      "sentry-rotation:organization": sandbox.organization,
    });
    return started;
  }

  it("a due key's diff carries the changed outputs and the story; an unchanged one carries none", async () => {
    const captured = await captureProvider(
      () => new ClientKey("web", { project: sandbox.project, name: "web", rotateEvery: "90d" }),
    );
    const first = await host(captured.provider);
    const { inputs } = await first.check(captured.urn, {}, captured.inputs);
    const created = await first.create(captured.urn, inputs);
    const keyId = String(created.outputs.keyId);

    const same = await first.diff(created.id, captured.urn, created.state, inputs);
    assert.equal(engineStep(same, inputs, inputs), "same");
    assert.equal(same.detailedDiff, undefined);

    const renamed = await first.diff(created.id, captured.urn, created.state, {
      ...inputs,
      name: "web 2",
    });
    assert.deepEqual(renamed.detailedDiff, { name: { kind: "UPDATE", inputDiff: true } });

    const due = await (
      await host(captured.provider, "+91d")
    ).diff(created.id, captured.urn, created.state, inputs);
    assert.equal(engineStep(due, inputs, inputs), "replace");
    const paths = Object.keys(due.detailedDiff ?? {});
    assert.deepEqual(due.detailedDiff?.keyId, { kind: "UPDATE_REPLACE", inputDiff: false });
    assert.ok(
      paths.some((p) => /^rotation\["because: due since .* \(rotateEvery 90d\)"\]$/.test(p)),
      paths.join("\n"),
    );
    assert.ok(paths.includes(`rotation["step 2: key ${keyId} is then deleted"]`), paths.join("\n"));
  });
});
