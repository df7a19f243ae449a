import assert from "node:assert/strict";
import fc from "fast-check";
import { resolveClientOptions } from "../../provider/sentry";
import { anyValue } from "./arbitraries";
import { answersOrNamesField } from "./outcome";

const number = fc.oneof(
  fc.integer({ min: -5, max: 100_000 }),
  fc.double(),
  fc.constantFrom(0, 1, 0.25, 1.5, Infinity, -Infinity, Number.NaN),
  anyValue,
);
const options = fc.record(
  {
    token: fc.oneof(fc.constantFrom("sntryu_abc", " sntryu_abc", "a b", ""), anyValue),
    baseUrl: fc.oneof(
      fc.constantFrom("https://sentry.io", "ftp://x", "https://u:p@x", "nope"),
      fc.constant(undefined),
    ),
    timeoutMs: number,
    maxConcurrency: number,
    retry: fc.record(
      { retries: number, baseDelayMs: number, maxDelayMs: number, jitter: anyValue },
      { requiredKeys: [] },
    ),
    rateLimit: fc.record(
      {
        retries: number,
        maxWaitMs: number,
        resetMarginMs: number,
        slowDownBelow: number,
        assumedWindowMs: number,
      },
      { requiredKeys: [] },
    ),
  },
  { requiredKeys: [] },
);
const FIELDS = ["token", "baseUrl", "timeoutMs", "maxConcurrency", "retry.", "rateLimit."];

/** The client's rate-limit, retry and other options: resolved, or an error naming the option. */
describe("Sentry client options against random values (property)", () => {
  it("resolves to finite, in-range numbers, or names the option at fault", () => {
    fc.assert(
      fc.property(options, (raw) => {
        // Named, but an object value shows as "[object Object]" (reported to the client's owner).
        const outcome = answersOrNamesField(
          FIELDS,
          () => resolveClientOptions({ ...(raw as Record<string, unknown>), env: {} } as never),
          { readable: false },
        );
        if (!outcome.ok) return;
        const resolved = outcome.value;
        for (const value of [
          resolved.timeoutMs,
          resolved.maxConcurrency,
          ...Object.values(resolved.rateLimit),
        ]) {
          if (typeof value === "number")
            assert.ok(Number.isFinite(value) && value >= 0, `accepted ${value}`);
        }
        assert.ok(resolved.rateLimit.slowDownBelow <= 1);
      }),
      { numRuns: 1000 },
    );
  });
});
