import assert from "node:assert/strict";
import { type SentryApiError } from "../../provider/sentry";
import { fastClient, startClientSandbox, type ClientTestSandbox } from "../support/client-sandbox";

describe("sentry client: org auth tokens and auth info over HTTP", () => {
  let sandbox: ClientTestSandbox;
  before(async () => (sandbox = await startClientSandbox()));
  after(() => sandbox?.close());

  it("creates a token (value shown once), lists, renames, reads and deletes it", async () => {
    const { client } = fastClient(sandbox);
    const org = sandbox.organization;
    const created = await client.orgAuthTokens.create(org, { name: "ci-2026-11" });
    assert.match(created.token, /^sntrys_/);
    assert.deepEqual(created.scopes, ["org:ci"]);

    const listed = await client.orgAuthTokens.list(org);
    const entry = listed.find((t) => t.id === created.id);
    assert.ok(entry, "listed");
    assert.equal((entry as { token?: string }).token, undefined, "never readable again");

    await client.orgAuthTokens.update(org, created.id, { name: "ci-renamed" });
    assert.equal((await client.orgAuthTokens.get(org, created.id)).name, "ci-renamed");

    await client.orgAuthTokens.delete(org, created.id);
    assert.ok(!(await client.orgAuthTokens.list(org)).some((t) => t.id === created.id));
    await assert.rejects(
      client.orgAuthTokens.get(org, created.id),
      (err: SentryApiError) => err.status === 404,
    );
  });

  it("a deleted org token stops working (401 with a hint naming the settings)", async () => {
    const { client } = fastClient(sandbox);
    const created = await client.orgAuthTokens.create(sandbox.organization, {
      name: "short-lived",
    });
    const { client: asOrgToken } = fastClient({ url: sandbox.url, token: created.token });
    assert.ok((await asOrgToken.authInfo()).auth?.scopes.includes("org:ci"));
    await client.orgAuthTokens.delete(sandbox.organization, created.id);
    await assert.rejects(
      asOrgToken.clientKeys.listAll(sandbox.organization, sandbox.project),
      (err: SentryApiError) => {
        assert.equal(err.status, 401);
        assert.equal(err.attempts, 1);
        assert.match(err.hint!, /SENTRY_AUTH_TOKEN or the sentry-rotation:authToken config/);
        assert.ok(!err.message.includes(created.token));
        return true;
      },
    );
  });

  it("an org token (org:ci) cannot manage keys: 403 names the scope", async () => {
    const { client } = fastClient(sandbox);
    const created = await client.orgAuthTokens.create(sandbox.organization, { name: "ci-only" });
    const { client: asOrgToken } = fastClient({ url: sandbox.url, token: created.token });
    await assert.rejects(
      asOrgToken.clientKeys.create(sandbox.organization, sandbox.project, { name: "x" }),
      (err: SentryApiError) => {
        assert.equal(err.status, 403);
        assert.match(err.hint!, /lacks the scope project:write needed for creating a client key/);
        assert.equal(err.maybeCommitted, false);
        return true;
      },
    );
  });

  it("reads auth info: scopes of the token", async () => {
    const { client } = fastClient(sandbox);
    const info = await client.authInfo();
    assert.ok(info.auth?.scopes.includes("project:admin"));
    assert.ok(info.user);
  });

  it("checks the token name before sending", async () => {
    const { client } = fastClient(sandbox);
    await sandbox.clearRequests();
    await assert.rejects(
      client.orgAuthTokens.create(sandbox.organization, { name: " " }),
      /^InputError: name: must be a non-blank string, got " "/,
    );
    await assert.rejects(
      client.orgAuthTokens.create(sandbox.organization, { name: "n".repeat(256) }),
      /Sentry allows at most 255/,
    );
    assert.deepEqual(await sandbox.requests(), []);
  });
});
