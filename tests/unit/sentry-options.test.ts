import assert from "node:assert/strict";
import { DEFAULT_BASE_URL, createSentryClient, resolveClientOptions } from "../../provider/sentry";

const token = `sntryu_${"0".repeat(64)}`;

describe("sentry client options", () => {
  const saved = process.env.SENTRY_URL;
  afterEach(() => {
    if (saved === undefined) delete process.env.SENTRY_URL;
    else process.env.SENTRY_URL = saved;
  });

  it("reads SENTRY_URL when a client is created, not when the module loads", () => {
    process.env.SENTRY_URL = "https://sentry.one.example/";
    const one = createSentryClient({ token });
    process.env.SENTRY_URL = "https://sentry.two.example/base/";
    const two = createSentryClient({ token });
    assert.equal(one.baseUrl, "https://sentry.one.example");
    assert.equal(two.baseUrl, "https://sentry.two.example/base");
  });

  it("defaults to sentry.io and prefers the baseUrl option over SENTRY_URL", () => {
    assert.equal(resolveClientOptions({ token, env: {} }).baseUrl, DEFAULT_BASE_URL);
    assert.equal(
      resolveClientOptions({ token, env: { SENTRY_URL: "" } }).baseUrl,
      DEFAULT_BASE_URL,
    );
    const chosen = resolveClientOptions({
      token,
      baseUrl: "http://127.0.0.1:9000",
      env: { SENTRY_URL: "https://ignored.example" },
    });
    assert.equal(chosen.baseUrl, "http://127.0.0.1:9000");
  });

  it("merges partial retry and rate-limit options over the defaults", () => {
    const o = resolveClientOptions({
      token,
      env: {},
      retry: { baseDelayMs: 1, retries: undefined },
      rateLimit: { maxWaitMs: 5 },
    });
    assert.equal(o.retry.baseDelayMs, 1);
    assert.equal(o.retry.retries, 5);
    assert.equal(o.retry.jitter, "full");
    assert.equal(o.rateLimit.maxWaitMs, 5);
    assert.equal(o.rateLimit.pacing, true);
    assert.equal(o.maxConcurrency, 10);
  });

  const bad: Array<[string, Record<string, unknown>, RegExp]> = [
    ["a missing token", { token: undefined }, /^token: a Sentry auth token is required/],
    ["a blank token", { token: "  " }, /^token:/],
    ["a token with a newline", { token: `${token}\n` }, /^token: the token contains whitespace/],
    [
      "a base URL that is not a URL",
      { token, baseUrl: "sentry" },
      /^baseUrl: "sentry" is not a URL/,
    ],
    ["a non-http base URL", { token, baseUrl: "ftp://x" }, /^baseUrl: use an http\(s\) URL/],
    [
      "credentials in the base URL",
      { token, baseUrl: "https://u:p@x" },
      /^baseUrl: give the Sentry URL alone/,
    ],
    [
      "a zero concurrency",
      { token, maxConcurrency: 0 },
      /^maxConcurrency: must be a finite number >= 1/,
    ],
    ["negative retries", { token, retry: { retries: -1 } }, /^retry\.retries:/],
    [
      "an unknown jitter",
      { token, retry: { jitter: "half" } },
      /^retry\.jitter: use "full" or "none"/,
    ],
    [
      "a slow-down fraction above 1",
      { token, rateLimit: { slowDownBelow: 2 } },
      /^rateLimit\.slowDownBelow:/,
    ],
  ];
  for (const [what, options, message] of bad) {
    it(`rejects ${what} with an error naming the option`, () => {
      assert.throws(
        () => resolveClientOptions({ env: {}, ...options } as never),
        (err: Error) => err.name === "InputError" && message.test(err.message),
      );
    });
  }

  it("never echoes the token in option errors", () => {
    assert.throws(
      () => resolveClientOptions({ token: ` ${token}`, env: {} }),
      (err: Error) => !err.message.includes(token),
    );
  });

  it("names the option at fault even for a value that cannot be printed (found by fast-check)", () => {
    const odd = [{ toString: null }] as unknown as number;
    assert.throws(
      () => resolveClientOptions({ token: "t".repeat(20), env: {}, rateLimit: { maxWaitMs: odd } }),
      /rateLimit\.maxWaitMs: must be a finite number >= \d+, got \[\{"toString":null\}\]/,
    );
  });
});
