import { describeValue } from "../../provider/describe-value";
import assert from "node:assert/strict";
import { InputError } from "../../provider/input-error";
import { durationProblem, parseDuration } from "../../provider/rotation";

describe("rotation durations", () => {
  const accepted: Array<[string, object]> = [
    ["90d", { days: 90 }],
    ["12h", { hours: 12 }],
    ["30m", { minutes: 30 }],
    ["2w", { weeks: 2 }],
    [" 90d ", { days: 90 }],
    ["P90D", { days: 90 }],
    ["PT12H", { hours: 12 }],
    ["P3M", { months: 3 }],
    ["P1Y", { years: 1 }],
    ["P1DT12H", { days: 1, hours: 12 }],
    ["PT1M", { minutes: 1 }],
    ["P10Y", { years: 10 }],
    ["3650d", { days: 3650 }],
  ];
  for (const [text, expected] of accepted) {
    it(`accepts ${JSON.stringify(text)}`, () => {
      assert.deepEqual(parseDuration(text, "rotateEvery").toObject(), expected);
    });
  }

  const rejected: Array<[unknown, RegExp]> = [
    ["0d", /must be longer than zero/],
    ["PT0S", /must be longer than zero/],
    ["P0D", /must be longer than zero/],
    ["-P1D", /must be longer than zero/],
    ["-5d", /is not a duration/],
    ["P11Y", /longer than 10 years/],
    ["3654d", /longer than 10 years/],
    ["PT30S", /shorter than 1 minute/],
    ["90", /is not a duration/],
    ["90 days", /is not a duration/],
    ["1.5d", /is not a duration/],
    ["P", /is not a duration/],
    ["PT", /is not a duration/],
    ["p90d", /is not a duration/],
    ["P1.5D", /is not a duration/],
    ["90D", /is not a duration/],
    ["soon", /is not a duration/],
    ["", /got ""\./],
    [undefined, /got undefined\./],
    [90, /got 90\./],
    [90n, /got 90n\./],
    [Symbol("x"), /got Symbol\(x\)\./],
  ];
  for (const [text, message] of rejected) {
    it(`rejects ${describeValue(text)} with a message naming the field`, () => {
      assert.throws(
        () => parseDuration(text, "rotateEvery"),
        (err: unknown) =>
          err instanceof InputError &&
          err.field === "rotateEvery" &&
          err.message.startsWith("rotateEvery: ") &&
          message.test(err.message),
      );
    });
  }

  it("explains how to write a valid duration", () => {
    assert.match(durationProblem("weekly", "overlap") ?? "", /overlap: .*"90d".*"P90D"/);
  });

  it("returns no problem for a valid duration", () => {
    assert.equal(durationProblem("90d", "rotateEvery"), undefined);
  });
});
