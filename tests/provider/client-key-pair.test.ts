import assert from "node:assert/strict";
import {
  createClientKeyPair,
  deleteClientKeyPair,
  updateClientKeyPair,
} from "../../provider/resources/client-key-pair/operations";
import { type ProviderFixture, startProviderFixture } from "../support/provider-fixture";

describe("ClientKeyPair provider against the sandbox", () => {
  let fx: ProviderFixture;
  beforeEach(async () => {
    fx = await startProviderFixture();
  });
  afterEach(() => fx.close());

  it("adopts an existing key as its current key, then removes it on destroy", async () => {
    const existing = await fx.ctx
      .client()
      .clientKeys.create(fx.sandbox.organization, fx.sandbox.project, { name: "legacy" });
    const inputs = {
      organization: fx.sandbox.organization,
      project: fx.sandbox.project,
      name: "legacy",
      rotateEvery: "30d",
      overlap: "7d",
      isActive: true,
      onReplace: "delete" as const,
      existingKeyId: existing.id,
    };
    const { id, outs } = await createClientKeyPair(fx.ctx, inputs);
    assert.equal(outs.current.keyId, existing.id);
    assert.equal(outs.current.createdAt, existing.dateCreated);
    assert.deepEqual(
      (await fx.keys()).map((k) => k.id),
      [existing.id],
      "no new key was made",
    );
    await deleteClientKeyPair(fx.ctx, id, outs);
    assert.deepEqual(await fx.keys(), []);
  });

  it("keeps only the DSN forms asked for, for the current key, and changes them in place", async () => {
    const inputs = {
      organization: fx.sandbox.organization,
      project: fx.sandbox.project,
      name: "web",
      rotateEvery: "30d",
      overlap: "7d",
      isActive: true,
      onReplace: "delete" as const,
    };
    const { id, outs } = await createClientKeyPair(fx.ctx, inputs);
    assert.deepEqual(outs.current.dsn, {}, "no DSN form unless asked for");
    const withCdn = await updateClientKeyPair(fx.ctx, id, outs, { ...inputs, dsnForms: ["cdn"] });
    assert.equal(withCdn.current.keyId, outs.current.keyId, "the same key");
    assert.deepEqual(Object.keys(withCdn.current.dsn), ["cdn"]);
    assert.match(withCdn.current.dsn.cdn ?? "", new RegExp(`${outs.current.keyId}\\.min\\.js$`));
    await deleteClientKeyPair(fx.ctx, id, withCdn);
  });
});
