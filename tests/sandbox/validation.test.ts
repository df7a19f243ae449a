import { strict as assert } from "node:assert";
import type { RunningSandbox } from "../../sandbox";
import { api, keysPath, request, startTestSandbox } from "../support/sandbox-http";

// [what, body, expected 400 body]
type Case = [string, unknown, unknown];

const createCases: Case[] = [
  [
    "a name over 64 characters",
    { name: "n".repeat(65) },
    { name: ["Ensure this field has no more than 64 characters."] },
  ],
  ["a name that is an object", { name: { a: 1 } }, { name: ["Not a valid string."] }],
  ["a name that is a boolean", { name: true }, { name: ["Not a valid string."] }],
  [
    "rateLimit.window above 86400",
    { rateLimit: { count: 1, window: 86401 } },
    { rateLimit: { window: ["Ensure this value is less than or equal to 86400."] } },
  ],
  [
    "rateLimit.window below 0",
    { rateLimit: { count: 1, window: -1 } },
    { rateLimit: { window: ["Ensure this value is greater than or equal to 0."] } },
  ],
  [
    "rateLimit.count below 0",
    { rateLimit: { count: -5, window: 60 } },
    { rateLimit: { count: ["Ensure this value is greater than or equal to 0."] } },
  ],
  [
    "rateLimit.count not an integer",
    { rateLimit: { count: 1.5, window: 60 } },
    { rateLimit: { count: ["A valid integer is required."] } },
  ],
  [
    "rateLimit.count a word",
    { rateLimit: { count: "many", window: 60 } },
    { rateLimit: { count: ["A valid integer is required."] } },
  ],
  [
    "rateLimit a string",
    { rateLimit: "fast" },
    { rateLimit: { non_field_errors: ["Invalid data. Expected a dictionary, but got str."] } },
  ],
  [
    "rateLimit null (not allowed on create)",
    { rateLimit: null },
    { rateLimit: ["This field may not be null."] },
  ],
  [
    "public not 32 hex",
    { public: "XYZ" },
    { public: ["This value does not match the required pattern."] },
  ],
  [
    "secret with uppercase hex",
    { secret: "AB".repeat(16) },
    { secret: ["This value does not match the required pattern."] },
  ],
  ["an unknown useCase", { useCase: "admin" }, { useCase: ['"admin" is not a valid choice.'] }],
  [
    "a list body",
    [1, 2],
    { non_field_errors: ["Invalid data. Expected a dictionary, but got list."] },
  ],
  [
    "a string body",
    "hello",
    { non_field_errors: ["Invalid data. Expected a dictionary, but got str."] },
  ],
  ["a null body", null, { non_field_errors: ["No data provided"] }],
  [
    "several bad fields at once",
    { name: "n".repeat(65), public: "x" },
    {
      name: ["Ensure this field has no more than 64 characters."],
      public: ["This value does not match the required pattern."],
    },
  ],
];

const updateCases: Case[] = [
  [
    "a name over 64 characters",
    { name: "n".repeat(65) },
    { name: ["Ensure this field has no more than 64 characters."] },
  ],
  ["isActive not a boolean", { isActive: "maybe" }, { isActive: ["Must be a valid boolean."] }],
  ["isActive null", { isActive: null }, { isActive: ["This field may not be null."] }],
  [
    "browserSdkVersion not a choice",
    { browserSdkVersion: "6.x" },
    { browserSdkVersion: ['"6.x" is not a valid choice.'] },
  ],
  [
    "rateLimit.window above 86400",
    { rateLimit: { count: 1, window: 100000 } },
    { rateLimit: { window: ["Ensure this value is less than or equal to 86400."] } },
  ],
  [
    "rateLimit a list",
    { rateLimit: [1] },
    { rateLimit: { non_field_errors: ["Invalid data. Expected a dictionary, but got list."] } },
  ],
  [
    "a loader option not a boolean",
    { dynamicSdkLoaderOptions: { hasDebug: "very" } },
    { dynamicSdkLoaderOptions: { hasDebug: ["Must be a valid boolean."] } },
  ],
  [
    "loader options a number",
    { dynamicSdkLoaderOptions: 3 },
    {
      dynamicSdkLoaderOptions: {
        non_field_errors: ["Invalid data. Expected a dictionary, but got int."],
      },
    },
  ],
];

describe("sandbox: bad input gets DRF-shaped 400s, never a crash", function () {
  let sandbox: RunningSandbox;
  let keyId: string;

  before(async function () {
    sandbox = await startTestSandbox();
    keyId = (
      (await api(sandbox, "POST", keysPath(sandbox), { body: { name: "target" } })).json as {
        id: string;
      }
    ).id;
  });
  after(async function () {
    await sandbox.close();
  });

  afterEach(async function () {
    // Whatever a bad request did, the server still answers and the target key is unchanged.
    const res = await api(sandbox, "GET", keysPath(sandbox, keyId));
    assert.equal(res.status, 200);
    assert.equal((res.json as { name: string }).name, "target");
  });

  for (const [what, body, expected] of createCases) {
    it(`POST keys with ${what} → 400`, async function () {
      const before = await api(sandbox, "GET", keysPath(sandbox));
      const res = await api(sandbox, "POST", keysPath(sandbox), {
        body: JSON.stringify(body),
        headers: { "Content-Type": "application/json" },
      });
      assert.equal(res.status, 400);
      assert.deepEqual(res.json, expected);
      const after = await api(sandbox, "GET", keysPath(sandbox));
      assert.equal(
        (after.json as unknown[]).length,
        (before.json as unknown[]).length,
        "nothing was created",
      );
    });
  }

  for (const [what, body, expected] of updateCases) {
    it(`PUT key with ${what} → 400`, async function () {
      const res = await api(sandbox, "PUT", keysPath(sandbox, keyId), { body: body as object });
      assert.equal(res.status, 400);
      assert.deepEqual(res.json, expected);
    });
  }

  it("answers malformed JSON with 400 and a JSON parse error detail", async function () {
    for (const [method, path] of [
      ["POST", keysPath(sandbox)],
      ["PUT", keysPath(sandbox, keyId)],
      ["POST", `/api/0/organizations/${sandbox.organization}/org-auth-tokens/`],
    ] as const) {
      const res = await api(sandbox, method, path, {
        body: '{"name": "x",',
        headers: { "Content-Type": "application/json" },
      });
      assert.equal(res.status, 400, `${method} ${path}`);
      assert.match((res.json as { detail: string }).detail, /^JSON parse error - /);
    }
  });

  it("answers a non-JSON media type with 415", async function () {
    const res = await api(sandbox, "POST", keysPath(sandbox), {
      body: "name=x",
      headers: { "Content-Type": "text/plain" },
    });
    assert.equal(res.status, 415);
    assert.deepEqual(res.json, { detail: 'Unsupported media type "text/plain" in request.' });
  });

  it("accepts DRF's lenient spellings: numeric strings for integers, string booleans, numbers as names", async function () {
    const res = await api(sandbox, "POST", keysPath(sandbox), {
      body: { name: 123, rateLimit: { count: "10", window: "60" } },
    });
    assert.equal(res.status, 201);
    const key = res.json as { id: string; name: string; rateLimit: unknown };
    assert.equal(key.name, "123");
    assert.deepEqual(key.rateLimit, { window: 60, count: 10 });
    const updated = await api(sandbox, "PUT", keysPath(sandbox, key.id), {
      body: { isActive: "false" },
    });
    assert.equal((updated.json as { isActive: boolean }).isActive, false);
    assert.equal((await api(sandbox, "DELETE", keysPath(sandbox, key.id))).status, 204);
  });

  it("answers an over-large body with 413", async function () {
    const res = await api(sandbox, "POST", keysPath(sandbox), {
      body: { name: "x".repeat(2 * 1024 * 1024) },
    });
    assert.equal(res.status, 413);
  });

  it("survives a malformed percent-escape in the path", async function () {
    const res = await request(`${sandbox.url}/api/0/projects/%E0%A4%A/x/keys/`, {
      token: sandbox.token,
    });
    assert.equal(res.status, 404);
  });
});
