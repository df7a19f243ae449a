import { strict as assert } from "node:assert";
import type { RunningSandbox } from "../../sandbox";
import {
  admin,
  api,
  keysPath,
  mintToken,
  startTestSandbox,
  type HttpResult,
} from "../support/sandbox-http";

const HEADERS = ["limit", "remaining", "reset", "concurrentlimit", "concurrentremaining"].map(
  (h) => `x-sentry-rate-limit-${h}`,
);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const header = (res: HttpResult, name: string): string => {
  const value = res.headers[`x-sentry-rate-limit-${name}`];
  assert.equal(typeof value, "string", `header X-Sentry-Rate-Limit-${name}`);
  return value as string;
};

describe("sandbox: API rate limiting like sentry.io", function () {
  let sandbox: RunningSandbox;

  beforeEach(async function () {
    sandbox = await startTestSandbox({ rateLimit: { limit: 40, windowSeconds: 1 } });
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
    assert.ok(Number(header(res, "remaining")) <= 39);
    const reset = header(res, "reset");
    assert.match(reset, /^\d+$/);
    const nowSeconds = Date.now() / 1000;
    assert.ok(
      Number(reset) > nowSeconds - 1 && Number(reset) <= nowSeconds + 1,
      `reset ${reset} near ${nowSeconds}`,
    );
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
    while (Date.now() % 1000 > 300) await sleep(10); // start early in a window
    await api(sandbox, "GET", keysPath(sandbox));
    await api(sandbox, "GET", keysPath(sandbox));
    const limited = await api(sandbox, "GET", keysPath(sandbox));
    assert.equal(limited.status, 429);
    const reset = Number(header(limited, "reset"));
    await sleep(Math.max(0, reset * 1000 - Date.now()) + 20);
    const again = await api(sandbox, "GET", keysPath(sandbox));
    assert.equal(again.status, 200);
    assert.equal(header(again, "remaining"), "1");
  });

  it("caps concurrent requests per token", async function () {
    await admin(sandbox, "PUT", "rate-limit", {
      enabled: true,
      limit: 100,
      windowSeconds: 3600,
      concurrentLimit: 1,
    });
    await admin(sandbox, "POST", "faults", {
      faults: [{ kind: "delay", delayMs: 300, method: "GET" }],
    });
    const slow = api(sandbox, "GET", keysPath(sandbox));
    await sleep(50);
    const second = await api(sandbox, "GET", keysPath(sandbox));
    assert.equal(second.status, 429);
    assert.deepEqual(second.json, {
      detail:
        "You are attempting to go above the allowed concurrency for this endpoint. Concurrency limit is 1",
    });
    assert.equal((await slow).status, 200);
    assert.equal(
      (await api(sandbox, "GET", keysPath(sandbox))).status,
      200,
      "the slot is free again",
    );
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
