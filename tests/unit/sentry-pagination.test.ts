import assert from "node:assert/strict";
import { SentryApiError, nextCursor, paginate, parseLinkHeader } from "../../provider/sentry";

const SENTRY_LINK =
  '<https://sentry.io/api/0/projects/acme/web/keys/?cursor=0:0:1>; rel="previous"; results="false"; cursor="0:0:1", ' +
  '<https://sentry.io/api/0/projects/acme/web/keys/?cursor=0:10:0>; rel="next"; results="true"; cursor="0:10:0"';

function link(nextResults: boolean, cursor: string): string {
  return (
    `<http://x/?cursor=0:0:1>; rel="previous"; results="false"; cursor="0:0:1", ` +
    `<http://x/?cursor=${cursor}>; rel="next"; results="${nextResults}"; cursor="${cursor}"`
  );
}

describe("sentry Link header and pagination", () => {
  it("parses both links with rel, results and cursor", () => {
    const links = parseLinkHeader(SENTRY_LINK);
    assert.equal(links.length, 2);
    assert.deepEqual(
      links.map(({ rel, results, cursor }) => ({ rel, results, cursor })),
      [
        { rel: "previous", results: false, cursor: "0:0:1" },
        { rel: "next", results: true, cursor: "0:10:0" },
      ],
    );
    assert.equal(links[1]!.url, "https://sentry.io/api/0/projects/acme/web/keys/?cursor=0:10:0");
  });

  it("returns the next cursor while results is true", () => {
    assert.equal(nextCursor(parseLinkHeader(SENTRY_LINK)), "0:10:0");
  });

  it('stops when next says results="false", although the link is present', () => {
    assert.equal(nextCursor(parseLinkHeader(link(false, "0:20:0"))), undefined);
  });

  it("handles absent, empty and junk headers", () => {
    assert.deepEqual(parseLinkHeader(undefined), []);
    assert.deepEqual(parseLinkHeader(""), []);
    assert.deepEqual(parseLinkHeader("garbage, more garbage"), []);
    assert.equal(nextCursor(parseLinkHeader("<http://x/>; rel=previous")), undefined);
  });

  it("falls back to the cursor query parameter and tolerates unquoted values and spacing", () => {
    const links = parseLinkHeader(
      "<http://x/keys/?per_page=5&cursor=1:5:0> ;  rel=next ; results=true",
    );
    assert.equal(links[0]!.rel, "next");
    assert.equal(nextCursor(links), "1:5:0");
  });

  it("iterates every page and re-requests the same path with the cursor", async () => {
    const calls: Array<{ path: string; query: Record<string, unknown> }> = [];
    const pages = new Map<string | undefined, { data: number[]; link: string }>([
      [undefined, { data: [1, 2], link: link(true, "c1") }],
      ["c1", { data: [3, 4], link: link(true, "c2") }],
      ["c2", { data: [5], link: link(false, "c3") }],
    ]);
    const items: number[] = [];
    for await (const item of paginate<number>(
      async (path, query) => {
        calls.push({ path, query });
        const page = pages.get(query.cursor as string | undefined)!;
        return { data: page.data, headers: { link: page.link } };
      },
      "/api/0/x/",
      { status: "active" },
    )) {
      items.push(item);
    }
    assert.deepEqual(items, [1, 2, 3, 4, 5]);
    assert.deepEqual(
      calls.map((c) => c.query),
      [
        { status: "active" },
        { status: "active", cursor: "c1" },
        { status: "active", cursor: "c2" },
      ],
    );
    assert.ok(calls.every((c) => c.path === "/api/0/x/"));
  });

  it("fetches lazily: stopping early does not load further pages", async () => {
    let fetched = 0;
    const iterator = paginate<number>(async () => {
      fetched++;
      return { data: [fetched], headers: { link: link(true, `c${fetched}`) } };
    }, "/p/");
    for await (const item of iterator) {
      if (item === 1) break;
    }
    assert.equal(fetched, 1);
  });

  it("throws on a cursor loop instead of spinning forever", async () => {
    const iterator = paginate<number>(
      async () => ({ data: [1], headers: { link: link(true, "same") } }),
      "/p/",
    );
    await assert.rejects(
      async () => {
        for await (const _ of iterator) void _;
      },
      (err: unknown) => err instanceof SentryApiError && /pagination loop/.test(err.message),
    );
  });

  it("throws when a page is not an array", async () => {
    const iterator = paginate<number>(async () => ({ data: { detail: "x" }, headers: {} }), "/p/");
    await assert.rejects(async () => {
      for await (const _ of iterator) void _;
    }, /expected a JSON array/);
  });
});
