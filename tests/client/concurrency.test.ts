import assert from "node:assert/strict";
import {
  fastClient,
  startClientSandbox,
  type ClientTestSandbox,
  type LoggedRequest,
} from "../support/client-sandbox";

const DELAY_MS = 100;

/**
 * Most requests overlapping at any instant, from the sandbox log. Each request is logged when it
 * is answered, DELAY_MS after it was taken up; `at - DELAY_MS + 2` (2 ms for timer rounding) is
 * never earlier than the real start, so the estimate can only under-count overlap, never invent it.
 */
function maxInFlight(log: LoggedRequest[]): number {
  const points = log.flatMap((r) => {
    const end = Date.parse(r.at);
    return [
      { t: end - DELAY_MS + 2, d: +1 },
      { t: end, d: -1 },
    ];
  });
  points.sort((a, b) => a.t - b.t || a.d - b.d); // an end before a start at the same instant
  let current = 0;
  let max = 0;
  for (const p of points) {
    current += p.d;
    max = Math.max(max, current);
  }
  return max;
}

describe("sentry client: concurrency cap over HTTP", () => {
  let sandbox: ClientTestSandbox;
  before(async () => (sandbox = await startClientSandbox()));
  after(() => sandbox?.close());
  beforeEach(async () => {
    await sandbox.clearFaults();
    await sandbox.addFaults({
      method: "GET",
      path: "^/api/0/$",
      kind: "delay",
      delayMs: DELAY_MS,
      times: -1,
    });
    await sandbox.clearRequests();
  });

  it("keeps at most maxConcurrency requests in flight", async () => {
    const { client } = fastClient(sandbox, { maxConcurrency: 3 });
    await Promise.all(Array.from({ length: 12 }, () => client.authInfo()));
    const log = await sandbox.requests();
    assert.equal(log.length, 12);
    assert.equal(maxInFlight(log), 3);
  });

  it("lets more through with a higher cap (the measure can see overlap)", async () => {
    const { client } = fastClient(sandbox, { maxConcurrency: 10 });
    await Promise.all(Array.from({ length: 12 }, () => client.authInfo()));
    assert.ok(maxInFlight(await sandbox.requests()) >= 6);
  });

  it("shares the cap between every client of the same Sentry in the process", async () => {
    const { client: one } = fastClient(sandbox, { maxConcurrency: 3 });
    const { client: two } = fastClient(sandbox, { maxConcurrency: 3 });
    await Promise.all(Array.from({ length: 12 }, (_, i) => (i % 2 ? one : two).authInfo()));
    assert.equal(maxInFlight(await sandbox.requests()), 3);
  });
});
