import assert from "node:assert/strict";
import { createSentryClient, type SentryApiError, type ClientEvent } from "../../provider/sentry";
import { FAST } from "../support/client-sandbox";
import { startScriptedServer, type ScriptedServer } from "../support/client-scripted-server";

const TOKEN = `sntryu_${"5e".repeat(32)}`;
const OK = { status: 200, body: { version: "0", auth: { scopes: [] }, user: null } };

describe("sentry client: HTTP edge cases (scripted loopback server)", () => {
  const servers: ScriptedServer[] = [];
  const serve = async (...args: Parameters<typeof startScriptedServer>) => {
    const server = await startScriptedServer(...args);
    servers.push(server);
    return server;
  };
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => s.close()));
  });
  const clientOf = (baseUrl: string, events: ClientEvent[] = []) =>
    createSentryClient({ token: TOKEN, baseUrl, ...FAST, onEvent: (e) => events.push(e) });

  it("sends Authorization: Bearer, a User-Agent and JSON bodies", async () => {
    const server = await serve([{ status: 201, body: { id: "1", name: "n", token: "sntrys_x" } }]);
    await clientOf(server.url).orgAuthTokens.create("acme", { name: "n" });
    const [request] = server.received;
    assert.equal(request!.headers.authorization, `Bearer ${TOKEN}`);
    assert.equal(request!.headers["user-agent"], "pulumi-sentry-rotation");
    assert.equal(request!.headers["content-type"], "application/json");
    assert.equal(request!.url, "/api/0/organizations/acme/org-auth-tokens/");
  });

  it("keeps a path prefix of the base URL (Sentry served under /sentry)", async () => {
    const server = await serve([OK]);
    await clientOf(`${server.url}/sentry/`).authInfo();
    assert.equal(server.received[0]!.url, "/sentry/api/0/");
  });

  it("honours Retry-After on a 503 and on a 429 without Sentry headers", async function () {
    this.timeout(10_000);
    const server = await serve([
      { status: 503, headers: { "Retry-After": "1" }, body: { detail: "maintenance" } },
      { status: 429, headers: { "Retry-After": "1" }, body: { detail: "slow down" } },
      OK,
    ]);
    const events: ClientEvent[] = [];
    await clientOf(server.url, events).authInfo();
    assert.deepEqual(
      events.map((e) => e.type === "retry" && [e.reason, e.delayMs >= 1000]),
      [
        ["503", true],
        ["429", true],
      ],
    );
    const [a, b, c] = server.received.map((r) => r.atMs);
    assert.ok(b! - a! >= 990 && c! - b! >= 990, "waited for Retry-After each time");
  });

  it("retries an HTML 502 page from a proxy and reports its text when giving up", async () => {
    const server = await serve([{ status: 502, body: "<html><body>Bad Gateway</body></html>" }]);
    await assert.rejects(clientOf(server.url).authInfo(), (err: SentryApiError) => {
      assert.equal(err.status, 502);
      assert.equal(err.attempts, 4);
      assert.match(err.detail!, /Bad Gateway/);
      return true;
    });
    assert.equal(server.received.length, 4);
  });

  it("rejects a 200 that is not JSON (a login page) with a hint about SENTRY_URL", async () => {
    const server = await serve([{ status: 200, body: "<html>Sign in</html>" }]);
    await assert.rejects(
      clientOf(server.url).authInfo(),
      /response body is not JSON.*check that SENTRY_URL/,
    );
  });

  it("never follows a redirect, so the token cannot travel to another host", async () => {
    const elsewhere = await serve([OK]);
    const server = await serve([{ status: 302, headers: { Location: `${elsewhere.url}/api/0/` } }]);
    await assert.rejects(clientOf(server.url).authInfo(), (err: SentryApiError) => {
      assert.equal(err.status, 302);
      assert.match(err.hint!, /redirect/);
      return true;
    });
    assert.equal(elsewhere.received.length, 0);
  });

  it("follows pagination by cursor on its own base URL, whatever host the Link names", async () => {
    const key = (id: string) => ({ id });
    const server = await serve((request) => {
      const cursor = new URL(request.url, "http://x").searchParams.get("cursor");
      const next = cursor === null ? "c1" : "c2";
      const more = cursor === null;
      return {
        status: 200,
        body: cursor === null ? [key("a"), key("b")] : [key("c")],
        headers: {
          Link:
            `<http://internal.invalid:9000/api/0/x/?cursor=p>; rel="previous"; results="false"; cursor="p", ` +
            `<http://internal.invalid:9000/api/0/x/?cursor=${next}>; rel="next"; results="${more}"; cursor="${next}"`,
        },
      };
    });
    const keys = await clientOf(server.url).clientKeys.listAll("acme", "web", {
      status: "active",
      perPage: 2,
    });
    assert.deepEqual(
      keys.map((k) => k.id),
      ["a", "b", "c"],
    );
    assert.deepEqual(
      server.received.map((r) => r.url),
      [
        "/api/0/projects/acme/web/keys/?status=active&per_page=2",
        "/api/0/projects/acme/web/keys/?status=active&per_page=2&cursor=c1",
      ],
    );
  });
});
