import assert from "node:assert/strict";
import { type SentryApiError, type ProjectKey } from "../../provider/sentry";
import {
  fastClient,
  matching,
  startClientSandbox,
  type ClientTestSandbox,
} from "../support/client-sandbox";

describe("sentry client: client keys over HTTP", () => {
  let sandbox: ClientTestSandbox;
  let org: string;
  let project: string;

  before(async () => {
    sandbox = await startClientSandbox();
    org = sandbox.organization;
    project = sandbox.project;
  });
  after(() => sandbox?.close());

  it("creates, reads, updates and deletes a key", async () => {
    const { client } = fastClient(sandbox);
    const created = await client.clientKeys.create(org, project, { name: "crud" });
    assert.match(created.id, /^[0-9a-f]{32}$/);
    assert.equal(created.name, "crud");
    assert.equal(created.projectId, sandbox.projectId);
    assert.ok(created.dsn.public.startsWith("http://"));

    const read = await client.clientKeys.get(org, project, created.id);
    assert.equal(read.id, created.id);

    const disabled = await client.clientKeys.update(org, project, created.id, { isActive: false });
    assert.equal(disabled.isActive, false);

    await client.clientKeys.delete(org, project, created.id);
    await assert.rejects(client.clientKeys.get(org, project, created.id), (err: SentryApiError) => {
      return (
        err.status === 404 && err.attempts === 1 && /check the organization slug/.test(err.hint!)
      );
    });
  });

  it('pages through 25 keys, 10 per page, until results="false"', async () => {
    const other = await startClientSandbox();
    try {
      const { client } = fastClient(other);
      const made: ProjectKey[] = [];
      for (let i = 0; i < 25; i++) {
        made.push(
          await client.clientKeys.create(other.organization, other.project, { name: `k${i}` }),
        );
      }
      await other.clearRequests();
      const seen: string[] = [];
      for await (const key of client.clientKeys.list(other.organization, other.project, {
        perPage: 10,
      })) {
        seen.push(key.id);
      }
      const expected = new Set([...made.map((k) => k.id)]);
      // The seeded project may hold a default key besides ours.
      assert.ok(seen.length >= 25 && seen.length <= 26, `got ${seen.length}`);
      assert.equal(new Set(seen).size, seen.length, "no key twice");
      for (const id of expected) assert.ok(seen.includes(id), `missing ${id}`);
      const pages = matching(await other.requests(), "GET", /\/keys\/$/);
      assert.equal(pages.length, 3, "3 pages of 10 (the last one short), then stop");

      const all = await client.clientKeys.listAll(other.organization, other.project, {
        perPage: 100,
      });
      assert.equal(all.length, seen.length);
      const newestFirst = made.map((k) => k.id).reverse();
      assert.deepEqual(
        all.map((k) => k.id).filter((id) => expected.has(id)),
        newestFirst,
        "newest first",
      );
    } finally {
      await other.close();
    }
  });

  it("filters by status, also in the organization-wide list", async () => {
    const { client } = fastClient(sandbox);
    const off = await client.clientKeys.create(org, project, { name: "filter-off" });
    await client.clientKeys.update(org, project, off.id, { isActive: false });
    const on = await client.clientKeys.create(org, project, { name: "filter-on" });

    const inactive = await client.clientKeys.listAll(org, project, { status: "inactive" });
    assert.ok(inactive.some((k) => k.id === off.id));
    assert.ok(inactive.every((k) => !k.isActive));
    const active = await client.clientKeys.listAll(org, project, { status: "active" });
    assert.ok(active.some((k) => k.id === on.id));
    assert.ok(!active.some((k) => k.id === off.id));

    const orgWide = await client.clientKeys.listAllForOrganization(org, { status: "inactive" });
    assert.ok(orgWide.some((k) => k.id === off.id));
    assert.ok(!orgWide.some((k) => k.id === on.id));
  });

  describe("browserSdkVersion (a PUT without it resets it)", () => {
    async function keyWithVersion(client: ReturnType<typeof fastClient>["client"]) {
      const key = await client.clientKeys.create(org, project, { name: "loader" });
      const choices = key.browserSdk.choices.map(([value]) => value!);
      const custom = choices.find((v) => v !== key.browserSdkVersion);
      assert.ok(custom, `need a second version among ${choices.join(", ")}`);
      const set = await client.clientKeys.update(org, project, key.id, {
        browserSdkVersion: custom,
      });
      assert.equal(set.browserSdkVersion, custom);
      return { key: set, custom };
    }

    it("the sandbox really resets it on a raw PUT without the field (so the next tests can fail)", async () => {
      const { client } = fastClient(sandbox);
      const { key, custom } = await keyWithVersion(client);
      const response = await fetch(
        `${sandbox.url}/api/0/projects/${org}/${project}/keys/${key.id}/`,
        {
          method: "PUT",
          headers: { Authorization: `Bearer ${sandbox.token}`, "Content-Type": "application/json" },
          body: JSON.stringify({ name: "raw" }),
        },
      );
      assert.equal(response.status, 200);
      const body = (await response.json()) as ProjectKey;
      assert.notEqual(body.browserSdkVersion, custom);
    });

    it("is kept by an update that does not mention it (GET first)", async () => {
      const { client } = fastClient(sandbox);
      const { key, custom } = await keyWithVersion(client);
      await sandbox.clearRequests();
      const renamed = await client.clientKeys.update(org, project, key.id, { name: "renamed" });
      assert.equal(renamed.name, "renamed");
      assert.equal(renamed.browserSdkVersion, custom);
      const log = await sandbox.requests();
      assert.deepEqual(
        log.map((r) => r.method),
        ["GET", "PUT"],
        "reads the current value, then sends it back",
      );
    });

    it("is taken from `current` without an extra GET", async () => {
      const { client } = fastClient(sandbox);
      const { key, custom } = await keyWithVersion(client);
      await sandbox.clearRequests();
      const updated = await client.clientKeys.update(
        org,
        project,
        key.id,
        { isActive: false },
        key,
      );
      assert.equal(updated.browserSdkVersion, custom);
      assert.deepEqual(
        (await sandbox.requests()).map((r) => r.method),
        ["PUT"],
      );
    });
  });

  it("rejects bad input before any request, naming the field", async () => {
    const { client } = fastClient(sandbox);
    await sandbox.clearRequests();
    await assert.rejects(
      client.clientKeys.create(org, project, { name: "x".repeat(65) }),
      /^InputError: name: is 65 characters long/,
    );
    await assert.rejects(
      client.clientKeys.get(org, "", "abc"),
      /project: must be a non-empty string/,
    );
    assert.throws(
      () => client.clientKeys.list(org, project, { perPage: 500 }),
      /perPage: must be an integer from 1 to 100/,
    );
    assert.throws(
      () => client.clientKeys.list(org, project, { status: "all" as never }),
      /status: use "active" or "inactive"/,
    );
    await assert.rejects(
      client.clientKeys.create(org, project, { isActive: false } as never),
      /isActive: is not accepted on create/,
    );
    assert.deepEqual(await sandbox.requests(), []);
  });

  it("surfaces Sentry's field errors as the detail of a 400", async () => {
    const { client } = fastClient(sandbox);
    await sandbox.addFaults({
      method: "POST",
      path: "/keys/$",
      kind: "status",
      status: 400,
      body: { name: ["Ensure this field has no more than 64 characters."] },
    });
    await assert.rejects(
      client.clientKeys.create(org, project, { name: "ok" }),
      (err: SentryApiError) => {
        assert.equal(err.status, 400);
        assert.equal(err.detail, "name: Ensure this field has no more than 64 characters.");
        assert.equal(err.maybeCommitted, false);
        return true;
      },
    );
  });
});
