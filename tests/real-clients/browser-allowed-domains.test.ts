import { strict as assert } from "node:assert";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import * as path from "node:path";
import { build } from "esbuild";
import type { RunningSandbox } from "../../sandbox";
import { sandboxAdmin } from "../../testkit/sandbox-admin";
import { chromiumAvailable, chromiumPath, openInChromium } from "../support/chromium";
import { runIsolated } from "../support/sandbox-clients";
import { repoRoot } from "../support/sandbox-process";
import { skipUnless } from "../support/skip";
import { api, keysPath, startTestSandbox } from "../support/sandbox-http";

/** What the page reports once the SDK's transport has an answer. */
interface PageReport {
  eventId: string;
  statusCode: number | null;
  origin: string;
}

/**
 * A page server on loopback: every host name it is reached by (allowed.localhost,
 * elsewhere.localhost, which Chromium resolves to loopback itself) serves the same page, whose
 * real @sentry/browser bundle sends one message to the sandbox DSN and reports back here.
 */
async function startPageServer(dsn: string) {
  const bundled = await build({
    entryPoints: [path.join(__dirname, "fixtures", "browser-page.js")],
    bundle: true,
    format: "iife",
    platform: "browser",
    target: "es2020",
    write: false,
    logLevel: "silent",
    absWorkingDir: repoRoot,
  });
  const script = bundled.outputFiles[0]!.text;
  const waiting = new Map<string, (report: PageReport) => void>();
  const server = http.createServer((req, res) => {
    if (req.method === "POST" && req.url === "/report") {
      let body = "";
      req.on("data", (chunk: Buffer) => (body += chunk.toString("utf8")));
      req.on("end", () => {
        const report = JSON.parse(body) as PageReport;
        waiting.get(report.origin)?.(report);
        res.end();
      });
      return;
    }
    if (req.url === "/bundle.js") {
      res.writeHead(200, { "Content-Type": "text/javascript" });
      res.end(script);
      return;
    }
    const config = JSON.stringify({ dsn, report: "/report" });
    res.writeHead(200, { "Content-Type": "text/html" });
    res.end(
      `<!doctype html><title>shop</title><script>window.__SANDBOX_PAGE__ = ${config};</script>` +
        `<script src="/bundle.js"></script>`,
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    /** Opens `http://<host>:<port>/` in Chromium and resolves with the page's report. */
    async visit(host: string): Promise<PageReport> {
      const origin = `http://${host}:${port}`;
      const reported = new Promise<PageReport>((resolve) => waiting.set(origin, resolve));
      const page = openInChromium(`${origin}/`);
      try {
        return await reported;
      } finally {
        await page.close();
      }
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe("real clients: @sentry/browser in headless Chromium against a project's allowed domains", function () {
  this.timeout(90_000);
  let sandbox: RunningSandbox;
  let dsn: string;
  let publicKey: string;
  let pages: Awaited<ReturnType<typeof startPageServer>>;

  before(async function () {
    // .ci/run installs Debian's chromium; under CI its absence fails instead of skipping.
    skipUnless(this, await chromiumAvailable(), `Chromium not runnable at ${chromiumPath}`);
    sandbox = await startTestSandbox();
    const key = (await api(sandbox, "POST", keysPath(sandbox), { body: { name: "browser" } }))
      .json as { id: string; dsn: { public: string } };
    dsn = key.dsn.public;
    publicKey = key.id;
    const set = await api(
      sandbox,
      "PUT",
      `/api/0/projects/${sandbox.organization}/${sandbox.project}/`,
      { body: { allowedDomains: ["http://allowed.localhost"] } },
    );
    assert.equal(set.status, 200, set.text);
    pages = await startPageServer(dsn);
  });
  after(async function () {
    await pages?.close();
    await sandbox?.close();
  });

  const envelopeRequests = async (origin: string) =>
    (await sandboxAdmin(sandbox.url).requests()).filter(
      (r) => r.path === `/api/${sandbox.projectId}/envelope/` && r.origin === origin,
    );
  const eventIds = async () => (await sandboxAdmin(sandbox.url).events(publicKey)).map((e) => e.id);

  it("a page on an allowed origin: the browser's Origin matches, the event is accepted (200)", async function () {
    const report = await pages.visit("allowed.localhost");
    assert.equal(report.origin, `http://allowed.localhost:${pages.port}`);
    assert.equal(report.statusCode, 200);
    assert.ok((await eventIds()).includes(report.eventId), "the sandbox recorded the event");
    assert.deepEqual(
      (await envelopeRequests(report.origin)).map((r) => r.status),
      [200],
    );
  });

  it("the same page on another origin: refused with 403, nothing recorded", async function () {
    const report = await pages.visit("elsewhere.localhost");
    assert.equal(report.origin, `http://elsewhere.localhost:${pages.port}`);
    assert.equal(report.statusCode, 403, "the SDK read Relay's 403 (CORS headers let it)");
    assert.ok(!(await eventIds()).includes(report.eventId), "no event recorded");
    assert.deepEqual(
      (await envelopeRequests(report.origin)).map((r) => r.status),
      [403],
    );
  });

  it("a server SDK (@sentry/node, no Origin or Referer) is never refused by allowed domains", async function () {
    const result = await runIsolated(
      process.execPath,
      [path.join(__dirname, "fixtures", "send-with-sentry-node.js")],
      { SENTRY_DSN: dsn },
    );
    assert.equal(result.code, 0, result.stderr);
    const sent = JSON.parse(result.stdout) as { eventId: string; statusCode: number };
    assert.equal(sent.statusCode, 200);
    assert.ok((await eventIds()).includes(sent.eventId));
  });
});
