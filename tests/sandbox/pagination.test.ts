import { strict as assert } from "node:assert";
import type { RunningSandbox } from "../../sandbox";
import { admin, api, startTestSandbox } from "../support/sandbox-http";

interface Link {
  url: string;
  rel: string;
  results: string;
  cursor: string;
}

// Parses Sentry's Link header: `<url>; rel="previous"; results="false"; cursor="0:0:1", <url>; rel="next"; ...`.
function parseLink(header: string | string[] | undefined): Link[] {
  assert.equal(typeof header, "string", "a Link header is present");
  const pattern = /<([^>]+)>; rel="([^"]+)"; results="([^"]+)"; cursor="([^"]+)"/g;
  const links = [...(header as string).matchAll(pattern)].map((m) => ({
    url: m[1]!,
    rel: m[2]!,
    results: m[3]!,
    cursor: m[4]!,
  }));
  assert.equal(links.length, 2, `two links in ${header}`);
  return links;
}

describe("sandbox: pagination like Sentry", function () {
  let sandbox: RunningSandbox;
  let path: string;
  const names: string[] = [];

  before(async function () {
    sandbox = await startTestSandbox();
    await admin(sandbox, "POST", "projects", { slug: "paged" });
    path = `/api/0/projects/${sandbox.organization}/paged/keys/`;
    for (let i = 0; i < 25; i++) {
      const res = await api(sandbox, "POST", path, { body: { name: `key-${i}` } });
      assert.equal(res.status, 201);
      names.unshift(`key-${i}`); // newest first
    }
  });
  after(async function () {
    await sandbox.close();
  });

  it("sends both links on the first page, exactly in Sentry's format", async function () {
    const res = await api(sandbox, "GET", `${path}?per_page=10`);
    assert.equal(res.status, 200);
    const base = `${sandbox.url}${path}?per_page=10`;
    assert.equal(
      res.headers.link,
      `<${base}&cursor=0:0:1>; rel="previous"; results="false"; cursor="0:0:1", ` +
        `<${base}&cursor=0:10:0>; rel="next"; results="true"; cursor="0:10:0"`,
    );
  });

  it("writes `?&cursor=` when the request had no other query, as Sentry does", async function () {
    const res = await api(sandbox, "GET", path);
    const [previous] = parseLink(res.headers.link);
    assert.equal(previous!.url, `${sandbox.url}${path}?&cursor=0:0:1`);
  });

  it('walks every page by following next until results="false"', async function () {
    const seen: string[] = [];
    let url: string | undefined = `${path}?per_page=10`;
    let pages = 0;
    while (url) {
      const res = await api(sandbox, "GET", url);
      assert.equal(res.status, 200);
      seen.push(...(res.json as { name: string }[]).map((k) => k.name));
      const next = parseLink(res.headers.link).find((l) => l.rel === "next")!;
      pages += 1;
      url = next.results === "true" ? next.url.slice(sandbox.url.length) : undefined;
    }
    assert.equal(pages, 3);
    assert.deepEqual(seen, names);
  });

  it("keeps other query parameters and marks previous results on later pages", async function () {
    const res = await api(sandbox, "GET", `${path}?status=active&per_page=10&cursor=0:20:0`);
    assert.equal((res.json as unknown[]).length, 5);
    const [previous, next] = parseLink(res.headers.link);
    assert.deepEqual(previous, {
      url: `${sandbox.url}${path}?status=active&per_page=10&cursor=0:10:1`,
      rel: "previous",
      results: "true",
      cursor: "0:10:1",
    });
    assert.equal(next!.results, "false");
    assert.equal(next!.cursor, "0:30:0");
  });

  it("defaults to 100 per page (Sentry's default) and accepts per_page up to 100", async function () {
    const all = await api(sandbox, "GET", path);
    assert.equal((all.json as unknown[]).length, 25);
    assert.equal(parseLink(all.headers.link)[1]!.results, "false");
    const max = await api(sandbox, "GET", `${path}?per_page=100`);
    assert.equal(max.status, 200);
  });

  it("honours a smaller defaultPerPage option", async function () {
    const small = await startTestSandbox({ defaultPerPage: 2 });
    try {
      for (let i = 0; i < 3; i++)
        await api(small, "POST", `/api/0/projects/${small.organization}/${small.project}/keys/`, {
          body: {},
        });
      const res = await api(
        small,
        "GET",
        `/api/0/projects/${small.organization}/${small.project}/keys/`,
      );
      assert.equal((res.json as unknown[]).length, 2);
      assert.equal(parseLink(res.headers.link)[1]!.results, "true");
    } finally {
      await small.close();
    }
  });

  it("paginates the organization-wide list the same way", async function () {
    const res = await api(
      sandbox,
      "GET",
      `/api/0/organizations/${sandbox.organization}/project-keys/?per_page=20`,
    );
    assert.equal((res.json as unknown[]).length, 20);
    const next = parseLink(res.headers.link)[1]!;
    assert.equal(next.results, "true");
    assert.equal(next.cursor, "0:20:0");
  });

  const bad: Array<[string, string]> = [
    ["per_page=0", "Invalid per_page parameter."],
    ["per_page=abc", "Invalid per_page parameter."],
    ["per_page=101", "Invalid per_page parameter. Max allowed value is 100."],
    ["cursor=garbage", "Invalid cursor parameter."],
    ["cursor=0:-10:0", "Pagination offset cannot be negative"],
  ];
  for (const [query, detail] of bad) {
    it(`answers 400 for ${query}`, async function () {
      const res = await api(sandbox, "GET", `${path}?${query}`);
      assert.equal(res.status, 400);
      assert.deepEqual(res.json, { detail });
    });
  }
});
