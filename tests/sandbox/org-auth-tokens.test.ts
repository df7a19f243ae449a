import { strict as assert } from "node:assert";
import type { RunningSandbox } from "../../sandbox";
import { admin, api, startTestSandbox, tokensPath } from "../support/sandbox-http";

interface OrgToken {
  id: string;
  name: string;
  scopes: string[];
  tokenLastCharacters: string;
  dateCreated: string;
  dateLastUsed: string | null;
  projectLastUsedId: string | null;
  token?: string;
}

describe("sandbox: organization auth tokens", function () {
  let sandbox: RunningSandbox;
  const create = async (name: string): Promise<OrgToken> => {
    const res = await api(sandbox, "POST", tokensPath(sandbox), { body: { name } });
    assert.equal(res.status, 201, res.text);
    return res.json as OrgToken;
  };

  before(async function () {
    sandbox = await startTestSandbox();
  });
  after(async function () {
    await sandbox.close();
  });

  it("creates a token: 201, org:ci, and the token (sntrys_ with a payload naming this server) only here", async function () {
    const created = await create("deploy");
    assert.equal(created.name, "deploy");
    assert.deepEqual(created.scopes, ["org:ci"]);
    assert.match(created.id, /^\d+$/);
    assert.equal(created.dateLastUsed, null);
    assert.equal(created.projectLastUsedId, null);
    const token = created.token!;
    assert.match(token, /^sntrys_[A-Za-z0-9+/=]+_[A-Za-z0-9+/]+$/);
    assert.equal(created.tokenLastCharacters, token.slice(-4));
    const payload = JSON.parse(
      Buffer.from(token.split("_")[1]!, "base64").toString("utf8"),
    ) as Record<string, unknown>;
    assert.equal(payload.url, sandbox.url);
    assert.equal(payload.org, sandbox.organization);
    const got = await api(sandbox, "GET", tokensPath(sandbox, created.id));
    assert.equal(got.status, 200);
    const { token: _token, ...withoutToken } = created;
    assert.deepEqual(got.json, withoutToken);
    assert.ok(!("token" in (got.json as object)), "never readable again");
    const listed = await api(sandbox, "GET", tokensPath(sandbox));
    assert.ok(!listed.text.includes(token));
  });

  it("records dateLastUsed when the token authenticates", async function () {
    const created = await create("used");
    assert.equal((await api(sandbox, "GET", "/api/0/", { token: created.token! })).status, 200);
    const got = (await api(sandbox, "GET", tokensPath(sandbox, created.id))).json as OrgToken;
    assert.ok(
      got.dateLastUsed !== null && Math.abs(Date.parse(got.dateLastUsed) - Date.now()) < 60_000,
    );
  });

  it("renames with PUT {name}: 204 and an empty body", async function () {
    const created = await create("old name");
    const res = await api(sandbox, "PUT", tokensPath(sandbox, created.id), {
      body: { name: "new name" },
    });
    assert.equal(res.status, 204);
    assert.equal(res.text, "");
    assert.equal(
      ((await api(sandbox, "GET", tokensPath(sandbox, created.id))).json as OrgToken).name,
      "new name",
    );
  });

  it("soft-deletes: 204, then absent from the list, 404 on GET/PUT/DELETE, kept in the state as deactivated", async function () {
    const created = await create("to revoke");
    const res = await api(sandbox, "DELETE", tokensPath(sandbox, created.id));
    assert.equal(res.status, 204);
    assert.equal(res.text, "");
    const list = (await api(sandbox, "GET", tokensPath(sandbox))).json as OrgToken[];
    assert.ok(!list.some((t) => t.id === created.id));
    for (const method of ["GET", "PUT", "DELETE"]) {
      const again = await api(
        sandbox,
        method,
        tokensPath(sandbox, created.id),
        method === "PUT" ? { body: { name: "x" } } : {},
      );
      assert.equal(again.status, 404, method);
      assert.deepEqual(again.json, { detail: "The requested resource does not exist" });
    }
    const state = (await admin(sandbox, "GET", "state")).json as {
      orgAuthTokens: Array<OrgToken & { dateDeactivated: string | null }>;
    };
    const stored = state.orgAuthTokens.find((t) => t.id === created.id)!;
    assert.ok(stored.dateDeactivated !== null);
  });

  it("lists active tokens without pagination: recently used first, then by name", async function () {
    const fresh = await startTestSandbox();
    try {
      const make = async (name: string) =>
        (await api(fresh, "POST", tokensPath(fresh), { body: { name } })).json as OrgToken;
      const b = await make("b");
      await make("a");
      await make("c");
      await api(fresh, "GET", "/api/0/", { token: b.token! });
      const res = await api(fresh, "GET", tokensPath(fresh));
      assert.equal(res.status, 200);
      assert.equal(res.headers.link, undefined);
      assert.deepEqual(
        (res.json as OrgToken[]).map((t) => t.name),
        ["b", "a", "c"],
      );
    } finally {
      await fresh.close();
    }
  });

  it("answers 404 for unknown or non-numeric token ids and unknown organizations", async function () {
    for (const path of [
      tokensPath(sandbox, "999999"),
      tokensPath(sandbox, "abc"),
      "/api/0/organizations/nope/org-auth-tokens/",
    ]) {
      const res = await api(sandbox, "GET", path);
      assert.equal(res.status, 404, path);
    }
  });

  const badNames: Array<[string, unknown, object]> = [
    ["a missing name", {}, { detail: ["The name cannot be blank."] }],
    ["a blank name", { name: "" }, { detail: ["The name cannot be blank."] }],
    ["a null name", { name: null }, { detail: ["The name cannot be blank."] }],
    [
      "a name over 255 characters",
      { name: "n".repeat(256) },
      { detail: ["The name cannot be longer than 255 characters."] },
    ],
    ["a non-string name", { name: 42 }, { name: ["Not a valid string."] }],
    [
      "a list body",
      ["x"],
      { non_field_errors: ["Invalid data. Expected a dictionary, but got list."] },
    ],
  ];
  for (const [what, body, expected] of badNames) {
    it(`answers 400 to create and rename with ${what}`, async function () {
      const existing = await create("valid");
      for (const [method, path] of [
        ["POST", tokensPath(sandbox)],
        ["PUT", tokensPath(sandbox, existing.id)],
      ] as const) {
        const res = await api(sandbox, method, path, { body: body as object });
        assert.equal(res.status, 400, `${method} ${JSON.stringify(body)}`);
        assert.deepEqual(res.json, expected);
      }
    });
  }

  it("accepts a name of exactly 255 characters", async function () {
    assert.equal((await create("n".repeat(255))).name.length, 255);
  });
});
