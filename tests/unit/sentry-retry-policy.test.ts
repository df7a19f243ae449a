import assert from "node:assert/strict";
import {
  DEFAULT_RATE_LIMIT_OPTIONS,
  DEFAULT_RETRY_OPTIONS,
  backoffDelay,
  decideRetry,
  rateLimitResetDelay,
  retryAfterDelay,
  type Failure,
  type HttpMethod,
} from "../../provider/sentry";

const NOW = Date.parse("2026-11-29T10:00:00.000Z");
const policy = {
  retry: { ...DEFAULT_RETRY_OPTIONS, baseDelayMs: 100, maxDelayMs: 1000, jitter: "none" as const },
  rateLimit: { ...DEFAULT_RATE_LIMIT_OPTIONS, resetMarginMs: 10, maxWaitMs: 5000, retries: 3 },
};
const first = { failures: 1, rateLimited: 0 };
const status = (method: HttpMethod, code: number, headers = {}): Failure => ({
  kind: "status",
  method,
  status: code,
  headers,
});
const network = (method: HttpMethod, code: string): Failure => ({ kind: "network", method, code });

describe("sentry retry policy", () => {
  describe("statuses on idempotent requests", () => {
    for (const code of [500, 502, 503, 504]) {
      it(`retries ${code} with backoff`, () => {
        const d = decideRetry(first, status("GET", code), policy, NOW);
        assert.deepEqual(d, { retry: true, delayMs: 100, reason: String(code) });
      });
    }
    for (const code of [400, 401, 403, 404, 409, 410, 422]) {
      it(`never retries ${code}, and says it is neither retryable nor committed`, () => {
        const d = decideRetry(first, status("PUT", code), policy, NOW);
        assert.deepEqual(d, {
          retry: false,
          reason: String(code),
          retryable: false,
          maybeCommitted: false,
        });
      });
    }
    it("does not retry other 4xx or redirects", () => {
      assert.equal(decideRetry(first, status("GET", 405), policy, NOW).retry, false);
      assert.equal(decideRetry(first, status("GET", 302), policy, NOW).retry, false);
    });
    it("gives up after `retries` and marks a PUT/DELETE as maybe committed", () => {
      const d = decideRetry({ failures: 6, rateLimited: 0 }, status("DELETE", 503), policy, NOW);
      assert.deepEqual(d, { retry: false, reason: "503", retryable: true, maybeCommitted: true });
      const get = decideRetry({ failures: 6, rateLimited: 0 }, status("GET", 503), policy, NOW);
      assert.equal(get.retry === false && get.maybeCommitted, false);
    });
    it("waits at least Retry-After on a 503", () => {
      const d = decideRetry(first, status("GET", 503, { "retry-after": "2" }), policy, NOW);
      assert.deepEqual(d, { retry: true, delayMs: 2000, reason: "503" });
    });
    it("ignores the rate-limit reset on a 5xx (it is not a rate limit)", () => {
      const headers = { "x-sentry-rate-limit-reset": String(NOW / 1000 + 30) };
      const d = decideRetry(first, status("GET", 500, headers), policy, NOW);
      assert.deepEqual(d, { retry: true, delayMs: 100, reason: "500" });
    });
  });

  describe("network errors", () => {
    for (const code of ["ECONNRESET", "ETIMEDOUT", "ECONNABORTED", "EPIPE", "ECONNREFUSED"]) {
      it(`retries ${code} on a GET`, () => {
        assert.equal(decideRetry(first, network("GET", code), policy, NOW).retry, true);
      });
    }
    it("does not retry unknown codes such as TLS failures", () => {
      const d = decideRetry(first, network("GET", "DEPTH_ZERO_SELF_SIGNED_CERT"), policy, NOW);
      assert.equal(d.retry, false);
    });
  });

  describe("non-idempotent POST", () => {
    it("is retried when the connection was refused (never sent)", () => {
      assert.equal(decideRetry(first, network("POST", "ECONNREFUSED"), policy, NOW).retry, true);
    });
    for (const code of ["ECONNRESET", "ETIMEDOUT"]) {
      it(`is not retried after ${code} and may be committed`, () => {
        assert.deepEqual(decideRetry(first, network("POST", code), policy, NOW), {
          retry: false,
          reason: code,
          retryable: true,
          maybeCommitted: true,
        });
      });
    }
    for (const code of [500, 502, 503, 504]) {
      it(`is not retried after ${code} and may be committed`, () => {
        const d = decideRetry(first, status("POST", code), policy, NOW);
        assert.deepEqual(d, {
          retry: false,
          reason: String(code),
          retryable: true,
          maybeCommitted: true,
        });
      });
    }
    it("is retried on 429 (the limiter answers before any handler)", () => {
      const headers = { "x-sentry-rate-limit-reset": String(NOW / 1000 + 1) };
      const d = decideRetry(
        { failures: 0, rateLimited: 1 },
        status("POST", 429, headers),
        policy,
        NOW,
      );
      assert.deepEqual(d, { retry: true, delayMs: 1010, reason: "429" });
    });
    it("is retried when the caller marks it idempotent", () => {
      const failure: Failure = { ...status("POST", 503), idempotent: true };
      assert.equal(decideRetry(first, failure, policy, NOW).retry, true);
    });
    it("reports a 400 as not committed", () => {
      const d = decideRetry(first, status("POST", 400), policy, NOW);
      assert.equal(d.retry === false && d.maybeCommitted, false);
    });
  });

  describe("429", () => {
    const limited = { failures: 0, rateLimited: 1 };
    it("waits until X-Sentry-Rate-Limit-Reset plus the margin", () => {
      const headers = { "x-sentry-rate-limit-reset": String(NOW / 1000 + 3) };
      assert.deepEqual(decideRetry(limited, status("GET", 429, headers), policy, NOW), {
        retry: true,
        delayMs: 3010,
        reason: "429",
      });
    });
    it("waits for Retry-After in seconds or as an HTTP date, the later of both", () => {
      const seconds = status("GET", 429, { "retry-after": "2" });
      assert.equal(
        (decideRetry(limited, seconds, policy, NOW) as { delayMs: number }).delayMs,
        2010,
      );
      const date = new Date(NOW + 4000).toUTCString();
      const both = status("GET", 429, {
        "retry-after": date,
        "x-sentry-rate-limit-reset": String(NOW / 1000 + 1),
      });
      assert.equal((decideRetry(limited, both, policy, NOW) as { delayMs: number }).delayMs, 4010);
    });
    it("uses backoff when no header says how long", () => {
      assert.deepEqual(decideRetry(limited, status("GET", 429), policy, NOW), {
        retry: true,
        delayMs: 100,
        reason: "429",
      });
    });
    it("has its own budget, separate from failures", () => {
      const manyFailures = { failures: 99, rateLimited: 1 };
      assert.equal(decideRetry(manyFailures, status("GET", 429), policy, NOW).retry, true);
      const tooMany = { failures: 0, rateLimited: 4 };
      assert.deepEqual(decideRetry(tooMany, status("GET", 429), policy, NOW), {
        retry: false,
        reason: "429",
        retryable: true,
        maybeCommitted: false,
      });
    });
    it("gives up instead of blocking beyond maxWaitMs", () => {
      const headers = { "x-sentry-rate-limit-reset": String(NOW / 1000 + 3600) };
      assert.equal(decideRetry(limited, status("GET", 429, headers), policy, NOW).retry, false);
    });
    it("treats a reset in the past as 'now' (plus margin)", () => {
      const headers = { "x-sentry-rate-limit-reset": String(NOW / 1000 - 5) };
      const d = decideRetry(limited, status("GET", 429, headers), policy, NOW);
      assert.deepEqual(d, { retry: true, delayMs: 10, reason: "429" });
    });
  });

  describe("backoff", () => {
    it("doubles per retry up to maxDelayMs", () => {
      const delays = [1, 2, 3, 4, 5, 6].map((n) => backoffDelay(n, policy.retry, () => 0.5));
      assert.deepEqual(delays, [100, 200, 400, 800, 1000, 1000]);
    });
    it("applies full jitter: uniform between 0 and the ceiling", () => {
      const full = { ...policy.retry, jitter: "full" as const };
      assert.equal(
        backoffDelay(3, full, () => 0),
        0,
      );
      assert.equal(
        backoffDelay(3, full, () => 0.5),
        200,
      );
      assert.equal(
        backoffDelay(3, full, () => 0.999),
        399,
      );
    });
    it("uses the injected random source in decideRetry", () => {
      const full = { ...policy, retry: { ...policy.retry, jitter: "full" as const } };
      const d = decideRetry(
        { failures: 2, rateLimited: 0 },
        status("GET", 502),
        full,
        NOW,
        () => 0.25,
      );
      assert.deepEqual(d, { retry: true, delayMs: 50, reason: "502" });
    });
  });

  describe("header parsing", () => {
    it("reads Retry-After and the reset header, ignoring junk", () => {
      assert.equal(retryAfterDelay({ "retry-after": "1.5" }, NOW), 1500);
      assert.equal(retryAfterDelay({ "retry-after": "soon" }, NOW), undefined);
      assert.equal(retryAfterDelay({}, NOW), undefined);
      assert.equal(rateLimitResetDelay({ "x-sentry-rate-limit-reset": "x" }, NOW), undefined);
      assert.equal(
        rateLimitResetDelay({ "x-sentry-rate-limit-reset": String(NOW / 1000 + 2) }, NOW),
        2000,
      );
    });
  });
});
