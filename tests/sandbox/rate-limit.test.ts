import { strict as assert } from "node:assert";
import type { RunningSandbox } from "../../sandbox";
import { sandboxAdmin } from "../../testkit/sandbox-admin";
import {
  admin,
  api,
  keysPath,
  mintToken,
  startTestSandbox,
  type HttpResult,
} from "../support/sandbox-http";
import { VirtualClock } from "../support/virtual-clock";

const HEADERS = ["limit", "remaining", "reset", "concurrentlimit", "concurrentremaining"].map(
  (h) => `x-sentry-rate-limit-${h}`,
);
// The sandbox reads a virtual clock that starts on a window boundary and moves only when told.
const START = "2030-01-01T00:00:00.000Z";
const START_SECONDS = Date.parse(START) / 1000;
const header = (res: HttpResult, name: string): string => {
  const value = res.headers[`x-sentry-rate-limit-${name}`];
  assert.equal(typeof value, "string", `header X-Sentry-Rate-Limit-${name}`);
  return value as string;
};

describe("sandbox: API rate limiting like sentry.io", function () {
  let sandbox: RunningSandbox;
  let clock: VirtualClock;

  beforeEach(async function () {
    clock = new VirtualClock(START, "manual");
    sandbox = await startTestSandbox({
      rateLimit: { limit: 40, windowSeconds: 1 },
      now: clock.date,
    });
  });
  afterEach(async function () {
    await sandbox.close();
  });

  it("reports the limit in X-Sentry-Rate-Limit-* headers (Reset in epoch seconds), sentry.io's 40/1s and 25 concurrent", async function () {
    const res = await api(sandbox, "GET", keysPath(sandbox));
    assert.equal(res.status, 200);
    assert.equal(header(res, "limit"), "40");
    assert.equal(header(res, "concurrentlimit"), "25");
    assert.equal(header(res, "concurrentremaining"), "24");
    assert.equal(header(res, "remaining"), "39");
    assert.equal(header(res, "reset"), String(START_SECONDS + 1), "the end of the window");
    assert.equal(res.headers["retry-after"], undefined);
  });

  it("answers 429 past the limit with Sentry's body and no Retry-After, per token", async function () {
    await admin(sandbox, "PUT", "rate-limit", { enabled: true, limit: 3, windowSeconds: 3600 });
    const remaining: string[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await api(sandbox, "GET", keysPath(sandbox));
      assert.equal(res.status, 200);
      remaining.push(header(res, "remaining"));
    }
    assert.deepEqual(remaining, ["2", "1", "0"]);
    const limited = await api(sandbox, "GET", keysPath(sandbox));
    assert.equal(limited.status, 429);
    assert.deepEqual(limited.json, {
      detail:
        "You are attempting to use this endpoint too frequently. Limit is 3 requests in 3600 seconds",
    });
    assert.equal(limited.headers["retry-after"], undefined);
    assert.equal(header(limited, "remaining"), "0");
    assert.equal(
      Number(header(limited, "reset")) % 3600,
      0,
      "a fixed window ends on a window boundary",
    );
    const other = await mintToken(sandbox, ["project:read"]);
    assert.equal(
      (await api(sandbox, "GET", keysPath(sandbox), { token: other })).status,
      200,
      "another token has its own window",
    );
    const state = await admin(sandbox, "GET", "state");
    assert.equal(state.status, 200, "the admin API is never rate limited");
    assert.equal(state.headers["x-sentry-rate-limit-limit"], undefined);
  });

  it("lets requests through again once the window has reset", async function () {
    await admin(sandbox, "PUT", "rate-limit", { enabled: true, limit: 2, windowSeconds: 1 });
    clock.advance(300);
    await api(sandbox, "GET", keysPath(sandbox));
    await api(sandbox, "GET", keysPath(sandbox));
    const limited = await api(sandbox, "GET", keysPath(sandbox));
    assert.equal(limited.status, 429);
    const reset = Number(header(limited, "reset"));
    assert.equal(reset, START_SECONDS + 1);
    clock.advance(699);
    assert.equal(
      (await api(sandbox, "GET", keysPath(sandbox))).status,
      429,
      "1 ms before the reset",
    );
    clock.advance(1);
    const again = await api(sandbox, "GET", keysPath(sandbox));
    assert.equal(again.status, 200);
    assert.equal(header(again, "remaining"), "1");
  });

  const oneAtATime = () =>
    sandboxAdmin(sandbox.url).setRateLimit({ limit: 100, windowSeconds: 3600, concurrentLimit: 1 });

  it("caps concurrent requests per token", async function () {
    await oneAtATime();
    // The first request is held until the sandbox closes: it is in flight for as long as needed.
    await sandboxAdmin(sandbox.url).addFaults({ kind: "delay", delayMs: 600_000, method: "GET" });
    const held = api(sandbox, "GET", keysPath(sandbox));
    held.catch(() => undefined); // closing the sandbox hangs it up
    while ((await sandboxAdmin(sandbox.url).faults()).length > 0); // taken: the request is held
    const second = await api(sandbox, "GET", keysPath(sandbox));
    assert.equal(second.status, 429);
    assert.deepEqual(second.json, {
      detail:
        "You are attempting to go above the allowed concurrency for this endpoint. Concurrency limit is 1",
    });
  });

  it("frees a concurrency slot when a request ends, delayed or not", async function () {
    await oneAtATime();
    await sandboxAdmin(sandbox.url).addFaults({ kind: "delay", delayMs: 20, method: "GET" });
    assert.equal((await api(sandbox, "GET", keysPath(sandbox))).status, 200, "delayed");
    for (let i = 0; i < 3; i++) {
      assert.equal((await api(sandbox, "GET", keysPath(sandbox))).status, 200, "the slot is free");
    }
  });

  it("sends no rate-limit headers at all when disabled (self-hosted), at start or at runtime", async function () {
    const off = await startTestSandbox({ rateLimit: false });
    try {
      const res = await api(off, "GET", keysPath(off));
      for (const name of HEADERS) assert.equal(res.headers[name], undefined, name);
    } finally {
      await off.close();
    }
    const switched = await admin(sandbox, "PUT", "rate-limit", { enabled: false });
    assert.deepEqual(switched.json, { enabled: false });
    const res = await api(sandbox, "GET", keysPath(sandbox));
    for (const name of HEADERS) assert.equal(res.headers[name], undefined, name);
    const view = await admin(sandbox, "GET", "rate-limit");
    assert.deepEqual(view.json, { enabled: false });
  });

  it("does not rate limit ingest", async function () {
    await admin(sandbox, "PUT", "rate-limit", { enabled: true, limit: 1, windowSeconds: 3600 });
    const key = (await api(sandbox, "POST", keysPath(sandbox), { body: {} })).json as {
      public: string;
    };
    for (let i = 0; i < 3; i++) {
      const res = await api(
        sandbox,
        "POST",
        `/api/${sandbox.projectId}/store/?sentry_key=${key.public}`,
        {
          token: null,
          body: { message: "hi" },
        },
      );
      assert.equal(res.status, 200);
      assert.equal(res.headers["x-sentry-rate-limit-limit"], undefined);
    }
  });

  const badSettings: Array<[object, object]> = [
    [{}, { enabled: ["This field is required."] }],
    [{ enabled: "sometimes" }, { enabled: ["Must be a valid boolean."] }],
    [{ enabled: true, limit: 0 }, { limit: ["Ensure this value is greater than or equal to 1."] }],
    [
      { enabled: true, windowSeconds: 86401 },
      { windowSeconds: ["Ensure this value is less than or equal to 86400."] },
    ],
    [
      { enabled: true, concurrentLimit: "x" },
      { concurrentLimit: ["A valid integer is required."] },
    ],
  ];
  for (const [body, expected] of badSettings) {
    it(`rejects rate-limit settings ${JSON.stringify(body)} with 400`, async function () {
      const res = await admin(sandbox, "PUT", "rate-limit", body);
      assert.equal(res.status, 400);
      assert.deepEqual(res.json, expected);
    });
  }
});
