import assert from "node:assert/strict";
import { ConcurrencyLimiter, limiterFor } from "../../provider/sentry/concurrency";

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe("sentry concurrency limiter", () => {
  it("holds requests beyond the cap until a slot is released, first come first served", async () => {
    const limiter = new ConcurrencyLimiter();
    const order: number[] = [];
    const releases: Array<() => void> = [];
    const tasks = [1, 2, 3, 4].map(async (n) => {
      const release = await limiter.acquire(2);
      order.push(n);
      releases.push(release);
    });
    await tick();
    assert.deepEqual(order, [1, 2]);
    assert.equal(limiter.active, 2);
    releases[0]!();
    releases[0]!(); // a second call is a no-op
    await tick();
    assert.deepEqual(order, [1, 2, 3]);
    assert.equal(limiter.active, 2);
    releases[1]!();
    await Promise.all(tasks);
    assert.deepEqual(order, [1, 2, 3, 4]);
    releases[2]!();
    releases[3]!();
    assert.equal(limiter.active, 0);
  });

  it("lets each caller bring its own cap over the shared count", async () => {
    const limiter = new ConcurrencyLimiter();
    const a = await limiter.acquire(1);
    let wideGotIn = false;
    let narrowGotIn = false;
    void limiter.acquire(1).then(() => (narrowGotIn = true));
    void limiter.acquire(5).then(() => (wideGotIn = true));
    await tick();
    assert.equal(narrowGotIn, false);
    assert.equal(wideGotIn, true);
    a();
    await tick();
    assert.equal(narrowGotIn, false, "still 1 in flight (the wide one)");
  });

  it("is shared per base URL across the process", () => {
    assert.equal(limiterFor("http://a.example"), limiterFor("http://a.example"));
    assert.notEqual(limiterFor("http://a.example"), limiterFor("http://b.example"));
  });
});
