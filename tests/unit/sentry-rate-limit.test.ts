import assert from "node:assert/strict";
import {
  DEFAULT_RATE_LIMIT_OPTIONS,
  delayBeforeNextRequest,
  observeResponse,
  planNextRequest,
  readRateLimitHeaders,
  reserveRequest,
  type RateLimitState,
} from "../../provider/sentry";

const options = { ...DEFAULT_RATE_LIMIT_OPTIONS, resetMarginMs: 0, slowDownBelow: 0.25 };
const T0 = 1_000_000_000_000; // a whole second, in ms

describe("sentry rate-limit pacing maths", () => {
  it("parses Sentry's headers (reset in epoch seconds) and ignores partial sets", () => {
    assert.deepEqual(
      readRateLimitHeaders({
        "x-sentry-rate-limit-limit": "40",
        "x-sentry-rate-limit-remaining": "39",
        "x-sentry-rate-limit-reset": "1000000001",
        "x-sentry-rate-limit-concurrentlimit": "25",
        "x-sentry-rate-limit-concurrentremaining": "24",
      }),
      {
        limit: 40,
        remaining: 39,
        resetAtMs: T0 + 1000,
        concurrentLimit: 25,
        concurrentRemaining: 24,
      },
    );
    assert.equal(readRateLimitHeaders({ "x-sentry-rate-limit-remaining": "3" }), undefined);
    assert.equal(readRateLimitHeaders({}), undefined);
  });

  it("does not pace without headers (self-hosted Sentry)", () => {
    assert.equal(delayBeforeNextRequest({}, T0, options), 0);
    assert.deepEqual(reserveRequest({}, T0, options), {});
  });

  it("waits until the reset (plus margin) when nothing remains", () => {
    const state: RateLimitState = { limit: 10, remaining: 0, resetAtMs: T0 + 800 };
    assert.deepEqual(planNextRequest(state, T0, { ...options, resetMarginMs: 50 }), {
      delayMs: 850,
      reason: "exhausted",
    });
    assert.equal(delayBeforeNextRequest(state, T0 + 800, options), 0);
  });

  it("goes at once while plenty of the window is left", () => {
    const state = observeResponse({}, { limit: 40, remaining: 30, resetAtMs: T0 + 1000 });
    const after = reserveRequest(state, T0, options);
    assert.equal(after.remaining, 29);
    assert.equal(delayBeforeNextRequest(after, T0, options), 0);
  });

  it("spreads the last quarter of the window evenly until the reset", () => {
    const state: RateLimitState = { limit: 40, remaining: 5, resetAtMs: T0 + 1000 };
    const after = reserveRequest(state, T0, options);
    // 4 left over 1000 ms: one every 250 ms, the last one landing on the reset.
    assert.equal(after.remaining, 4);
    assert.deepEqual(planNextRequest(after, T0, options), { delayMs: 250, reason: "slow-down" });
    assert.equal(delayBeforeNextRequest(after, T0 + 250, options), 0);
  });

  it("never drives the budget to zero by itself when sending back to back", () => {
    // Simulated clock: requests are instantaneous, the client only waits when told to.
    let now = T0;
    let state: RateLimitState = { limit: 20, remaining: 20, resetAtMs: T0 + 1000 };
    const sentInFirstWindow: number[] = [];
    for (let i = 0; i < 40 && now < T0 + 1000; i++) {
      now += delayBeforeNextRequest(state, now, options);
      if (now >= T0 + 1000) break;
      state = reserveRequest(state, now, options);
      sentInFirstWindow.push(now - T0);
    }
    assert.ok(sentInFirstWindow.length < 20, `sent ${sentInFirstWindow.length} of 20`);
    assert.ok(sentInFirstWindow.length >= 15, "uses most of the window at full speed");
    const waits = sentInFirstWindow.slice(1).map((t, i) => t - sentInFirstWindow[i]!);
    assert.ok(
      waits.slice(-3).every((w) => w > 100),
      `spaced at the end: ${waits.join(",")}`,
    );
    assert.ok(state.remaining! >= 1);
  });

  it("sees requests reserved concurrently before any response", () => {
    let state: RateLimitState = { limit: 3, remaining: 2, resetAtMs: T0 + 1000 };
    state = reserveRequest(state, T0, options);
    state = reserveRequest(state, T0, options);
    assert.equal(state.remaining, 0);
    assert.deepEqual(planNextRequest(state, T0, options), { delayMs: 1000, reason: "exhausted" });
  });

  it("rolls into an estimated new window once the reset has passed", () => {
    const state: RateLimitState = { limit: 10, remaining: 0, resetAtMs: T0 + 1000 };
    const next = reserveRequest(state, T0 + 1000, options);
    assert.deepEqual(next, {
      limit: 10,
      remaining: 9,
      resetAtMs: T0 + 2000,
      estimated: true,
      nextSlotAtMs: T0 + 1000,
    });
    const muchLater = reserveRequest(state, T0 + 5500, options);
    assert.equal(muchLater.resetAtMs, T0 + 6000);
  });

  it("merges responses: lower remaining in the same window, newer window replaces, late answers ignored", () => {
    const base: RateLimitState = { limit: 10, remaining: 4, resetAtMs: T0 + 1000 };
    assert.equal(observeResponse(base, { remaining: 6, resetAtMs: T0 + 1000 }).remaining, 4);
    assert.equal(observeResponse(base, { remaining: 2, resetAtMs: T0 + 1000 }).remaining, 2);
    assert.deepEqual(observeResponse(base, { limit: 10, remaining: 9, resetAtMs: T0 + 2000 }), {
      limit: 10,
      remaining: 9,
      resetAtMs: T0 + 2000,
    });
    assert.equal(observeResponse(base, { remaining: 9, resetAtMs: T0 }), base);
    const estimated = { ...base, estimated: true, resetAtMs: T0 + 3000 };
    assert.equal(observeResponse(estimated, { remaining: 7, resetAtMs: T0 + 2000 }).remaining, 7);
    assert.equal(observeResponse(base, undefined), base);
  });

  it("counts requests still in flight against what a response reports", () => {
    // Before the first answer nothing is known; ten requests went out blind.
    const state = observeResponse({}, { limit: 4, remaining: 3, resetAtMs: T0 + 1000 }, 9);
    assert.equal(state.remaining, 0);
    assert.equal(planNextRequest(state, T0, options).reason, "exhausted");
    const plenty = observeResponse({}, { limit: 40, remaining: 39, resetAtMs: T0 + 1000 }, 9);
    assert.equal(plenty.remaining, 30);
  });

  it("does nothing when pacing is switched off", () => {
    const off = { ...options, pacing: false };
    const state: RateLimitState = { limit: 10, remaining: 0, resetAtMs: T0 + 1000 };
    assert.equal(delayBeforeNextRequest(state, T0, off), 0);
    assert.equal(reserveRequest(state, T0, off), state);
  });
});
