import { strict as assert } from "node:assert";
import type { RunningSandbox } from "../../sandbox";
import {
  api,
  keysPath,
  mintToken,
  request,
  startTestSandbox,
  tokensPath,
} from "../support/sandbox-http";

const FORBIDDEN = { detail: "You do not have permission to perform this action." };

describe("sandbox: authentication and scopes", function () {
  let sandbox: RunningSandbox;
  let keyId: string;
  let orgToken: string;

  before(async function () {
    sandbox = await startTestSandbox();
    keyId = (
      (await api(sandbox, "POST", keysPath(sandbox), { body: { name: "scoped" } })).json as {
        id: string;
      }
    ).id;
    orgToken = (
      (await api(sandbox, "POST", tokensPath(sandbox), { body: { name: "ci" } })).json as {
        token: string;
      }
    ).token;
  });
  after(async function () {
    await sandbox.close();
  });

  describe("GET /api/0/ (auth info, as sentry-cli info reads it)", function () {
    it("describes the admin user token: user and all its scopes", async function () {
      const res = await api(sandbox, "GET", "/api/0/");
      assert.equal(res.status, 200);
      const body = res.json as {
        version: string;
        auth: { scopes: string[] };
        user: { email: string; id: string };
      };
      assert.equal(body.version, "0");
      assert.ok(body.auth.scopes.includes("project:admin"));
      assert.ok(body.auth.scopes.includes("org:admin"));
      assert.equal(body.user.email, "admin@sandbox.invalid");
      assert.equal(body.user.id, "1");
    });

    it("describes an org auth token: org:ci and no user", async function () {
      const res = await api(sandbox, "GET", "/api/0/", { token: orgToken });
      assert.equal(res.status, 200);
      assert.deepEqual(res.json, { version: "0", auth: { scopes: ["org:ci"] }, user: null });
    });

    it("answers anonymous callers with auth and user null", async function () {
      const res = await api(sandbox, "GET", "/api/0/", { token: null });
      assert.equal(res.status, 200);
      assert.deepEqual(res.json, { version: "0", auth: null, user: null });
    });

    it("rejects an unknown token with 401 even here", async function () {
      const res = await api(sandbox, "GET", "/api/0/", { token: `sntryu_${"0".repeat(64)}` });
      assert.equal(res.status, 401);
      assert.deepEqual(res.json, { detail: "Invalid token" });
    });
  });

  describe("401s", function () {
    const cases: Array<[string, Record<string, string>, object]> = [
      ["no Authorization header", {}, { detail: "Authentication credentials were not provided." }],
      [
        "a non-Bearer scheme",
        { Authorization: "Token abc" },
        { detail: "Authentication credentials were not provided." },
      ],
      [
        "an unknown token",
        { Authorization: `Bearer sntryu_${"1".repeat(64)}` },
        { detail: "Invalid token" },
      ],
      [
        "Bearer without a token",
        { Authorization: "Bearer" },
        { detail: "Invalid token header. No credentials provided." },
      ],
      [
        "a token with spaces",
        { Authorization: "Bearer a b" },
        { detail: "Invalid token header. Token string should not contain spaces." },
      ],
    ];
    for (const [name, headers, body] of cases) {
      it(`answers 401 for ${name}`, async function () {
        for (const path of [keysPath(sandbox), tokensPath(sandbox)]) {
          const res = await request(`${sandbox.url}${path}`, { headers });
          assert.equal(res.status, 401, path);
          assert.deepEqual(res.json, body);
        }
      });
    }

    it("rejects a revoked org auth token with 401", async function () {
      const created = await api(sandbox, "POST", tokensPath(sandbox), {
        body: { name: "soon revoked" },
      });
      const { id, token } = created.json as { id: string; token: string };
      assert.equal((await api(sandbox, "GET", "/api/0/", { token })).status, 200);
      assert.equal((await api(sandbox, "DELETE", tokensPath(sandbox, id))).status, 204);
      const res = await api(sandbox, "GET", "/api/0/", { token });
      assert.equal(res.status, 401);
      assert.deepEqual(res.json, { detail: "Invalid token" });
    });
  });

  describe("403s for missing scopes", function () {
    it("lets project:write create and update keys but not delete them (project:admin only)", async function () {
      const token = await mintToken(sandbox, ["project:read", "project:write"]);
      const created = await api(sandbox, "POST", keysPath(sandbox), {
        token,
        body: { name: "by writer" },
      });
      assert.equal(created.status, 201);
      const id = (created.json as { id: string }).id;
      assert.equal(
        (await api(sandbox, "PUT", keysPath(sandbox, id), { token, body: { name: "x" } })).status,
        200,
      );
      const res = await api(sandbox, "DELETE", keysPath(sandbox, id), { token });
      assert.equal(res.status, 403);
      assert.deepEqual(res.json, FORBIDDEN);
      assert.equal(
        (await api(sandbox, "GET", keysPath(sandbox, id))).status,
        200,
        "the key survived",
      );
      const admin = await mintToken(sandbox, ["project:admin"]);
      assert.equal(
        (await api(sandbox, "DELETE", keysPath(sandbox, id), { token: admin })).status,
        204,
      );
    });

    it("lets project:read list and get keys but not create or update them", async function () {
      const token = await mintToken(sandbox, ["project:read"]);
      assert.equal((await api(sandbox, "GET", keysPath(sandbox), { token })).status, 200);
      assert.equal((await api(sandbox, "GET", keysPath(sandbox, keyId), { token })).status, 200);
      for (const [method, path] of [
        ["POST", keysPath(sandbox)],
        ["PUT", keysPath(sandbox, keyId)],
        ["DELETE", keysPath(sandbox, keyId)],
      ] as const) {
        const res = await api(sandbox, method, path, { token, body: { name: "nope" } });
        assert.equal(res.status, 403, `${method} ${path}`);
        assert.deepEqual(res.json, FORBIDDEN);
      }
    });

    it("needs org scopes for the organization-wide key list", async function () {
      const projectOnly = await mintToken(sandbox, ["project:admin"]);
      const path = `/api/0/organizations/${sandbox.organization}/project-keys/`;
      assert.equal((await api(sandbox, "GET", path, { token: projectOnly })).status, 403);
      const orgRead = await mintToken(sandbox, ["org:read"]);
      assert.equal((await api(sandbox, "GET", path, { token: orgRead })).status, 200);
    });

    it("does not let an org auth token (org:ci) manage keys or tokens", async function () {
      const calls: Array<[string, string, object?]> = [
        ["GET", keysPath(sandbox)],
        ["POST", keysPath(sandbox), { name: "ci" }],
        ["GET", keysPath(sandbox, keyId)],
        ["PUT", keysPath(sandbox, keyId), { name: "ci" }],
        ["DELETE", keysPath(sandbox, keyId)],
        ["GET", `/api/0/organizations/${sandbox.organization}/project-keys/`],
        ["GET", tokensPath(sandbox)],
        ["POST", tokensPath(sandbox), { name: "from ci" }],
      ];
      for (const [method, path, body] of calls) {
        const res = await api(sandbox, method, path, {
          token: orgToken,
          ...(body ? { body } : {}),
        });
        assert.equal(res.status, 403, `${method} ${path}`);
        assert.deepEqual(res.json, FORBIDDEN);
      }
    });

    it("revoking an org auth token needs org:write or org:admin; org:read may list, create and rename", async function () {
      const reader = await mintToken(sandbox, ["org:read"]);
      const created = await api(sandbox, "POST", tokensPath(sandbox), {
        token: reader,
        body: { name: "by reader" },
      });
      assert.equal(created.status, 201);
      const id = (created.json as { id: string }).id;
      assert.equal(
        (await api(sandbox, "PUT", tokensPath(sandbox, id), { token: reader, body: { name: "r" } }))
          .status,
        204,
      );
      const res = await api(sandbox, "DELETE", tokensPath(sandbox, id), { token: reader });
      assert.equal(res.status, 403);
      const writer = await mintToken(sandbox, ["org:write"]);
      assert.equal(
        (await api(sandbox, "DELETE", tokensPath(sandbox, id), { token: writer })).status,
        204,
      );
    });

    it("resolves 404 before 403: a scopeless caller learns nothing new about missing things", async function () {
      const token = await mintToken(sandbox, ["team:read"]);
      const res = await api(
        sandbox,
        "GET",
        `/api/0/projects/${sandbox.organization}/missing/keys/`,
        { token },
      );
      assert.equal(res.status, 404);
      const existing = await api(sandbox, "GET", keysPath(sandbox), { token });
      assert.equal(existing.status, 403);
    });
  });
});
