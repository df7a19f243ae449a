import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import type { RunningSandbox } from "../../sandbox";
import { skipUnless } from "../support/skip";
import {
  admin,
  api,
  keysPath,
  mintToken,
  startTestSandbox,
  type HttpResult,
} from "../support/sandbox-http";
import { describeErrors, schemaPath, SentryOpenApi } from "../support/sandbox-openapi";

const KEYS = "/api/0/projects/{organization_id_or_slug}/{project_id_or_slug}/keys/";
const KEY = "/api/0/projects/{organization_id_or_slug}/{project_id_or_slug}/keys/{key_id}/";
const ORG_KEYS = "/api/0/organizations/{organization_id_or_slug}/project-keys/";
// A body for a test title: long repeated names shortened to "n×65".
const show = (body: object): string =>
  JSON.stringify(body).replace(/(.)\1{19,}/g, (m, c: string) => `${c}×${m.length}`);

describe("contract: sandbox client-key responses match Sentry's OpenAPI schema", function () {
  let openapi: SentryOpenApi;
  let sandbox: RunningSandbox;
  let keyId: string;

  // Asserts the status is documented for the operation and the body matches its schema (if any).
  const assertDocumented = (template: string, method: string, res: HttpResult): void => {
    const validate = openapi.responseValidator(template, method, res.status);
    if (validate === undefined) return;
    assert.ok(
      validate(res.json),
      `${method} ${template} ${res.status}: ${describeErrors(validate)}`,
    );
  };

  before(async function () {
    skipUnless(
      this,
      fs.existsSync(schemaPath),
      `Sentry OpenAPI schema not found at ${schemaPath} (set SENTRY_OPENAPI_SCHEMA)`,
    );
    openapi = new SentryOpenApi();
    sandbox = await startTestSandbox();
    const made = await api(sandbox, "POST", keysPath(sandbox), {
      body: { name: "contract", rateLimit: { count: 10, window: 60 } },
    });
    keyId = (made.json as { id: string }).id;
    await api(sandbox, "POST", keysPath(sandbox), { body: {} });
    const inactive = await api(sandbox, "POST", keysPath(sandbox), { body: { name: "inactive" } });
    await api(sandbox, "PUT", keysPath(sandbox, (inactive.json as { id: string }).id), {
      body: { isActive: false },
    });
  });
  after(async function () {
    await sandbox?.close();
  });

  it("list: 200 array of keys (rate-limited, plain and inactive)", async function () {
    const res = await api(sandbox, "GET", keysPath(sandbox));
    assert.equal(res.status, 200);
    assert.equal((res.json as unknown[]).length, 3);
    assertDocumented(KEYS, "GET", res);
  });

  it("create: 201 key", async function () {
    const res = await api(sandbox, "POST", keysPath(sandbox), { body: { name: "created" } });
    assert.equal(res.status, 201);
    assertDocumented(KEYS, "POST", res);
  });

  it("get: 200 key", async function () {
    const res = await api(sandbox, "GET", keysPath(sandbox, keyId));
    assert.equal(res.status, 200);
    assertDocumented(KEY, "GET", res);
  });

  it("update: 200 key", async function () {
    const res = await api(sandbox, "PUT", keysPath(sandbox, keyId), {
      body: {
        name: "updated",
        browserSdkVersion: "latest",
        dynamicSdkLoaderOptions: { hasDebug: true },
      },
    });
    assert.equal(res.status, 200);
    assertDocumented(KEY, "PUT", res);
  });

  it("organization project-keys list: 200 array of keys", async function () {
    await admin(sandbox, "POST", "projects", { slug: "contract-two" });
    await api(sandbox, "POST", `/api/0/projects/${sandbox.organization}/contract-two/keys/`, {
      body: {},
    });
    const res = await api(
      sandbox,
      "GET",
      `/api/0/organizations/${sandbox.organization}/project-keys/`,
    );
    assert.equal(res.status, 200);
    assertDocumented(ORG_KEYS, "GET", res);
    const filtered = await api(
      sandbox,
      "GET",
      `/api/0/organizations/${sandbox.organization}/project-keys/?status=inactive`,
    );
    assertDocumented(ORG_KEYS, "GET", filtered);
  });

  it("error statuses are ones the schema documents for each operation", async function () {
    const reader = await mintToken(sandbox, ["project:read"]);
    const writer = await mintToken(sandbox, ["project:write"]);
    const missing = keysPath(sandbox, "0".repeat(32));
    const cases: Array<[string, string, HttpResult, number]> = [
      [KEY, "GET", await api(sandbox, "GET", missing), 404],
      [KEY, "PUT", await api(sandbox, "PUT", missing, { body: { name: "x" } }), 404],
      [
        KEY,
        "PUT",
        await api(sandbox, "PUT", keysPath(sandbox, keyId), { body: { isActive: "maybe" } }),
        400,
      ],
      [
        KEY,
        "PUT",
        await api(sandbox, "PUT", keysPath(sandbox, keyId), { token: reader, body: { name: "x" } }),
        403,
      ],
      [
        KEY,
        "DELETE",
        await api(sandbox, "DELETE", keysPath(sandbox, keyId), { token: writer }),
        403,
      ],
      [KEY, "DELETE", await api(sandbox, "DELETE", missing), 404],
      [
        KEYS,
        "POST",
        await api(sandbox, "POST", keysPath(sandbox), { body: { name: "n".repeat(65) } }),
        400,
      ],
      [
        KEYS,
        "POST",
        await api(sandbox, "POST", keysPath(sandbox), { token: reader, body: {} }),
        403,
      ],
      [KEYS, "GET", await api(sandbox, "GET", `${keysPath(sandbox)}?cursor=bad`), 400],
      [ORG_KEYS, "GET", await api(sandbox, "GET", "/api/0/organizations/nope/project-keys/"), 404],
      [
        ORG_KEYS,
        "GET",
        await api(sandbox, "GET", `/api/0/organizations/${sandbox.organization}/project-keys/`, {
          token: reader,
        }),
        403,
      ],
    ];
    for (const [template, method, res, status] of cases) {
      assert.equal(res.status, status, `${method} ${template}`);
      assertDocumented(template, method, res);
    }
    const deleted = await api(sandbox, "DELETE", keysPath(sandbox, keyId));
    assert.equal(deleted.status, 204);
    assertDocumented(KEY, "DELETE", deleted);
  });

  describe("request bodies: the sandbox accepts exactly what the schema allows", function () {
    // [body, expected to be valid by the schema and accepted by the sandbox]
    const createBodies: Array<[object, boolean]> = [
      [{}, true],
      [{ name: "ok" }, true],
      [{ name: null }, true],
      [{ name: "n".repeat(64) }, true],
      [{ name: "n".repeat(65) }, false],
      [{ rateLimit: { count: 100, window: 3600 } }, true],
      [{ rateLimit: { count: null, window: null } }, true],
      [{ rateLimit: { count: 1, window: 86400 } }, true],
      [{ rateLimit: { count: 1, window: 86401 } }, false],
      [{ rateLimit: { count: -1, window: 60 } }, false],
      [{ rateLimit: { count: 1.5, window: 60 } }, false],
      [{ rateLimit: null }, false],
      [{ rateLimit: "x" }, false],
      [{ useCase: "profiling" }, true],
      [{ useCase: "root" }, false],
    ];
    for (const [body, valid] of createBodies) {
      it(`create ${show(body)}: ${valid ? "accepted" : "rejected"} by both`, async function () {
        const validate = openapi.requestValidator(KEYS, "POST");
        assert.equal(validate(body), valid, `schema: ${describeErrors(validate)}`);
        const res = await api(sandbox, "POST", keysPath(sandbox), { body });
        assert.equal(res.status, valid ? 201 : 400, res.text);
      });
    }

    const updateBodies: Array<[object, boolean]> = [
      [{}, true],
      [{ name: "renamed" }, true],
      [{ isActive: false }, true],
      [{ isActive: true }, true],
      [{ isActive: "maybe" }, false],
      [{ browserSdkVersion: "latest" }, true],
      [{ browserSdkVersion: "7.x" }, true],
      [{ browserSdkVersion: "5.x" }, false],
      [{ rateLimit: { count: 5, window: 60 } }, true],
      [{ rateLimit: { count: 5, window: 99999 } }, false],
      [{ dynamicSdkLoaderOptions: { hasReplay: false, hasLogsAndMetrics: true } }, true],
      [{ dynamicSdkLoaderOptions: { hasReplay: "no way" } }, false],
    ];
    for (const [body, valid] of updateBodies) {
      it(`update ${show(body)}: ${valid ? "accepted" : "rejected"} by both`, async function () {
        const validate = openapi.requestValidator(KEY, "PUT");
        assert.equal(validate(body), valid, `schema: ${describeErrors(validate)}`);
        const key = (await api(sandbox, "POST", keysPath(sandbox), { body: {} })).json as {
          id: string;
        };
        const res = await api(sandbox, "PUT", keysPath(sandbox, key.id), { body });
        assert.equal(res.status, valid ? 200 : 400, res.text);
      });
    }

    // Where the published schema and Sentry's serializers disagree, the sandbox follows the
    // serializer (what the real server does). Listed so a change on either side shows up here.
    const knownDifferences: Array<[string, string, object, boolean, number]> = [
      [
        "update name over 64: schema has no maxLength, serializer max_length=64",
        "PUT",
        { name: "n".repeat(65) },
        true,
        400,
      ],
      [
        "update rateLimit null: schema not nullable, serializer allow_null (clears it)",
        "PUT",
        { rateLimit: null },
        false,
        200,
      ],
      [
        "update name null: schema not nullable, serializer allow_null",
        "PUT",
        { name: null },
        false,
        200,
      ],
      [
        "create name as a number: schema wants a string, DRF CharField coerces",
        "POST",
        { name: 7 },
        false,
        201,
      ],
    ];
    for (const [what, method, body, schemaValid, status] of knownDifferences) {
      it(`known difference: ${what}`, async function () {
        const template = method === "POST" ? KEYS : KEY;
        const validate = openapi.requestValidator(template, method);
        assert.equal(validate(body), schemaValid);
        const key = (await api(sandbox, "POST", keysPath(sandbox), { body: {} })).json as {
          id: string;
        };
        const res = await api(
          sandbox,
          method,
          method === "POST" ? keysPath(sandbox) : keysPath(sandbox, key.id),
          { body },
        );
        assert.equal(res.status, status, res.text);
      });
    }
  });
});
