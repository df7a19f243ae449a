import { strict as assert } from "node:assert";
import type { RunningSandbox } from "../../sandbox";
import {
  admin,
  api,
  keysPath,
  request,
  startTestSandbox,
  tokensPath,
} from "../support/sandbox-http";

interface LogEntry {
  seq: number;
  method: string;
  path: string;
  status: number;
  at: string;
  tokenKind: string;
  fault?: string;
}

describe("sandbox: admin API", function () {
  let sandbox: RunningSandbox;

  before(async function () {
    sandbox = await startTestSandbox();
  });
  after(async function () {
    await sandbox.close();
  });

  it("snapshots the whole state: seeds, projects, keys (inactive too), tokens (revoked too), no token secrets", async function () {
    const key = (await api(sandbox, "POST", keysPath(sandbox), { body: { name: "off" } })).json as {
      id: string;
    };
    await api(sandbox, "PUT", keysPath(sandbox, key.id), { body: { isActive: false } });
    const created = (await api(sandbox, "POST", tokensPath(sandbox), { body: { name: "gone" } }))
      .json as { id: string; token: string };
    await api(sandbox, "DELETE", tokensPath(sandbox, created.id));
    const res = await admin(sandbox, "GET", "state");
    assert.equal(res.status, 200);
    const state = res.json as {
      seed: { organization: string; project: string };
      organizations: Array<{ id: number; slug: string }>;
      projects: Array<{ id: number; slug: string }>;
      clientKeys: Array<{ id: string; isActive: boolean }>;
      orgAuthTokens: Array<{ id: string; dateDeactivated: string | null }>;
      userTokens: Array<{ id: number; scopes: string[]; tokenLastCharacters: string }>;
    };
    assert.deepEqual(state.seed, { organization: sandbox.organization, project: sandbox.project });
    assert.deepEqual(
      state.organizations.map((o) => [o.id, o.slug]),
      [[sandbox.organizationId, sandbox.organization]],
    );
    assert.ok(state.projects.some((p) => p.id === sandbox.projectId && p.slug === sandbox.project));
    assert.equal(state.clientKeys.find((k) => k.id === key.id)!.isActive, false);
    assert.ok(state.orgAuthTokens.find((t) => t.id === created.id)!.dateDeactivated);
    assert.equal(state.userTokens[0]!.tokenLastCharacters, sandbox.token.slice(-4));
    assert.ok(!res.text.includes(sandbox.token), "the admin token is not in the snapshot");
    assert.ok(!res.text.includes(created.token), "nor the org auth token");
    assert.ok(!res.text.includes("tokenHashed"));
  });

  it("logs API requests in order with the kind of token, never the token", async function () {
    await admin(sandbox, "DELETE", "requests");
    const orgToken = (
      (await api(sandbox, "POST", tokensPath(sandbox), { body: { name: "log" } })).json as {
        token: string;
      }
    ).token;
    await api(sandbox, "GET", "/api/0/", { token: orgToken });
    await api(sandbox, "GET", `${keysPath(sandbox)}?cursor=0:0:0`, { token: null });
    const res = await admin(sandbox, "GET", "requests");
    const log = res.json as LogEntry[];
    assert.deepEqual(
      log.map((e) => [e.method, e.path, e.status, e.tokenKind]),
      [
        ["POST", tokensPath(sandbox), 201, "user"],
        ["GET", "/api/0/", 200, "org"],
        ["GET", keysPath(sandbox), 401, "none"],
      ],
    );
    assert.ok(log[0]!.seq < log[1]!.seq && log[1]!.seq < log[2]!.seq);
    assert.ok(!Number.isNaN(Date.parse(log[0]!.at)));
    assert.ok(!res.text.includes(sandbox.token) && !res.text.includes(orgToken));
    // A poller asks only for what came after the last entry it saw.
    const after = (await admin(sandbox, "GET", `requests?after=${log[0]!.seq}`)).json as LogEntry[];
    assert.deepEqual(
      after.map((e) => e.seq),
      [log[1]!.seq, log[2]!.seq],
    );
    const bad = await admin(sandbox, "GET", "requests?after=last");
    assert.equal(bad.status, 400);
    assert.match(bad.text, /after.*non-negative whole number/);
    assert.equal((await admin(sandbox, "DELETE", "requests")).status, 204);
    assert.deepEqual((await admin(sandbox, "GET", "requests")).json, []);
  });

  it("mints user tokens with exactly the given scopes", async function () {
    const res = await admin(sandbox, "POST", "tokens", { scopes: ["project:read"], kind: "user" });
    assert.equal(res.status, 201);
    const token = (res.json as { token: string }).token;
    assert.match(token, /^sntryu_[0-9a-f]{64}$/);
    const info = await api(sandbox, "GET", "/api/0/", { token });
    assert.deepEqual((info.json as { auth: unknown }).auth, { scopes: ["project:read"] });
  });

  const badTokens: Array<[object, string, string]> = [
    [{}, "scopes", "Expected a list of scopes from: alerts:read"],
    [{ scopes: ["project:everything"] }, "scopes", "Expected a list of scopes from: alerts:read"],
    [{ scopes: ["project:read"], kind: "org" }, "kind", '"org" is not a valid choice.'],
  ];
  for (const [body, field, message] of badTokens) {
    it(`rejects minting ${JSON.stringify(body)} with 400 naming ${field}`, async function () {
      const res = await admin(sandbox, "POST", "tokens", body);
      assert.equal(res.status, 400);
      const errors = res.json as Record<string, string[]>;
      assert.deepEqual(Object.keys(errors), [field]);
      assert.ok(errors[field]![0]!.startsWith(message), errors[field]![0]);
    });
  }

  it("creates extra projects in the seeded organization, refusing bad or duplicate slugs", async function () {
    const res = await admin(sandbox, "POST", "projects", { slug: "extra" });
    assert.equal(res.status, 201);
    const project = res.json as { slug: string; id: number };
    assert.equal(project.slug, "extra");
    assert.ok(project.id > sandbox.projectId);
    const keys = await api(sandbox, "GET", `/api/0/projects/${sandbox.organization}/extra/keys/`);
    assert.equal(keys.status, 200);
    for (const body of [{ slug: "extra" }, { slug: "Not A Slug" }, { slug: "123" }, {}]) {
      const bad = await admin(sandbox, "POST", "projects", body);
      assert.equal(bad.status, 400, JSON.stringify(body));
      assert.ok(Array.isArray((bad.json as { slug: unknown }).slug));
    }
  });

  it("answers unknown admin routes with 404 and wrong methods with 405", async function () {
    const missing = await admin(sandbox, "GET", "nothing-here");
    assert.equal(missing.status, 404);
    assert.deepEqual(missing.json, { detail: "No sandbox admin route /__sandbox/nothing-here" });
    const wrong = await request(`${sandbox.url}/__sandbox/state`, { method: "DELETE" });
    assert.equal(wrong.status, 405);
  });

  it("answers malformed admin JSON with 400", async function () {
    const res = await request(`${sandbox.url}/__sandbox/faults`, {
      method: "POST",
      body: "{",
      headers: { "Content-Type": "application/json" },
    });
    assert.equal(res.status, 400);
    assert.match((res.json as { detail: string }).detail, /^JSON parse error/);
  });
});
