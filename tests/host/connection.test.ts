/**
 * A resource's own `connection` through the real dynamic-provider host: the host is configured
 * for sandbox A (the stack's Sentry), the resources name sandbox B, and every call they make
 * reaches B with B's token, from check (organization default) to delete.
 */
import assert from "node:assert/strict";
import { ClientKey } from "../../provider/resources/client-key/resource";
import { OrgAuthToken } from "../../provider/resources/org-auth-token/resource";
import { ensureBuilt } from "../../testkit/dist";
import { captureProvider } from "../../testkit/capture-provider";
import { engineStep, type ProviderHost, startProviderHost } from "../../testkit/provider-host";
import { type ClientTestSandbox, startClientSandbox } from "../support/client-sandbox";
import { apiWrites } from "../support/e2e-setup";

describe("a resource's own connection through the real dynamic-provider host", function () {
  this.timeout(120_000);
  let stackSentry: ClientTestSandbox;
  let other: ClientTestSandbox;
  const hosts: ProviderHost[] = [];

  before(async () => {
    ensureBuilt();
    stackSentry = await startClientSandbox();
    other = await startClientSandbox({
      organization: "other-org",
      project: "other-web",
    });
  });
  after(async () => {
    await Promise.all(hosts.map((h) => h.stop()));
    await Promise.all([stackSentry?.close(), other?.close()]);
  });

  async function host(provider: string, now?: string): Promise<ProviderHost> {
    const started = await startProviderHost({ provider, env: { SENTRY_ROTATION_NOW: now } });
    hosts.push(started);
    await started.configure({
      "sentry-rotation:authToken": stackSentry.token,
      "sentry-rotation:url": stackSentry.url,
      "sentry-rotation:organization": stackSentry.organization,
    });
    return started;
  }

  it("a client key lives, rotates and is deleted in its connection's Sentry, never the stack's", async () => {
    const connection = { url: other.url, organization: other.organization, authToken: other.token };
    const captured = await captureProvider(
      () =>
        new ClientKey("web-b", {
          project: other.project,
          name: "web b",
          rotateEvery: "30d",
          connection,
        }),
    );
    assert.ok(captured.secretInputs.includes("connection"), "the connection input is a secret");
    const first = await host(captured.provider);
    const { inputs, failures } = await first.check(captured.urn, {}, captured.inputs);
    assert.deepEqual(failures, []);
    assert.equal(inputs.organization, other.organization, "organization from the connection");
    const created = await first.create(captured.urn, inputs);
    assert.deepEqual(
      (await other.keys()).map((k) => k.public),
      [created.outputs.keyId],
    );

    const later = await host(captured.provider, "+31d");
    const due = await later.diff(created.id, captured.urn, created.state, inputs);
    assert.equal(engineStep(due, inputs, inputs), "replace");
    const next = await later.create(captured.urn, inputs);
    await later.delete(created.id, captured.urn, created.state);
    assert.deepEqual(
      (await other.keys()).map((k) => k.public),
      [next.outputs.keyId],
    );

    // A new token for the same Sentry is stored in place, no new key (the clock of a fresh key).
    const renewed = { ...inputs, connection: { ...connection, authToken: other.token + "-2" } };
    assert.equal(
      engineStep(await first.diff(next.id, captured.urn, next.state, renewed), inputs, renewed),
      "update",
    );

    await later.delete(next.id, captured.urn, next.state);
    assert.deepEqual(await other.keys(), []);
    assert.deepEqual(
      apiWrites(await stackSentry.requests()),
      [],
      "the stack's Sentry was never written to",
    );
    assert.deepEqual(await stackSentry.keys(), [], "nor holds any key");
    const printed = hosts.map((h) => JSON.stringify(h.output())).join("\n");
    assert.ok(!printed.includes(other.token), "the connection's token was printed");
  });

  it("an org auth token is made and revoked with its connection's token", async () => {
    const connection = { url: other.url, authToken: other.token };
    const captured = await captureProvider(
      () =>
        new OrgAuthToken("ci-b", { organization: other.organization, name: "ci b", connection }),
    );
    const first = await host(captured.provider);
    const { inputs, failures } = await first.check(captured.urn, {}, captured.inputs);
    assert.deepEqual(failures, []);
    const created = await first.create(captured.urn, inputs);
    const live = async (sandbox: ClientTestSandbox) =>
      (await sandbox.state()).orgAuthTokens
        .filter((t) => t.dateDeactivated === null)
        .map((t) => t.id);
    assert.deepEqual(await live(other), [created.outputs.tokenId]);
    await first.delete(created.id, captured.urn, created.state);
    assert.deepEqual(await live(other), []);
    assert.deepEqual(apiWrites(await stackSentry.requests()), []);
  });

  it("check names the connection field and the fix, without printing the token", async () => {
    const token = "sntrys_never-printed-0123456789";
    const captured = await captureProvider(
      () =>
        new ClientKey("bad", {
          organization: "b",
          project: "web",
          name: "web",
          connection: { url: "sentry.io", authToken: token },
        }),
    );
    const checker = await host(captured.provider);
    const { failures } = await checker.check(captured.urn, {}, captured.inputs);
    assert.deepEqual(
      failures.map((f) => f.property),
      ["connection"],
    );
    assert.match(failures[0]!.reason, /connection: url "sentry.io" is not an http\(s\) URL/);
    assert.ok(!JSON.stringify(failures).includes(token));
  });
});
