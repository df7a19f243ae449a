import { strict as assert } from "node:assert";
import type { RunningSandbox } from "../../sandbox";
import { admin, api, keysPath, startTestSandbox } from "../support/sandbox-http";

interface Key {
  id: string;
  name: string;
  label: string;
  public: string;
  secret: string;
  projectId: number;
  isActive: boolean;
  rateLimit: { window: number; count: number } | null;
  dsn: Record<string, string>;
  browserSdkVersion: string;
  browserSdk: { choices: string[][] };
  dateCreated: string;
  dynamicSdkLoaderOptions: Record<string, boolean>;
}

describe("sandbox: project client keys", function () {
  let sandbox: RunningSandbox;
  const create = async (body: object = {}): Promise<Key> => {
    const res = await api(sandbox, "POST", keysPath(sandbox), { body });
    assert.equal(res.status, 201, res.text);
    return res.json as Key;
  };

  before(async function () {
    sandbox = await startTestSandbox();
  });
  after(async function () {
    await sandbox.close();
  });

  it("creates a key: 201 with public/secret hex, DSNs pointing at the sandbox, Sentry's defaults", async function () {
    const key = await create({ name: "web" });
    assert.match(key.public, /^[0-9a-f]{32}$/);
    assert.match(key.secret, /^[0-9a-f]{32}$/);
    assert.equal(key.id, key.public);
    assert.equal(key.name, "web");
    assert.equal(key.label, "web");
    assert.equal(key.projectId, sandbox.projectId);
    assert.equal(key.isActive, true);
    assert.equal(key.rateLimit, null);
    const host = new URL(sandbox.url).host;
    assert.equal(key.dsn.public, `http://${key.public}@${host}/${sandbox.projectId}`);
    assert.equal(key.dsn.secret, `http://${key.public}:${key.secret}@${host}/${sandbox.projectId}`);
    assert.equal(
      key.dsn.csp,
      `${sandbox.url}/api/${sandbox.projectId}/csp-report/?sentry_key=${key.public}`,
    );
    assert.deepEqual(Object.keys(key.dsn).sort(), [
      "cdn",
      "crons",
      "csp",
      "integration",
      "minidump",
      "nel",
      "otlp_logs",
      "otlp_traces",
      "playstation",
      "public",
      "secret",
      "security",
      "unreal",
    ]);
    assert.equal(key.browserSdkVersion, "7.x");
    assert.deepEqual(key.browserSdk, {
      choices: [
        ["latest", "latest"],
        ["7.x", "7.x"],
      ],
    });
    assert.deepEqual(key.dynamicSdkLoaderOptions, {
      hasReplay: true,
      hasPerformance: true,
      hasDebug: false,
      hasFeedback: false,
      hasLogsAndMetrics: false,
    });
    assert.ok(Math.abs(Date.parse(key.dateCreated) - Date.now()) < 60_000);
  });

  it("generates a two-word name when none (or a blank one) is given", async function () {
    for (const body of [{}, { name: "" }, { name: null }]) {
      const key = await create(body);
      assert.match(key.name, /^[A-Z][a-z]+ [A-Z][a-z]+$/);
    }
  });

  it("accepts the undocumented public/secret fields and stores a rate limit only when both parts are set", async function () {
    const publicKey = "ab".repeat(16);
    const secret = "cd".repeat(16);
    const key = await create({ public: publicKey, secret, rateLimit: { count: 100, window: 60 } });
    assert.equal(key.public, publicKey);
    assert.equal(key.secret, secret);
    assert.deepEqual(key.rateLimit, { window: 60, count: 100 });
    const partial = await create({ rateLimit: { count: 5 } });
    assert.equal(partial.rateLimit, null);
    const duplicate = await api(sandbox, "POST", keysPath(sandbox), {
      body: { public: publicKey },
    });
    assert.equal(duplicate.status, 400);
    assert.deepEqual(duplicate.json, { public: ["A key with this public value already exists."] });
  });

  it("gets a key by its public id, and 404s for unknown ids, projects and organizations", async function () {
    const key = await create({ name: "get-me" });
    const res = await api(sandbox, "GET", keysPath(sandbox, key.id));
    assert.equal(res.status, 200);
    assert.deepEqual(res.json, key);
    const notFound = { detail: "The requested resource does not exist" };
    for (const path of [
      keysPath(sandbox, "0".repeat(32)),
      keysPath(sandbox, "not-a-key"),
      `/api/0/projects/${sandbox.organization}/no-such-project/keys/`,
      `/api/0/projects/no-such-org/${sandbox.project}/keys/`,
      `/api/0/organizations/no-such-org/project-keys/`,
    ]) {
      const missing = await api(sandbox, "GET", path);
      assert.equal(missing.status, 404, path);
      assert.deepEqual(missing.json, notFound);
    }
  });

  it("resolves organization and project by numeric id as well as slug", async function () {
    const key = await create();
    const res = await api(
      sandbox,
      "GET",
      `/api/0/projects/${sandbox.organizationId}/${sandbox.projectId}/keys/${key.id}/`,
    );
    assert.equal(res.status, 200);
  });

  it("updates partially: name, isActive, rateLimit (null clears), loader options merged", async function () {
    const key = await create({ name: "before" });
    const path = keysPath(sandbox, key.id);
    let res = await api(sandbox, "PUT", path, {
      body: { name: "after", isActive: false, rateLimit: { count: 10, window: 3600 } },
    });
    assert.equal(res.status, 200);
    let updated = res.json as Key;
    assert.equal(updated.name, "after");
    assert.equal(updated.label, "after");
    assert.equal(updated.isActive, false);
    assert.deepEqual(updated.rateLimit, { window: 3600, count: 10 });
    res = await api(sandbox, "PUT", path, {
      body: { dynamicSdkLoaderOptions: { hasDebug: true, unknownOption: 1 } },
    });
    updated = res.json as Key;
    assert.equal(updated.name, "after", "an absent name keeps the old one");
    assert.equal(updated.isActive, false, "an absent isActive keeps the status");
    assert.deepEqual(
      updated.rateLimit,
      { window: 3600, count: 10 },
      "an absent rateLimit keeps it",
    );
    assert.equal(updated.dynamicSdkLoaderOptions.hasDebug, true);
    assert.equal(updated.dynamicSdkLoaderOptions.hasReplay, true);
    res = await api(sandbox, "PUT", path, { body: { rateLimit: null, isActive: true, name: "" } });
    updated = res.json as Key;
    assert.equal(updated.rateLimit, null);
    assert.equal(updated.isActive, true);
    assert.equal(updated.name, "after", "a blank name is ignored, as in Sentry");
    const state = await admin(sandbox, "GET", "state");
    const stored = (state.json as { clientKeys: Key[] }).clientKeys.find((k) => k.id === key.id);
    assert.deepEqual(stored, updated);
  });

  it("resets browserSdkVersion to the project default when a PUT omits it (the real quirk)", async function () {
    const key = await create();
    const path = keysPath(sandbox, key.id);
    let res = await api(sandbox, "PUT", path, { body: { browserSdkVersion: "latest" } });
    assert.equal((res.json as Key).browserSdkVersion, "latest");
    res = await api(sandbox, "PUT", path, { body: { name: "renamed" } });
    assert.equal(res.status, 200);
    assert.equal((res.json as Key).browserSdkVersion, "7.x");
    res = await api(sandbox, "PUT", path, { body: { name: "again", browserSdkVersion: "latest" } });
    assert.equal(
      (res.json as Key).browserSdkVersion,
      "latest",
      "sending the current value back keeps it",
    );
  });

  it("deletes a key: 204 with an empty body, then 404 for GET, PUT and DELETE", async function () {
    const key = await create();
    const path = keysPath(sandbox, key.id);
    const res = await api(sandbox, "DELETE", path);
    assert.equal(res.status, 204);
    assert.equal(res.text, "");
    for (const method of ["GET", "PUT", "DELETE"]) {
      const again = await api(
        sandbox,
        method,
        path,
        method === "PUT" ? { body: { name: "x" } } : {},
      );
      assert.equal(again.status, 404, method);
    }
  });

  it("lists keys newest first and filters by status (unknown status = empty list)", async function () {
    const other = await admin(sandbox, "POST", "projects", { slug: "listing" });
    assert.equal(other.status, 201);
    const path = `/api/0/projects/${sandbox.organization}/listing/keys/`;
    const made: Key[] = [];
    for (const name of ["one", "two", "three"]) {
      made.push((await api(sandbox, "POST", path, { body: { name } })).json as Key);
    }
    await api(sandbox, "PUT", `${path}${made[1]!.id}/`, { body: { isActive: false } });
    const all = await api(sandbox, "GET", path);
    assert.equal(all.status, 200);
    assert.deepEqual(
      (all.json as Key[]).map((k) => k.name),
      ["three", "two", "one"],
    );
    const active = await api(sandbox, "GET", `${path}?status=active`);
    assert.deepEqual(
      (active.json as Key[]).map((k) => k.name),
      ["three", "one"],
    );
    const inactive = await api(sandbox, "GET", `${path}?status=inactive`);
    assert.deepEqual(
      (inactive.json as Key[]).map((k) => k.name),
      ["two"],
    );
    const unknown = await api(sandbox, "GET", `${path}?status=bogus`);
    assert.equal(unknown.status, 200);
    assert.deepEqual(unknown.json, []);
  });

  it("lists the organization's keys across projects, with status filter; team is ignored", async function () {
    await admin(sandbox, "POST", "projects", { slug: "org-wide" });
    const created = await api(
      sandbox,
      "POST",
      `/api/0/projects/${sandbox.organization}/org-wide/keys/`,
      {
        body: { name: "org-wide-key" },
      },
    );
    const key = created.json as Key;
    const res = await api(
      sandbox,
      "GET",
      `/api/0/organizations/${sandbox.organization}/project-keys/?team=anything`,
    );
    assert.equal(res.status, 200);
    const keys = res.json as Key[];
    assert.equal(keys[0]!.id, key.id, "newest first");
    assert.ok(new Set(keys.map((k) => k.projectId)).size >= 2);
    const state = (await admin(sandbox, "GET", "state")).json as { clientKeys: Key[] };
    assert.equal(keys.length, state.clientKeys.length);
    const inactive = await api(
      sandbox,
      "GET",
      `/api/0/organizations/${sandbox.organization}/project-keys/?status=inactive`,
    );
    assert.ok((inactive.json as Key[]).every((k) => !k.isActive));
    assert.ok((inactive.json as Key[]).length >= 1);
  });

  it("answers 405 for a method the path does not serve, and 404 for unknown API paths", async function () {
    const res = await api(sandbox, "PATCH", keysPath(sandbox));
    assert.equal(res.status, 405);
    assert.deepEqual(res.json, { detail: 'Method "PATCH" not allowed.' });
    const unknown = await api(sandbox, "GET", "/api/0/no/such/thing/");
    assert.equal(unknown.status, 404);
    assert.deepEqual(unknown.json, { detail: "The requested resource does not exist" });
    const noSlash = await api(sandbox, "GET", keysPath(sandbox).slice(0, -1));
    assert.equal(noSlash.status, 404, "API paths need their trailing slash, as in Sentry");
  });
});
