import { strict as assert } from "node:assert";
import * as zlib from "node:zlib";
import type { RunningSandbox } from "../../sandbox";
import { admin, api, keysPath, request, startTestSandbox } from "../support/sandbox-http";

interface Key {
  id: string;
  public: string;
  secret: string;
}
interface Event {
  id: string;
  projectId: number;
  publicKey: string;
  endpoint: string;
  receivedAt: string;
  itemTypes: string[];
  contentEncoding?: string;
}

const EVENT_ID = "e2f905c0-1be3-454f-87b3-eb4c88223a7b";
const EVENT_HEX = EVENT_ID.replace(/-/g, "");

function envelope(eventId: string | undefined = EVENT_ID): Buffer {
  const event = JSON.stringify({ message: "hello", level: "info" });
  const header = eventId === undefined ? {} : { event_id: eventId };
  return Buffer.from(
    `${JSON.stringify(header)}\n${JSON.stringify({ type: "event", length: Buffer.byteLength(event) })}\n${event}\n`,
  );
}

describe("sandbox: ingest (envelope and store)", function () {
  let sandbox: RunningSandbox;
  let key: Key;
  let envelopeUrl: string;
  const events = async (publicKey?: string): Promise<Event[]> =>
    (await admin(sandbox, "GET", publicKey ? `events?publicKey=${publicKey}` : "events"))
      .json as Event[];
  const newKey = async (): Promise<Key> =>
    (await api(sandbox, "POST", keysPath(sandbox), { body: {} })).json as Key;

  before(async function () {
    sandbox = await startTestSandbox();
    key = await newKey();
    envelopeUrl = `${sandbox.url}/api/${sandbox.projectId}/envelope/`;
  });
  after(async function () {
    await sandbox.close();
  });
  beforeEach(async function () {
    assert.equal((await admin(sandbox, "DELETE", "events")).status, 204);
  });

  it("accepts an envelope with X-Sentry-Auth (as sentry-cli sends it) and records the event", async function () {
    const res = await request(envelopeUrl, {
      method: "POST",
      headers: {
        "X-Sentry-Auth": `Sentry sentry_key=${key.public}, sentry_version=7, sentry_client=test/1`,
      },
      body: envelope(),
    });
    assert.equal(res.status, 200);
    assert.deepEqual(res.json, { id: EVENT_HEX });
    const [event, ...rest] = await events();
    assert.equal(rest.length, 0);
    assert.deepEqual(
      { ...event!, receivedAt: "x" },
      {
        id: EVENT_HEX,
        projectId: sandbox.projectId,
        publicKey: key.public,
        endpoint: "envelope",
        receivedAt: "x",
        itemTypes: ["event"],
      },
    );
  });

  const authForms: Array<[string, (k: Key) => { query: string; headers: Record<string, string> }]> =
    [
      [
        "?sentry_key= (as @sentry/node sends it)",
        (k) => ({ query: `?sentry_version=7&sentry_key=${k.public}`, headers: {} }),
      ],
      [
        "Authorization: Sentry ...",
        (k) => ({
          query: "",
          headers: { Authorization: `Sentry sentry_key=${k.public}, sentry_version=7` },
        }),
      ],
      [
        "Basic auth with the public key as user",
        (k) => ({
          query: "",
          headers: {
            Authorization: `Basic ${Buffer.from(`${k.public}:${k.secret}`).toString("base64")}`,
          },
        }),
      ],
    ];
  for (const [name, form] of authForms) {
    it(`accepts ${name}`, async function () {
      const { query, headers } = form(key);
      const res = await request(`${envelopeUrl}${query}`, {
        method: "POST",
        headers,
        body: envelope(),
      });
      assert.equal(res.status, 200);
      assert.equal((await events(key.public)).length, 1);
    });
  }

  for (const encoding of ["gzip", "deflate", "br"] as const) {
    it(`decodes a ${encoding}-compressed envelope`, async function () {
      const compress = {
        gzip: zlib.gzipSync,
        deflate: zlib.deflateSync,
        br: zlib.brotliCompressSync,
      }[encoding];
      const res = await request(`${envelopeUrl}?sentry_key=${key.public}`, {
        method: "POST",
        headers: { "Content-Encoding": encoding },
        body: compress(envelope()),
      });
      assert.equal(res.status, 200);
      assert.deepEqual(res.json, { id: EVENT_HEX });
      assert.equal((await events())[0]!.contentEncoding, encoding);
    });
  }

  it("accepts the legacy store endpoint, trailing slash optional, and generates an id when none is sent", async function () {
    const withId = await request(
      `${sandbox.url}/api/${sandbox.projectId}/store?sentry_key=${key.public}`,
      {
        method: "POST",
        body: { event_id: EVENT_HEX, message: "legacy" },
      },
    );
    assert.equal(withId.status, 200);
    assert.deepEqual(withId.json, { id: EVENT_HEX });
    const withoutId = await request(`${envelopeUrl}?sentry_key=${key.public}`, {
      method: "POST",
      body: envelope(undefined),
    });
    assert.match((withoutId.json as { id: string }).id, /^[0-9a-f]{32}$/);
    assert.deepEqual(
      (await events()).map((e) => e.endpoint),
      ["store", "envelope"],
    );
  });

  const unauthorized: Array<[string, Record<string, string>, string, string]> = [
    ["no auth", {}, "", "missing authorization information"],
    [
      "an X-Sentry-Auth without a key",
      { "X-Sentry-Auth": "Sentry sentry_version=7" },
      "",
      "bad x-sentry-auth header",
    ],
    [
      "a key that is not 32 hex",
      { "X-Sentry-Auth": "Sentry sentry_key=nothex" },
      "",
      "bad x-sentry-auth header",
    ],
    [
      "two auth forms at once",
      { "X-Sentry-Auth": "Sentry sentry_key=" + "a".repeat(32) },
      `?sentry_key=${"a".repeat(32)}`,
      "multiple authorization payloads detected",
    ],
  ];
  for (const [name, headers, query, detail] of unauthorized) {
    it(`answers 401 for ${name}`, async function () {
      const res = await request(`${envelopeUrl}${query}`, {
        method: "POST",
        headers,
        body: envelope(),
      });
      assert.equal(res.status, 401);
      assert.deepEqual(res.json, { detail });
      assert.deepEqual(await events(), []);
    });
  }

  it("answers 403 for unknown, inactive, deleted and other-project keys", async function () {
    const rejected = { detail: "event submission rejected with_reason: ProjectId" };
    const inactive = await newKey();
    await api(sandbox, "PUT", keysPath(sandbox, inactive.id), { body: { isActive: false } });
    const deleted = await newKey();
    await api(sandbox, "DELETE", keysPath(sandbox, deleted.id));
    const other = await admin(sandbox, "POST", "projects", { slug: "ingest-other" });
    const otherKey = (
      await api(sandbox, "POST", `/api/0/projects/${sandbox.organization}/ingest-other/keys/`, {
        body: {},
      })
    ).json as Key;
    const cases: Array<[string, string]> = [
      ["unknown", `${envelopeUrl}?sentry_key=${"0".repeat(32)}`],
      ["inactive", `${envelopeUrl}?sentry_key=${inactive.public}`],
      ["deleted", `${envelopeUrl}?sentry_key=${deleted.public}`],
      ["other project's key", `${envelopeUrl}?sentry_key=${otherKey.public}`],
      [
        "key sent to another project id",
        `${sandbox.url}/api/${(other.json as { id: number }).id}/envelope/?sentry_key=${key.public}`,
      ],
    ];
    for (const [name, url] of cases) {
      const res = await request(url, { method: "POST", body: envelope() });
      assert.equal(res.status, 403, name);
      assert.deepEqual(res.json, rejected, name);
    }
    assert.deepEqual(await events(), []);
    await api(sandbox, "PUT", keysPath(sandbox, inactive.id), { body: { isActive: true } });
    const reactivated = await request(`${envelopeUrl}?sentry_key=${inactive.public}`, {
      method: "POST",
      body: envelope(),
    });
    assert.equal(reactivated.status, 200, "reactivating the key lets events in again");
  });

  it("answers 400 for bodies it cannot read", async function () {
    const url = `${envelopeUrl}?sentry_key=${key.public}`;
    const bad: Array<[Buffer, Record<string, string>, RegExp]> = [
      [Buffer.from("not json\n"), {}, /invalid envelope: envelope header is not valid JSON/],
      [Buffer.from('{}\n{"length":3}\nabc\n'), {}, /envelope item header has no type/],
      [Buffer.from('{}\n{"type":"event","length":99}\nabc\n'), {}, /shorter than its length/],
      [Buffer.from('{"event_id":"xyz"}\n'), {}, /invalid event id/],
      [Buffer.from("plain bytes"), { "Content-Encoding": "gzip" }, /could not decode gzip/],
    ];
    for (const [body, headers, detail] of bad) {
      const res = await request(url, { method: "POST", headers, body });
      assert.equal(res.status, 400, String(detail));
      assert.match((res.json as { detail: string }).detail, detail);
    }
    assert.deepEqual(await events(), []);
  });

  it("enforces a key's own rateLimit with 429, Retry-After and X-Sentry-Rate-Limits", async function () {
    const limited = (
      await api(sandbox, "POST", keysPath(sandbox), {
        body: { rateLimit: { count: 2, window: 3600 } },
      })
    ).json as Key;
    const url = `${envelopeUrl}?sentry_key=${limited.public}`;
    assert.equal((await request(url, { method: "POST", body: envelope() })).status, 200);
    assert.equal((await request(url, { method: "POST", body: envelope() })).status, 200);
    const res = await request(url, { method: "POST", body: envelope() });
    assert.equal(res.status, 429);
    assert.match(String(res.headers["retry-after"]), /^\d+$/);
    assert.match(String(res.headers["x-sentry-rate-limits"]), /^\d+::key$/);
    assert.equal((await events(limited.public)).length, 2);
  });

  it("filters events by publicKey and clears them", async function () {
    const other = await newKey();
    await request(`${envelopeUrl}?sentry_key=${key.public}`, { method: "POST", body: envelope() });
    await request(`${envelopeUrl}?sentry_key=${other.public}`, {
      method: "POST",
      body: envelope(),
    });
    assert.equal((await events()).length, 2);
    assert.deepEqual(
      (await events(other.public)).map((e) => e.publicKey),
      [other.public],
    );
    assert.equal((await admin(sandbox, "DELETE", "events")).status, 204);
    assert.deepEqual(await events(), []);
  });
});
