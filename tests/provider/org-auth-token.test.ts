import assert from "node:assert/strict";
import {
  createOrgAuthToken,
  deleteOrgAuthToken,
  readOrgAuthToken,
  updateOrgAuthToken,
} from "../../provider/resources/org-auth-token/operations";
import { type OrgAuthTokenInputs } from "../../provider/resources/org-auth-token/types";
import { type ProviderFixture, startProviderFixture } from "../support/provider-fixture";

describe("OrgAuthToken provider against the sandbox", () => {
  let fx: ProviderFixture;
  let inputs: OrgAuthTokenInputs;

  beforeEach(async () => {
    fx = await startProviderFixture();
    inputs = { organization: fx.sandbox.organization, name: "ci uploads", rotateEvery: "30d" };
  });
  afterEach(() => fx.close());

  const activeTokens = async () =>
    (await fx.keysAndTokens()).tokens.filter((t) => !t.dateDeactivated);

  it("creates a token whose value works with Sentry's API, and schedules it", async () => {
    const { id, outs } = await createOrgAuthToken(fx.ctx, inputs);
    assert.equal(id, `${inputs.organization}/${outs.tokenId}`);
    assert.match(outs.token, /^sntrys_/);
    assert.equal(outs.tokenLastCharacters, outs.token.slice(-4));
    assert.deepEqual(outs.scopes, ["org:ci"]);
    const created = new Date(outs.createdAt);
    assert.equal(outs.rotateAt, new Date(created.getTime() + 30 * 86_400_000).toISOString());
    const info = await fetch(`${fx.sandbox.url}/api/0/`, {
      headers: { Authorization: `Bearer ${outs.token}` },
    });
    assert.equal(info.status, 200);
    assert.ok(!fx.logs.join("\n").includes(outs.token), "the token is never logged");
  });

  it("revokes a token whose create response was lost and creates another", async () => {
    await fx.sandbox.addFaults({
      method: "POST",
      path: "org-auth-tokens/$",
      kind: "drop-after-commit",
    });
    const { outs } = await createOrgAuthToken(fx.ctx, inputs);
    const active = await activeTokens();
    assert.deepEqual(
      active.map((t) => t.id),
      [outs.tokenId],
    );
    assert.equal((await fx.keysAndTokens()).tokens.length, 2, "the lost one exists, revoked");
    assert.ok(fx.logs.some((line) => /revoked org auth token .* lost/.test(line)));
  });

  it("reads a token, and drops one revoked out of band", async () => {
    const { id, outs } = await createOrgAuthToken(fx.ctx, inputs);
    const read = await readOrgAuthToken(fx.ctx, id, outs);
    assert.deepEqual(read.props, outs);
    await fx.ctx.client().orgAuthTokens.delete(inputs.organization, outs.tokenId);
    assert.deepEqual(await readOrgAuthToken(fx.ctx, id, outs), { id: "" });
  });

  it("renames in place and keeps the token value", async () => {
    const { id, outs } = await createOrgAuthToken(fx.ctx, inputs);
    const renamed = await updateOrgAuthToken(fx.ctx, id, outs, { ...inputs, name: "ci v2" });
    assert.equal(renamed.name, "ci v2");
    assert.equal(renamed.token, outs.token);
    assert.equal((await activeTokens())[0]?.name, "ci v2");
  });

  it("revokes the token, confirms it, and treats an already revoked token as done", async () => {
    const { id, outs } = await createOrgAuthToken(fx.ctx, inputs);
    await deleteOrgAuthToken(fx.ctx, id);
    assert.deepEqual(await activeTokens(), []);
    const info = await fetch(`${fx.sandbox.url}/api/0/projects/`, {
      headers: { Authorization: `Bearer ${outs.token}` },
    });
    assert.equal(info.status, 401, "a revoked token no longer authenticates");
    await deleteOrgAuthToken(fx.ctx, id);
  });

  it("cannot be created with an org auth token, and says which scope is needed", async () => {
    const { outs } = await createOrgAuthToken(fx.ctx, inputs);
    const err = await createOrgAuthToken(fx.contextWithToken(outs.token), inputs).catch((e) => e);
    assert.match(String(err), /403/);
    assert.match(String((err as { hint?: string }).hint), /org:(read|write).*only have org:ci/);
    assert.ok(!JSON.stringify(err).includes(outs.token));
  });
});

describe("OrgAuthToken provider: creates whose answers are always lost", () => {
  let fx: ProviderFixture;
  beforeEach(async () => {
    fx = await startProviderFixture();
  });
  afterEach(() => fx.close());

  it("revokes every token it may have made, even after its last attempt, and fails clearly", async () => {
    await fx.sandbox.addFaults({
      method: "POST",
      path: "org-auth-tokens/$",
      kind: "drop-after-commit",
      times: -1,
    });
    const inputs = { organization: fx.sandbox.organization, name: "ci uploads" };
    await assert.rejects(createOrgAuthToken(fx.ctx, inputs), /ECONNRESET|socket hang up/);
    const tokens = (await fx.keysAndTokens()).tokens;
    assert.ok(tokens.length >= 1, "the sandbox did make tokens");
    assert.deepEqual(
      tokens.filter((t) => !t.dateDeactivated),
      [],
      "none is left active",
    );
  });
});
