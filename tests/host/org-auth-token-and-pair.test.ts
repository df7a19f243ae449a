import assert from "node:assert/strict";
import { ClientKeyPair } from "../../provider/resources/client-key-pair/resource";
import { OrgAuthToken } from "../../provider/resources/org-auth-token/resource";
import { ensureBuilt } from "../../testkit/dist";
import { captureProvider, type CapturedDynamicResource } from "../../testkit/capture-provider";
import { type ClientTestSandbox, startClientSandbox } from "../support/client-sandbox";
import { engineStep, type ProviderHost, startProviderHost } from "../../testkit/provider-host";

describe("OrgAuthToken and ClientKeyPair through the real dynamic-provider host", function () {
  this.timeout(120_000);
  let sandbox: ClientTestSandbox;
  const hosts: ProviderHost[] = [];

  before(async () => {
    ensureBuilt();
    sandbox = await startClientSandbox();
  });
  after(async () => {
    await Promise.all(hosts.map((h) => h.stop()));
    await sandbox.close();
  });

  async function up(captured: CapturedDynamicResource, now?: string): Promise<ProviderHost> {
    const host = await startProviderHost({
      provider: captured.provider,
      env: { SENTRY_ROTATION_NOW: now },
    });
    hosts.push(host);
    await host.configure({
      "sentry-rotation:authToken": sandbox.token,
      "sentry-rotation:url": sandbox.url,
      "sentry-rotation:organization": sandbox.organization,
    });
    return host;
  }

  it("creates an org auth token with its organization from config, and rotates it when due", async () => {
    const captured = await captureProvider(
      () => new OrgAuthToken("ci", { name: "ci uploads", rotateEvery: "30d" }),
    );
    const host = await up(captured);
    const { inputs, failures } = await host.check(captured.urn, {}, captured.inputs);
    assert.deepEqual(failures, []);
    assert.equal(inputs.organization, sandbox.organization);
    const created = await host.create(captured.urn, inputs);
    assert.match(String(created.outputs.token), /^sntrys_/);

    const later = await up(captured, "+31d");
    const due = await later.diff(created.id, captured.urn, created.state, inputs);
    assert.equal(engineStep(due, inputs, inputs), "replace");
    const next = await later.create(captured.urn, inputs);
    await later.delete(created.id, captured.urn, created.state);
    const active = (
      (await sandbox.state()).orgAuthTokens as Array<{
        id: string;
        dateDeactivated: string | null;
      }>
    ).filter((t) => !t.dateDeactivated);
    assert.deepEqual(
      active.map((t) => t.id),
      [next.outputs.tokenId],
    );
    const printed = hosts.map((h) => JSON.stringify(h.output())).join("\n");
    assert.ok(!printed.includes(String(created.outputs.token)));
    assert.ok(!printed.includes(String(next.outputs.token)));
  });

  it("keeps the previous key valid for the overlap, then deactivates it, then deletes it", async () => {
    const captured = await captureProvider(
      () =>
        new ClientKeyPair("web", {
          project: sandbox.project,
          name: "web",
          rotateEvery: "30d",
          overlap: "7d",
        }),
    );
    const keyState = async () =>
      Object.fromEntries(
        ((await sandbox.state()).clientKeys as Array<{ public: string; isActive: boolean }>).map(
          (k) => [k.public, k.isActive],
        ),
      );
    const first = await up(captured);
    const { inputs } = await first.check(captured.urn, {}, captured.inputs);
    const created = await first.create(captured.urn, inputs);
    const key1 = (created.outputs.current as { keyId: string }).keyId;

    // Day 31: rotation in place; key 1 stays active as previous.
    const rotation = await up(captured, "+31d");
    const rotate = await rotation.diff(created.id, captured.urn, created.state, inputs);
    assert.equal(engineStep(rotate, inputs, inputs), "update");
    const rotated = await rotation.update(created.id, captured.urn, created.state, inputs);
    const key2 = (rotated.outputs.current as { keyId: string }).keyId;
    assert.equal((rotated.outputs.previous as { keyId: string }).keyId, key1);
    assert.deepEqual(await keyState(), { [key1]: true, [key2]: true });

    // The sandbox stamps keys with the real time, so each step's clock counts from key 2's creation.
    // 8 days later: overlap over, key 1 deactivated (not deleted: it can be re-enabled in an emergency).
    const overlapOver = await up(captured, "+8d");
    const deactivate = await overlapOver.diff(created.id, captured.urn, rotated.state, inputs);
    assert.equal(engineStep(deactivate, inputs, inputs), "update");
    const deactivated = await overlapOver.update(created.id, captured.urn, rotated.state, inputs);
    assert.deepEqual(await keyState(), { [key1]: false, [key2]: true });

    // 31 days after key 2: next rotation, key 1 deleted, key 2 previous, key 3 current.
    const next = await up(captured, "+31d");
    const third = await next.update(created.id, captured.urn, deactivated.state, inputs);
    const key3 = (third.outputs.current as { keyId: string }).keyId;
    assert.deepEqual(await keyState(), { [key2]: true, [key3]: true });
    assert.deepEqual(third.outputs.retiring, []);

    // Destroy removes both.
    await next.delete(created.id, captured.urn, third.state);
    assert.deepEqual(await keyState(), {});
  });
});
