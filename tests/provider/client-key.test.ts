import assert from "node:assert/strict";
import {
  createClientKey,
  deleteClientKey,
  readClientKey,
  updateClientKey,
} from "../../provider/resources/client-key/operations";
import { type ClientKeyInputs } from "../../provider/resources/client-key/types";
import { PartialStateError } from "../../provider/partial-state-error";
import { type ProviderFixture, startProviderFixture } from "../support/provider-fixture";

describe("ClientKey provider against the sandbox", () => {
  let fx: ProviderFixture;
  let inputs: ClientKeyInputs;

  beforeEach(async () => {
    fx = await startProviderFixture();
    inputs = {
      organization: fx.sandbox.organization,
      project: fx.sandbox.project,
      name: "web frontend",
      rotateEvery: "90d",
      isActive: true,
      onReplace: "delete",
    };
  });
  afterEach(() => fx.close());

  const keysInSandbox = () => fx.keys();

  it("creates a key, reads it back, and reports its DSNs and schedule", async () => {
    const { id, outs } = await createClientKey(fx.ctx, inputs);
    assert.equal(id, `${inputs.organization}/${inputs.project}/${outs.keyId}`);
    assert.match(outs.keyId, /^[0-9a-f]{32}$/);
    assert.equal(outs.publicKey, outs.keyId);
    assert.match(outs.secretKey, /^[0-9a-f]{32}$/);
    assert.equal(
      outs.dsnPublic,
      `${fx.sandbox.url.replace("://", `://${outs.keyId}@`)}/${fx.sandbox.projectId}`,
    );
    assert.ok(outs.dsnSecret.includes(`${outs.keyId}:${outs.secretKey}@`));
    assert.match(outs.dsnCsp, new RegExp(`/csp-report/\\?sentry_key=${outs.keyId}$`));
    // No other DSN form unless asked for (dsnForms).
    assert.deepEqual(outs.dsn, {});
    assert.equal(outs.projectId, fx.sandbox.projectId);
    const created = new Date(outs.createdAt);
    assert.equal(outs.rotateAt, new Date(created.getTime() + 90 * 86_400_000).toISOString());
    const keys = await keysInSandbox();
    assert.deepEqual(
      keys.map((k) => [k.public, k.label, k.isActive]),
      [[outs.keyId, "web frontend", true]],
    );
  });

  it("keeps only the DSN forms asked for, and changes them in place (the same key)", async () => {
    const { id, outs } = await createClientKey(fx.ctx, {
      ...inputs,
      dsnForms: ["security", "otlp_traces"],
    });
    assert.deepEqual(Object.keys(outs.dsn).sort(), ["otlp_traces", "security"]);
    assert.match(outs.dsn.security ?? "", new RegExp(`/security/\\?sentry_key=${outs.keyId}$`));
    const all = await updateClientKey(fx.ctx, id, outs, { ...inputs, dsnForms: ["all"] });
    assert.equal(all.keyId, outs.keyId);
    const sentry = (
      await fx.ctx.client().clientKeys.get(inputs.organization, inputs.project, outs.keyId)
    ).dsn;
    const { secret: _secret, public: _public, ...forms } = sentry;
    assert.deepEqual(all.dsn, forms, "every form but the secret and public DSN");
    assert.ok(!JSON.stringify(all.dsn).includes(outs.secretKey), "no form carries the secret");
    const none = await updateClientKey(fx.ctx, id, all, { ...inputs, dsnForms: [] });
    assert.deepEqual(none.dsn, {});
  });

  it("applies what Sentry does not take on create: inactive, loader version and options", async () => {
    const { outs } = await createClientKey(fx.ctx, {
      ...inputs,
      isActive: false,
      browserSdkVersion: "latest",
      dynamicSdkLoaderOptions: { hasReplay: true },
      rateLimit: { window: 60, count: 100 },
    });
    assert.equal(outs.isActive, false);
    assert.equal(outs.currentBrowserSdkVersion, "latest");
    const [key] = await keysInSandbox();
    assert.equal(key?.isActive, false);
    assert.equal(key?.browserSdkVersion, "latest");
    assert.equal(key?.dynamicSdkLoaderOptions.hasReplay, true);
    assert.deepEqual(key?.rateLimit, { window: 60, count: 100 });
  });

  it("recognises a create whose response was lost and makes no duplicate", async () => {
    await fx.sandbox.addFaults({ method: "POST", path: "/keys/$", kind: "drop-after-commit" });
    const { outs } = await createClientKey(fx.ctx, inputs);
    const keys = await keysInSandbox();
    assert.deepEqual(
      keys.map((k) => k.public),
      [outs.keyId],
    );
  });

  it("keeps a created key in state when finishing it fails, so nothing is orphaned", async () => {
    await fx.sandbox.addFaults({
      method: "PUT",
      path: "/keys/",
      kind: "status",
      status: 400,
      body: { detail: "nope" },
    });
    const err = await createClientKey(fx.ctx, { ...inputs, isActive: false }).catch((e) => e);
    assert.ok(err instanceof PartialStateError, String(err));
    const [key] = await keysInSandbox();
    assert.equal(err.id, `${inputs.organization}/${inputs.project}/${key?.public}`);
    assert.equal(err.properties.keyId, key?.public);
    assert.match(err.message, /next `pulumi up` finishes the job/);
  });

  it("reads a key for refresh, and drops one deleted out of band", async () => {
    const { id, outs } = await createClientKey(fx.ctx, inputs);
    const read = await readClientKey(fx.ctx, id, outs);
    assert.equal(read.id, id);
    assert.deepEqual(read.props, outs);
    const { client } = { client: fx.ctx.client() };
    await client.clientKeys.delete(inputs.organization, inputs.project, outs.keyId);
    assert.deepEqual(await readClientKey(fx.ctx, id, outs), { id: "" });
    assert.ok(fx.logs.some((line) => /no longer exists.*dropping it from state/.test(line)));
  });

  it("shows a key deactivated out of band as drift", async () => {
    const { id, outs } = await createClientKey(fx.ctx, inputs);
    await fx.ctx
      .client()
      .clientKeys.update(inputs.organization, inputs.project, outs.keyId, { isActive: false });
    const read = await readClientKey(fx.ctx, id, outs);
    assert.equal(read.props?.isActive, false);
    assert.equal(read.inputs?.isActive, false);
    assert.equal(read.props?.rotateEvery, "90d", "the schedule survives a refresh");
    assert.equal(read.props?.createdAt, outs.createdAt);
  });

  it("adopts an existing key by id (the import path)", async () => {
    const existing = await fx.ctx
      .client()
      .clientKeys.create(inputs.organization, inputs.project, { name: "legacy" });
    const { id, outs } = await createClientKey(fx.ctx, { ...inputs, existingKeyId: existing.id });
    assert.equal(outs.keyId, existing.id);
    assert.equal(id, `${inputs.organization}/${inputs.project}/${existing.id}`);
    assert.equal((await keysInSandbox()).length, 1);
    const missing = await createClientKey(fx.ctx, {
      ...inputs,
      existingKeyId: "0".repeat(32),
    }).catch((e) => e);
    assert.match(String(missing), /existingKeyId: no key 0{32}/);
  });

  it("updates in place without resetting the loader version", async () => {
    const { id, outs } = await createClientKey(fx.ctx, { ...inputs, browserSdkVersion: "latest" });
    const renamed = await updateClientKey(fx.ctx, id, outs, { ...inputs, name: "renamed" });
    assert.equal(renamed.name, "renamed");
    assert.equal(renamed.currentBrowserSdkVersion, "latest");
    const [key] = await keysInSandbox();
    assert.equal(key?.label, "renamed");
    assert.equal(key?.browserSdkVersion, "latest");
    const limited = await updateClientKey(fx.ctx, id, renamed, {
      ...inputs,
      name: "renamed",
      rateLimit: { window: 10, count: 5 },
    });
    assert.deepEqual(limited.rateLimit, { window: 10, count: 5 });
    const cleared = await updateClientKey(fx.ctx, id, limited, { ...inputs, name: "renamed" });
    assert.equal(cleared.rateLimit, undefined);
    assert.equal((await keysInSandbox())[0]?.rateLimit, null);
  });

  it("deletes a key and confirms it is gone; a key already gone counts as done", async () => {
    const { id, outs } = await createClientKey(fx.ctx, inputs);
    await deleteClientKey(fx.ctx, id, outs);
    assert.deepEqual(await keysInSandbox(), []);
    await deleteClientKey(fx.ctx, id, outs);
    const deletes = (await fx.sandbox.requests()).filter((r) => r.method === "DELETE");
    assert.deepEqual(
      deletes.map((r) => r.status),
      [204, 404],
    );
  });

  it("deactivates instead of deleting with onReplace: deactivate", async () => {
    const { id, outs } = await createClientKey(fx.ctx, { ...inputs, onReplace: "deactivate" });
    await deleteClientKey(fx.ctx, id, outs);
    const [key] = await keysInSandbox();
    assert.equal(key?.isActive, false);
  });

  it("retries a 5xx storm during delete, and fails clearly when it outlasts the retries", async () => {
    const { id, outs } = await createClientKey(fx.ctx, inputs);
    await fx.sandbox.addFaults({ method: "DELETE", kind: "status", status: 503, times: 2 });
    await deleteClientKey(fx.ctx, id, outs);
    assert.deepEqual(await keysInSandbox(), []);

    const second = await createClientKey(fx.ctx, inputs);
    await fx.sandbox.addFaults({ method: "DELETE", kind: "status", status: 503, times: -1 });
    const err = await deleteClientKey(fx.ctx, second.id, second.outs).catch((e) => e);
    assert.match(String(err), /DELETE .*503/);
    await fx.sandbox.clearFaults();
    await deleteClientKey(fx.ctx, second.id, second.outs);
    assert.deepEqual(await keysInSandbox(), []);
  });

  it("waits out a 429 and succeeds", async () => {
    await fx.sandbox.addFaults({ method: "POST", kind: "rate-limit" });
    const { outs } = await createClientKey(fx.ctx, inputs);
    assert.equal((await keysInSandbox()).length, 1);
    assert.equal((await keysInSandbox())[0]?.public, outs.keyId);
  });

  it("explains 401 and 403 without printing the token", async () => {
    const bad = fx.contextWithToken("sntryu_" + "0".repeat(64));
    const unauthorized = await createClientKey(bad, inputs).catch((e) => e);
    assert.match(String(unauthorized), /401/);
    assert.ok(!String(unauthorized).includes("0".repeat(64)));

    const limitedToken = await fx.sandbox.mintToken(["project:read", "project:write"]);
    const { id, outs } = await createClientKey(fx.contextWithToken(limitedToken), inputs);
    const forbidden = await deleteClientKey(fx.contextWithToken(limitedToken), id, outs).catch(
      (e) => e,
    );
    assert.match(String(forbidden), /403/);
    assert.match(String((forbidden as { hint?: string }).hint ?? forbidden), /project:admin/);
    for (const text of [String(forbidden), JSON.stringify(forbidden), forbidden.stack ?? ""]) {
      assert.ok(!text.includes(limitedToken), "the token never appears");
    }
  });

  it("names the missing token setting", async () => {
    const none = fx.contextWithToken("");
    await assert.rejects(
      createClientKey(none, inputs),
      /sentry-rotation:authToken.*SENTRY_AUTH_TOKEN/,
    );
  });
});
