/**
 * The sandbox's key stats endpoint (`GET .../keys/{key_id}/stats/`), read with the product's own
 * client: error events the sandbox accepted (or dropped by the key's rate limit) per key, in
 * zero-filled buckets of the sandbox clock; transactions are not counted, as in Sentry.
 */
import { strict as assert } from "node:assert";
import type { RunningSandbox } from "../../sandbox";
import { sandboxAdmin } from "../../testkit/sandbox-admin";
import { fastClient } from "../support/client-sandbox";
import { api, keysPath, mintToken, request, startTestSandbox } from "../support/sandbox-http";

interface Key {
  id: string;
  public: string;
}

const HOUR = 3600;
const START = Date.parse("2027-03-01T10:00:00Z");

function envelope(type: "event" | "transaction"): Buffer {
  const item = JSON.stringify(
    type === "event" ? { message: "hello" } : { type: "transaction", spans: [] },
  );
  return Buffer.from(`{}\n${JSON.stringify({ type, length: Buffer.byteLength(item) })}\n${item}\n`);
}

describe("sandbox: client key usage stats", function () {
  let sandbox: RunningSandbox;
  let clock = START;
  let used: Key;
  let idle: Key;
  const send = (key: Key, type: "event" | "transaction" = "event") =>
    request(`${sandbox.url}/api/${sandbox.projectId}/envelope/`, {
      method: "POST",
      headers: { "X-Sentry-Auth": `Sentry sentry_key=${key.public}, sentry_version=7` },
      body: envelope(type),
    });
  const stats = (key: Key, since: number, until: number, resolution: "1h" | "1d" = "1h") =>
    fastClient(sandbox).client.clientKeys.stats(sandbox.organization, sandbox.project, key.id, {
      since: new Date(since),
      until: new Date(until),
      resolution,
    });

  before(async function () {
    sandbox = await startTestSandbox({ now: () => new Date(clock) });
    const create = async () =>
      (await api(sandbox, "POST", keysPath(sandbox), { body: {} })).json as Key;
    used = await create();
    idle = await create();
    // Two events at 10:05, one at 12:30, and a transaction (not an error event) at 12:31.
    clock = START + 5 * 60_000;
    assert.equal((await send(used)).status, 200);
    assert.equal((await send(used)).status, 200);
    clock = START + 2.5 * HOUR * 1000;
    assert.equal((await send(used)).status, 200);
    clock += 60_000;
    assert.equal((await send(used, "transaction")).status, 200);
  });
  after(async function () {
    await sandbox.close();
  });

  it("counts accepted error events per hour of the sandbox clock, zero-filled, oldest first", async function () {
    const buckets = await stats(used, START, START + 3 * HOUR * 1000 - 1);
    assert.deepEqual(
      buckets.map((b) => [new Date(b.ts * 1000).toISOString(), b.accepted, b.total]),
      [
        ["2027-03-01T10:00:00.000Z", 2, 2],
        ["2027-03-01T11:00:00.000Z", 0, 0],
        ["2027-03-01T12:00:00.000Z", 1, 1],
      ],
      "the transaction is not counted",
    );
    assert.ok(buckets.every((b) => b.filtered === 0 && b.dropped === 0));
  });

  it("keeps each key's events apart, and sums a day in one daily bucket", async function () {
    const idleBuckets = await stats(idle, START, START + 3 * HOUR * 1000 - 1);
    assert.equal(idleBuckets.length, 3);
    assert.ok(idleBuckets.every((b) => b.total === 0));
    const daily = await stats(used, START, START + HOUR * 1000, "1d");
    assert.deepEqual(
      daily.map((b) => [new Date(b.ts * 1000).toISOString(), b.accepted]),
      [["2027-03-01T00:00:00.000Z", 3]],
    );
  });

  it("defaults to the last day until the sandbox's now, in one daily bucket", async function () {
    const res = await api(sandbox, "GET", `${keysPath(sandbox, used.id)}stats/`);
    assert.equal(res.status, 200);
    const buckets = res.json as Array<{ ts: number; accepted: number }>;
    assert.equal(
      buckets.reduce((sum, b) => sum + b.accepted, 0),
      3,
    );
  });

  it("counts events a key's rate limit refuses as dropped", async function () {
    const limited = (
      await api(sandbox, "POST", keysPath(sandbox), {
        body: { rateLimit: { count: 1, window: 3600 } },
      })
    ).json as Key;
    assert.equal((await send(limited)).status, 200);
    assert.equal((await send(limited)).status, 429);
    const [bucket] = await stats(limited, clock, clock);
    assert.deepEqual(
      { accepted: bucket?.accepted, dropped: bucket?.dropped, total: bucket?.total },
      { accepted: 1, dropped: 1, total: 2 },
    );
  });

  it("answers 404 for an unknown key, 400 for a rollup it does not keep, 403 without project:read", async function () {
    const path = (keyId: string) => `${keysPath(sandbox, keyId)}stats/`;
    assert.equal((await api(sandbox, "GET", path("0".repeat(32)))).status, 404);
    const bad = await api(sandbox, "GET", `${path(used.id)}?resolution=5m`);
    assert.equal(bad.status, 400);
    assert.deepEqual(bad.json, { detail: "Invalid request data" });
    const token = await mintToken(sandbox, ["org:read"]);
    assert.equal((await api(sandbox, "GET", path(used.id), { token })).status, 403);
  });

  it("the client reads through a 503 and a reset connection with its usual retry policy", async function () {
    const admin = sandboxAdmin(sandbox.url);
    await admin.addFaults(
      { method: "GET", path: "/stats/$", kind: "status", status: 503 },
      { method: "GET", path: "/stats/$", kind: "reset" },
    );
    const { client, events } = fastClient(sandbox);
    const buckets = await client.clientKeys.stats(sandbox.organization, sandbox.project, used.id, {
      since: new Date(START),
      until: new Date(START + HOUR * 1000 - 1),
      resolution: "1h",
    });
    assert.deepEqual(
      buckets.map((b) => b.accepted),
      [2],
    );
    assert.equal(events.filter((e) => e.type === "retry").length, 2);
    assert.deepEqual(await admin.faults(), []);
  });

  it("the client refuses a window or rollup Sentry would reject before sending it", async function () {
    await assert.rejects(stats(used, START + 1000, START), /since.*after until/);
    await assert.rejects(
      fastClient(sandbox).client.clientKeys.stats(sandbox.organization, sandbox.project, used.id, {
        since: new Date(START),
        until: new Date(START),
        resolution: "10s" as "1h",
      }),
      /resolution.*"1h" or "1d"/,
    );
  });
});
