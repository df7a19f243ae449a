import { strict as assert } from "node:assert";
import type { RunningSandbox } from "../../sandbox";
import { isAllowedOrigin, requestOrigin } from "../../sandbox/origins";
import { admin, api, keysPath, request, startTestSandbox } from "../support/sandbox-http";

const url = (text: string) => new URL(text);

describe("sandbox: allowed domains at ingest, as Relay applies them", function () {
  describe("matching an origin against the project's patterns", function () {
    const cases: Array<[string, string[], boolean]> = [
      ["https://app.example.com", ["*"], true],
      ["https://app.example.com", ["https://app.example.com"], true],
      ["https://app.example.com", ["https://APP.example.com/"], true],
      ["http://app.example.com", ["https://app.example.com"], false],
      // A pattern without a port matches any port (Sentry's parse_uri_match).
      ["https://app.example.com:8443", ["https://app.example.com"], true],
      ["https://app.example.com:8443", ["https://app.example.com:9000"], false],
      ["https://app.example.com:8443", ["https://app.example.com:8443"], true],
      ["https://app.example.com:8443", ["app.example.com"], true],
      ["https://example.com", ["*.example.com"], true],
      ["https://deep.app.example.com", ["*.example.com"], true],
      ["https://notexample.com", ["*.example.com"], false],
      ["https://evil.com", ["https://app.example.com", "*.example.org"], false],
      ["https://www.example.org", ["https://app.example.com", "*.example.org"], true],
      ["https://any.host", ["*:443"], true],
      ["http://any.host", ["*:443"], false],
      ["https://app.example.com", [], false],
    ];
    for (const [origin, allowed, expected] of cases) {
      it(`${origin} under ${JSON.stringify(allowed)}: ${expected ? "accepted" : "refused"}`, function () {
        assert.equal(isAllowedOrigin(url(origin), allowed), expected);
      });
    }

    it("the origin is Origin, else Referer; neither (or no http URL) means none", function () {
      assert.equal(
        requestOrigin({ origin: "https://a.example", referer: "https://b.example/x" })?.host,
        "a.example",
      );
      assert.equal(requestOrigin({ referer: "https://b.example/page?q=1" })?.host, "b.example");
      assert.equal(
        requestOrigin({ origin: "null", referer: "https://b.example/" })?.host,
        "b.example",
      );
      assert.equal(requestOrigin({ origin: "file:///x" }), undefined);
      assert.equal(requestOrigin({}), undefined);
      assert.equal(isAllowedOrigin(undefined, []), true, "no origin at all passes, as in Relay");
    });
  });

  describe("over HTTP", function () {
    let sandbox: RunningSandbox;
    let publicKey: string;
    const envelope = () =>
      Buffer.from(
        `{}\n${JSON.stringify({ type: "event" })}\n${JSON.stringify({ message: "hi" })}\n`,
      );
    const send = (headers: Record<string, string>) =>
      request(`${sandbox.url}/api/${sandbox.projectId}/envelope/?sentry_key=${publicKey}`, {
        method: "POST",
        headers,
        body: envelope(),
      });
    const eventCount = async () =>
      ((await admin(sandbox, "GET", `events?publicKey=${publicKey}`)).json as unknown[]).length;

    before(async function () {
      sandbox = await startTestSandbox();
      publicKey = (
        (await api(sandbox, "POST", keysPath(sandbox), { body: {} })).json as { id: string }
      ).id;
      const set = await api(
        sandbox,
        "PUT",
        `/api/0/projects/${sandbox.organization}/${sandbox.project}/`,
        { body: { allowedDomains: ["https://app.example.com", "*.example.org"] } },
      );
      assert.equal(set.status, 200);
    });
    after(async function () {
      await sandbox.close();
    });

    const cases: Array<[string, Record<string, string>, number]> = [
      ["an allowed Origin", { Origin: "https://app.example.com" }, 200],
      ["a subdomain of a wildcard pattern", { Origin: "https://shop.example.org" }, 200],
      ["a foreign Origin", { Origin: "https://evil.example.net" }, 403],
      ["an allowed Referer without Origin", { Referer: "https://app.example.com/checkout" }, 200],
      ["a foreign Referer without Origin", { Referer: "https://evil.example.net/page" }, 403],
      [
        "a foreign Origin with an allowed Referer (Origin wins)",
        { Origin: "https://evil.example.net", Referer: "https://app.example.com/" },
        403,
      ],
      ["neither header (a server SDK)", {}, 200],
    ];
    for (const [what, headers, status] of cases) {
      it(`${what}: ${status}`, async function () {
        const before = await eventCount();
        const res = await send(headers);
        assert.equal(res.status, status, res.text);
        assert.equal(res.headers["access-control-allow-origin"], "*", "Relay's CORS headers");
        if (status === 403) {
          assert.deepEqual(res.json, { detail: "event submission rejected with_reason: Cors" });
          assert.equal(await eventCount(), before, "nothing recorded");
        } else {
          assert.equal(await eventCount(), before + 1);
        }
      });
    }
  });
});
