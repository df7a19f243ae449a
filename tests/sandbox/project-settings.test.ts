import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { startSandbox, type RunningSandbox } from "../../sandbox";
import { api, mintToken, startTestSandbox } from "../support/sandbox-http";

interface Detail {
  id: string;
  slug: string;
  allowedDomains: string[];
  securityToken: string;
  securityTokenHeader: string | null;
  verifySSL: boolean;
  scrubIPAddresses: boolean;
  scrapeJavaScript: boolean;
}

describe("sandbox: project security settings (GET|PUT /api/0/projects/{org}/{project}/)", function () {
  let sandbox: RunningSandbox;
  const projectPath = (project = sandbox.project) =>
    `/api/0/projects/${sandbox.organization}/${project}/`;

  before(async function () {
    sandbox = await startTestSandbox();
  });
  after(async function () {
    await sandbox.close();
  });

  it("a fresh project shows Sentry's defaults, and its security token stays the same once made", async function () {
    const first = await api(sandbox, "GET", projectPath());
    assert.equal(first.status, 200);
    const body = first.json as Detail;
    assert.equal(body.slug, sandbox.project);
    assert.equal(body.id, String(sandbox.projectId));
    assert.deepEqual(body.allowedDomains, ["*"]);
    assert.equal(body.securityTokenHeader, null);
    assert.equal(body.verifySSL, false);
    assert.equal(body.scrubIPAddresses, false);
    assert.equal(body.scrapeJavaScript, true);
    assert.match(body.securityToken, /^[0-9a-f]{32}$/);
    const again = (await api(sandbox, "GET", `/api/0/projects/1/${sandbox.projectId}/`))
      .json as Detail;
    assert.equal(again.securityToken, body.securityToken, "numeric ids reach the same project");
  });

  it("PUT changes only the fields it names, normalizes domains and answers with the whole project", async function () {
    const res = await api(sandbox, "PUT", projectPath(), {
      body: {
        allowedDomains: [
          "https://App.Example.com/",
          "",
          "*.example.org",
          "https://app.example.com",
        ],
        securityTokenHeader: "X-Scrape-Token",
        verifySSL: true,
      },
    });
    assert.equal(res.status, 200, res.text);
    const body = res.json as Detail;
    assert.deepEqual(body.allowedDomains, ["https://app.example.com", "*.example.org"]);
    assert.equal(body.securityTokenHeader, "X-Scrape-Token");
    assert.equal(body.verifySSL, true);
    assert.equal(body.scrapeJavaScript, true, "untouched");
    const read = (await api(sandbox, "GET", projectPath())).json as Detail;
    assert.deepEqual(read, body);
    const reset = await api(sandbox, "PUT", projectPath(), {
      body: { securityTokenHeader: "", allowedDomains: ["*"] },
    });
    assert.equal((reset.json as Detail).securityTokenHeader, null, "blank = the default header");
  });

  const invalid: Array<[string, object, unknown]> = [
    [
      "an empty domain list",
      { allowedDomains: [" "] },
      {
        allowedDomains: ["Empty value will block all requests, use * to accept from all domains"],
      },
    ],
    [
      "a domain that is no origin",
      { allowedDomains: ["https://ok.example", "bad domain!"] },
      { allowedDomains: { "1": ["bad domain! is not an acceptable domain"] } },
    ],
    [
      "domains that are not a list",
      { allowedDomains: "example.com" },
      { allowedDomains: ['Expected a list of items but got type "str".'] },
    ],
    [
      "a security token with characters outside base64",
      { securityToken: "not$allowed" },
      { securityToken: ["This value does not match the required pattern."] },
    ],
    [
      "a header name with a space",
      { securityTokenHeader: "X Token" },
      { securityTokenHeader: ["This value does not match the required pattern."] },
    ],
    [
      "verifySSL that is no boolean",
      { verifySSL: "sometimes" },
      { verifySSL: ["Must be a valid boolean."] },
    ],
  ];
  for (const [what, body, errors] of invalid) {
    it(`400 for ${what}, nothing changed`, async function () {
      const before = (await api(sandbox, "GET", projectPath())).json;
      const res = await api(sandbox, "PUT", projectPath(), { body });
      assert.equal(res.status, 400);
      assert.deepEqual(res.json, errors);
      assert.deepEqual((await api(sandbox, "GET", projectPath())).json, before);
    });
  }

  it("a rejected security token is never repeated in the answer", async function () {
    const secret = "s3cr3t-token$$with-a-dollar";
    const res = await api(sandbox, "PUT", projectPath(), { body: { securityToken: secret } });
    assert.equal(res.status, 400);
    assert.ok(!res.text.includes("s3cr3t"), res.text);
  });

  it("scopes: project:read reads, project:write changes; 404 before 403; 401 without a token", async function () {
    const reader = await mintToken(sandbox, ["project:read"]);
    const writer = await mintToken(sandbox, ["project:write"]);
    assert.equal((await api(sandbox, "GET", projectPath(), { token: reader })).status, 200);
    const refused = await api(sandbox, "PUT", projectPath(), {
      token: reader,
      body: { verifySSL: false },
    });
    assert.equal(refused.status, 403);
    assert.equal(
      (await api(sandbox, "PUT", projectPath(), { token: writer, body: { verifySSL: false } }))
        .status,
      200,
    );
    assert.equal((await api(sandbox, "GET", projectPath("nope"), { token: reader })).status, 404);
    assert.equal((await api(sandbox, "GET", projectPath(), { token: null })).status, 401);
    assert.equal((await api(sandbox, "DELETE", projectPath())).status, 405);
  });

  it("the settings survive a restart with the same data file", async function () {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sandbox-project-"));
    const dataFile = path.join(dir, "state.json");
    try {
      const first = await startSandbox({ dataFile, rateLimit: false });
      const where = `/api/0/projects/${first.organization}/${first.project}/`;
      const set = await api(first, "PUT", where, {
        body: { allowedDomains: ["https://kept.example"], securityToken: "abc+/=" },
      });
      assert.equal(set.status, 200, set.text);
      await first.close();
      const second = await startSandbox({ dataFile, rateLimit: false });
      try {
        const read = (await api(second, "GET", where)).json as Detail;
        assert.deepEqual(read.allowedDomains, ["https://kept.example"]);
        assert.equal(read.securityToken, "abc+/=");
      } finally {
        await second.close();
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
