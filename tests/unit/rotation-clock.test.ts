import assert from "node:assert/strict";
import { clockFromEnvironment, fixedClock, systemClock } from "../../provider/rotation";

describe("rotation clock", () => {
  const base = fixedClock("2026-11-29T10:00:00.000Z");

  it("uses the base clock when SENTRY_ROTATION_NOW is unset or blank", () => {
    assert.equal(clockFromEnvironment({}, base), base);
    assert.equal(clockFromEnvironment({ SENTRY_ROTATION_NOW: "  " }, base), base);
  });

  it("uses the system clock by default", () => {
    const clock = clockFromEnvironment({});
    assert.equal(clock, systemClock);
    assert.ok(Math.abs(clock.now().getTime() - Date.now()) < 1000);
  });

  it("accepts an ISO instant", () => {
    const clock = clockFromEnvironment({ SENTRY_ROTATION_NOW: "2027-03-01T00:00:00Z" }, base);
    assert.equal(clock.now().toISOString(), "2027-03-01T00:00:00.000Z");
  });

  it("reads an instant without a zone as UTC", () => {
    const clock = clockFromEnvironment({ SENTRY_ROTATION_NOW: "2027-03-01T12:00" }, base);
    assert.equal(clock.now().toISOString(), "2027-03-01T12:00:00.000Z");
  });

  it("accepts an offset from now in short and ISO form", () => {
    const short = clockFromEnvironment({ SENTRY_ROTATION_NOW: "+45d" }, base);
    assert.equal(short.now().toISOString(), "2027-01-13T10:00:00.000Z");
    const iso = clockFromEnvironment({ SENTRY_ROTATION_NOW: "+P3M" }, base);
    assert.equal(iso.now().toISOString(), "2027-02-28T10:00:00.000Z");
  });

  for (const bad of ["tomorrow", "+soon", "2027-13-01", "+0d", "12:00"]) {
    it(`rejects ${JSON.stringify(bad)} naming SENTRY_ROTATION_NOW`, () => {
      assert.throws(
        () => clockFromEnvironment({ SENTRY_ROTATION_NOW: bad }, base),
        /SENTRY_ROTATION_NOW: /,
      );
    });
  }
});
