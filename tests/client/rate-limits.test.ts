import assert from "node:assert/strict";
import type { ClientEvent } from "../../provider/sentry";
import {
  fastClient,
  startClientSandbox,
  type ClientTestSandbox,
  type LoggedRequest,
} from "../support/client-sandbox";
import { VirtualClock } from "../support/virtual-clock";

// The sandbox and the client share a virtual clock that starts on a window boundary, so which
// window a request falls in depends only on what the client waited for, never on machine speed.
const START = "2030-01-01T00:00:00.000Z";
// The sandbox counts in fixed windows aligned to whole seconds (windowSeconds 1).
const windowOf = (entry: LoggedRequest) => Math.floor(Date.parse(entry.at) / 1000);
const api = (log: LoggedRequest[]) => log.filter((r) => r.path.startsWith("/api/0/"));
const waits = (events: ClientEvent[], reason: string) =>
  events.filter((e) => e.type === "rate-limit-wait" && e.reason === reason);

describe("sentry client: rate limits over HTTP", function () {
  let sandbox: ClientTestSandbox;

  // A fresh sandbox per test: a new URL means a fresh rate-limit bucket in the client.
  afterEach(() => sandbox?.close());

  const start = async (clock: VirtualClock, rateLimit?: { limit: number; windowSeconds: number }) =>
    (sandbox = await startClientSandbox({ now: clock.date, ...(rateLimit ? { rateLimit } : {}) }));
  const timed = (clock: VirtualClock) => ({ now: clock.now, sleep: clock.sleep });

  it("on 429 waits until the reset instead of hammering, and no request fails", async () => {
    const clock = new VirtualClock(START);
    await start(clock, { limit: 5, windowSeconds: 1 });
    const { client, events } = fastClient(sandbox, {
      ...timed(clock),
      rateLimit: { pacing: false },
    });
    // One request at a time, so the log entry after a 429 is that request's retry.
    for (let i = 0; i < 12; i++) await client.authInfo();

    const log = api(await sandbox.requests());
    // 5 per window: the 6th meets a 429, waits for the reset, and its retry opens window 2.
    assert.deepEqual(
      log.map((r) => r.status),
      [200, 200, 200, 200, 200, 429, 200, 200, 200, 200, 200, 429, 200, 200],
    );
    assert.deepEqual(
      log.map(windowOf).map((w) => w - windowOf(log[0]!)),
      [0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 2, 2],
      "each retry went in the next window",
    );
    const retries = events.filter((e) => e.type === "retry");
    assert.equal(retries.length, 2);
    for (const e of retries) {
      assert.ok(
        e.type === "retry" && e.delayMs >= 1000 && e.delayMs <= 1020,
        "waits for the reset",
      );
    }
  });

  it("slows down before the budget runs out: no 429 at all", async () => {
    const clock = new VirtualClock(START);
    await start(clock, { limit: 8, windowSeconds: 1 });
    const { client, events } = fastClient(sandbox, timed(clock));
    for (let i = 0; i < 14; i++) await client.authInfo();

    const log = api(await sandbox.requests());
    assert.equal(log.filter((r) => r.status === 429).length, 0, "never hit the limit");
    assert.equal(log.length, 14);
    assert.ok(waits(events, "slow-down").length >= 1, "spread the last requests of a window");
    const perWindow = new Map<number, number>();
    for (const entry of log)
      perWindow.set(windowOf(entry), (perWindow.get(windowOf(entry)) ?? 0) + 1);
    assert.ok(
      [...perWindow.values()].every((n) => n < 8),
      "kept one request spare per window",
    );
  });

  it("under a concurrent burst, waits for the reset and every request succeeds", async () => {
    const clock = new VirtualClock(START);
    await start(clock, { limit: 4, windowSeconds: 1 });
    const { client, events } = fastClient(sandbox, timed(clock));
    const results = await Promise.allSettled(Array.from({ length: 12 }, () => client.authInfo()));
    assert.deepEqual(
      results.filter((r) => r.status === "rejected"),
      [],
    );
    const log = api(await sandbox.requests());
    assert.equal(log.filter((r) => r.status === 200).length, 12);
    const tooMany = log.filter((r) => r.status === 429).length;
    // Before the first answer the client knows nothing, so the first burst may overshoot; after
    // that it waits for the reset: far fewer 429s than a retry loop would cause.
    assert.ok(tooMany <= 12, `${tooMany} answers 429`);
    assert.ok(
      new Set(log.filter((r) => r.status === 200).map(windowOf)).size >= 3,
      "12 requests at 4 per window",
    );
    assert.ok(
      waits(events, "exhausted").length + events.filter((e) => e.type === "retry").length > 0,
    );
  });

  it("waits for the reset announced by a 429 in every request that shares the token", async () => {
    // Manual time: the test decides when the announced reset has passed.
    const clock = new VirtualClock(START, "manual");
    await start(clock);
    const { client, events } = fastClient(sandbox, timed(clock));
    await client.authInfo(); // learn the window
    await sandbox.clearRequests();
    await sandbox.addFaults({ method: "GET", path: "^/api/0/$", kind: "rate-limit", times: 1 });
    const first = client.authInfo();
    await clock.untilSleeping(1); // the 429 came back; the first request waits for the reset
    const { client: other } = fastClient(sandbox, timed(clock)); // same token: same bucket
    const second = other.authInfo();
    const sent = await Promise.race([
      clock.untilSleeping(2).then(() => "waits"),
      second.then(() => "went ahead"),
    ]);
    assert.equal(sent, "waits", "the other client waits for the reset without sending");
    assert.deepEqual(
      api(await sandbox.requests()).map((r) => r.status),
      [429],
    );
    clock.advance(1100);
    await Promise.all([first, second]);
    const log = api(await sandbox.requests());
    assert.deepEqual(
      log.map((r) => r.status),
      [429, 200, 200],
    );
    assert.ok(windowOf(log[1]!) > windowOf(log[0]!));
    assert.ok(windowOf(log[2]!) > windowOf(log[0]!), "the other request waited for the reset too");
    assert.ok(events.some((e) => e.type === "retry" && e.reason === "429"));
  });

  it("does not pace a self-hosted Sentry that sends no rate-limit headers", async () => {
    sandbox = await startClientSandbox({ rateLimit: false });
    const { client, events } = fastClient(sandbox);
    await Promise.all(Array.from({ length: 30 }, () => client.authInfo()));
    assert.deepEqual(events, []);
  });
});
