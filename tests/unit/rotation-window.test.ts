import assert from "node:assert/strict";
import { isOverdue, windowWaitSentence } from "../../provider/diff-helpers";
import * as rules from "../../provider/field-rules";
import {
  firstOpenAtOrAfter,
  nextWindowOpening,
  openWindowAt,
  parseRotationWindow,
  rotationStatus,
  rotationWindowProblem,
} from "../../provider/rotation";
import { UNKNOWN } from "../../provider/unknown";

const at = (iso: string) => new Date(iso);
const iso = (date: Date | undefined) => date?.toISOString();

describe("rotation windows: openings across DST changes and month ends", () => {
  // [window, from, expected next openings (UTC)]: croner's fixed-time DST rule.
  const cases: Array<[string, Record<string, unknown>, string, string[]]> = [
    [
      "Europe/Berlin spring forward: 02:30 does not exist on 29 March, the window opens at 03:00",
      { startTime: "02:30", duration: "2h", timeZone: "Europe/Berlin" },
      "2026-03-27T12:00:00Z",
      ["2026-03-28T01:30:00.000Z", "2026-03-29T01:00:00.000Z", "2026-03-30T00:30:00.000Z"],
    ],
    [
      "Europe/Berlin fall back: 02:30 occurs twice on 25 October, the window opens once, at the first",
      { startTime: "02:30", duration: "2h", timeZone: "Europe/Berlin" },
      "2026-10-24T12:00:00Z",
      ["2026-10-25T00:30:00.000Z", "2026-10-26T01:30:00.000Z"],
    ],
    [
      "America/New_York spring forward (8 March): 02:30 opens at 03:00 EDT",
      { startTime: "02:30", duration: "1h", timeZone: "America/New_York" },
      "2026-03-07T12:00:00Z",
      ["2026-03-08T07:00:00.000Z", "2026-03-09T06:30:00.000Z"],
    ],
    [
      "America/New_York fall back (1 November): 02:30 comes after the repeated hour, in EST",
      { startTime: "02:30", duration: "1h", timeZone: "America/New_York" },
      "2026-10-31T12:00:00Z",
      ["2026-11-01T07:30:00.000Z", "2026-11-02T07:30:00.000Z"],
    ],
    [
      "America/New_York fall back: 01:30 occurs twice, the window opens once, at the first (EDT)",
      { startTime: "01:30", duration: "1h", timeZone: "America/New_York" },
      "2026-10-31T12:00:00Z",
      ["2026-11-01T05:30:00.000Z", "2026-11-02T06:30:00.000Z"],
    ],
    [
      "a Sunday-only window in Berlin keeps the local time across the change",
      { daysOfWeek: ["Sun"], startTime: "02:30", duration: "4h", timeZone: "Europe/Berlin" },
      "2026-03-20T00:00:00Z",
      ["2026-03-22T01:30:00.000Z", "2026-03-29T01:00:00.000Z", "2026-04-05T00:30:00.000Z"],
    ],
    [
      "the last day of each month (cron L), across February in a leap year",
      { cron: "0 22 L * *", duration: "3h" },
      "2028-01-30T00:00:00Z",
      ["2028-01-31T22:00:00.000Z", "2028-02-29T22:00:00.000Z", "2028-03-31T22:00:00.000Z"],
    ],
    [
      "the 31st skips the months without one",
      { cron: "0 1 31 * *", duration: "1h", timeZone: "UTC" },
      "2027-01-31T02:00:00Z",
      ["2027-03-31T01:00:00.000Z", "2027-05-31T01:00:00.000Z"],
    ],
    [
      "a weekday window named by full names, across the year end",
      { daysOfWeek: ["monday", "Friday"], startTime: "23:00", duration: "2h" },
      "2026-12-31T00:00:00Z",
      ["2027-01-01T23:00:00.000Z", "2027-01-04T23:00:00.000Z"],
    ],
  ];
  for (const [title, window, from, expected] of cases) {
    it(title, () => {
      const parsed = parseRotationWindow(window);
      const openings: string[] = [];
      let cursor = at(from);
      for (const _ of expected) {
        const next = nextWindowOpening(parsed, cursor);
        assert.ok(next);
        openings.push(next.toISOString());
        cursor = next;
      }
      assert.deepEqual(openings, expected);
    });
  }

  it("is open from the opening (inclusive) to opening + duration (exclusive)", () => {
    const window = parseRotationWindow({ startTime: "02:00", duration: "2h", timeZone: "UTC" });
    assert.equal(openWindowAt(window, at("2027-01-05T01:59:59.999Z")), undefined);
    assert.deepEqual(openWindowAt(window, at("2027-01-05T02:00:00Z")), {
      opensAt: at("2027-01-05T02:00:00Z"),
      closesAt: at("2027-01-05T04:00:00Z"),
    });
    assert.ok(openWindowAt(window, at("2027-01-05T03:59:59.999Z")));
    assert.equal(openWindowAt(window, at("2027-01-05T04:00:00Z")), undefined);
  });

  it("a window that starts on a spring-forward day still lasts its elapsed duration", () => {
    const window = parseRotationWindow({
      startTime: "02:30",
      duration: "2h",
      timeZone: "Europe/Berlin",
    });
    // Opens 03:00 CEST (01:00Z), closes two real hours later.
    assert.deepEqual(openWindowAt(window, at("2026-03-29T02:59:00Z")), {
      opensAt: at("2026-03-29T01:00:00Z"),
      closesAt: at("2026-03-29T03:00:00Z"),
    });
    assert.equal(openWindowAt(window, at("2026-03-29T00:45:00Z")), undefined);
  });

  it("the first chance to rotate is the due instant inside a window, else the next opening", () => {
    const window = parseRotationWindow({ daysOfWeek: ["Sat"], startTime: "10:00", duration: "4h" });
    assert.equal(
      iso(firstOpenAtOrAfter(window, at("2027-01-02T11:00:00Z"))),
      "2027-01-02T11:00:00.000Z",
    );
    assert.equal(
      iso(firstOpenAtOrAfter(window, at("2027-01-02T14:00:00Z"))),
      "2027-01-09T10:00:00.000Z",
    );
  });
});

describe("rotationStatus with a rotation window", () => {
  const created = "2027-01-01T12:00:00.000Z";
  // Due Sunday 2027-01-31 12:00 UTC; the window opens weekdays 02:00 Berlin time for 3 hours.
  const window = {
    daysOfWeek: ["Mon", "Tue", "Wed", "Thu", "Fri"],
    startTime: "02:00",
    duration: "3h",
    timeZone: "Europe/Berlin",
  };

  it("before the due date: not due, and rotatable from the first opening after it", () => {
    const status = rotationStatus(created, "30d", at("2027-01-20T00:00:00Z"), window);
    assert.deepEqual(status, {
      rotateAt: "2027-01-31T12:00:00.000Z",
      due: false,
      remainingMs: 11 * 86_400_000 + 12 * 3_600_000,
      rotatableAt: "2027-02-01T01:00:00.000Z",
      window: "Mon,Tue,Wed,Thu,Fri 02:00 for 3h (Europe/Berlin)",
    });
  });

  it("due outside the window: waits for the next opening, not due", () => {
    const now = at("2027-01-31T20:00:00Z");
    const status = rotationStatus(created, "30d", now, window);
    assert.equal(status?.due, false);
    assert.equal(status?.waitsForWindowAt, "2027-02-01T01:00:00.000Z");
    assert.match(
      windowWaitSentence(status!, now) ?? "",
      /^due, waits for the window opening at 2027-02-01T01:00:00\.000Z: rotateAt 2027-01-31T12:00:00\.000Z has passed/,
    );
  });

  it("due inside the window: rotates, and nothing waits", () => {
    const status = rotationStatus(created, "30d", at("2027-02-01T02:30:00Z"), window);
    assert.equal(status?.due, true);
    assert.equal(status?.waitsForWindowAt, undefined);
    assert.equal(windowWaitSentence(status!, at("2027-02-01T02:30:00Z")), undefined);
  });

  it("a window missed (no run inside it) waits for the one after", () => {
    const status = rotationStatus(created, "30d", at("2027-02-01T05:00:00Z"), window);
    assert.equal(status?.due, false);
    assert.equal(status?.waitsForWindowAt, "2027-02-02T01:00:00.000Z");
    assert.equal(status?.rotatableAt, "2027-02-01T01:00:00.000Z");
  });

  it("a key due while the window is open is rotatable from its due date", () => {
    const status = rotationStatus(
      "2027-01-01T01:30:00.000Z",
      "31d",
      at("2027-02-01T01:30:00Z"),
      window,
    );
    assert.equal(status?.due, true);
    assert.equal(status?.rotatableAt, "2027-02-01T01:30:00.000Z");
  });

  it("overdue counts from the first window opening after the due date, not the due date", () => {
    const grace = "1d";
    // Due Sunday noon; first opening Monday 01:00Z. One day of grace ends Tuesday 01:00Z.
    const monday = rotationStatus(created, "30d", at("2027-02-01T12:00:00Z"), window)!;
    assert.equal(isOverdue(monday, grace, at("2027-02-01T12:00:00Z")), false);
    const lateTuesday = at("2027-02-02T01:00:01Z");
    assert.equal(
      isOverdue(rotationStatus(created, "30d", lateTuesday, window)!, grace, lateTuesday),
      true,
    );
    // Without the window the same key is overdue from Monday noon.
    const noWindow = rotationStatus(created, "30d", at("2027-02-01T12:00:01Z"))!;
    assert.equal(isOverdue(noWindow, grace, at("2027-02-01T12:00:01Z")), true);
  });

  it("a window not known yet (preview) counts as none", () => {
    const status = rotationStatus(created, "30d", at("2027-01-31T20:00:00Z"), {
      ...window,
      timeZone: UNKNOWN,
    });
    assert.equal(status?.due, true);
    assert.equal(status?.window, undefined);
  });
});

describe("rotationWindow validation", () => {
  const problems: Array<[string, unknown, RegExp]> = [
    ["not an object", "02:00", /^rotationWindow: expected \{ startTime/],
    [
      "a bad time zone",
      { startTime: "02:00", duration: "2h", timeZone: "Europe/Berln" },
      /^rotationWindow\.timeZone: "Europe\/Berln" is not an IANA time zone; use a name such as "Europe\/Berlin"/,
    ],
    [
      "a bad cron",
      { cron: "0 2 * *", duration: "2h" },
      /^rotationWindow\.cron: "0 2 \* \*" is not a 5-field cron expression/,
    ],
    [
      "a 6-field cron",
      { cron: "0 0 2 * * *", duration: "2h" },
      /^rotationWindow\.cron: .* 5-field/,
    ],
    [
      "a cron that never fires",
      { cron: "0 0 30 2 *", duration: "2h" },
      /^rotationWindow: cron "0 0 30 2 \*" for 2h \(UTC\) never opens/,
    ],
    [
      "both forms",
      { cron: "0 2 * * *", startTime: "02:00", duration: "2h" },
      /^rotationWindow: give either cron, or startTime/,
    ],
    ["neither form", { duration: "2h" }, /^rotationWindow: needs startTime \("HH:MM"\) or cron/],
    [
      "a bad start time",
      { startTime: "2:30", duration: "2h" },
      /^rotationWindow\.startTime: expected a 24-hour local time "HH:MM"/,
    ],
    [
      "24:00",
      { startTime: "24:00", duration: "2h" },
      /^rotationWindow\.startTime: expected a 24-hour/,
    ],
    [
      "a bad day",
      { daysOfWeek: ["Mon", "Funday"], startTime: "02:00", duration: "2h" },
      /^rotationWindow\.daysOfWeek: "Funday" is not a day of the week; use a list such as \["Sat", "Sun"\]/,
    ],
    [
      "a repeated day",
      { daysOfWeek: ["Mon", "monday"], startTime: "02:00", duration: "2h" },
      /^rotationWindow\.daysOfWeek: lists Mon twice/,
    ],
    [
      "no days",
      { daysOfWeek: [], startTime: "02:00", duration: "2h" },
      /^rotationWindow\.daysOfWeek: expected a non-empty list/,
    ],
    [
      "a missing duration",
      { startTime: "02:00" },
      /^rotationWindow\.duration: expected a duration such as "90d"/,
    ],
    [
      "an unknown setting",
      { startTime: "02:00", duration: "2h", timezone: "UTC" },
      /^rotationWindow: "timezone" is not a window setting; use daysOfWeek, startTime, cron, duration, timeZone/,
    ],
    [
      "a duration longer than the gap between daily windows",
      { startTime: "02:00", duration: "25h" },
      /^rotationWindow\.duration: daily 02:00 for 25h \(UTC\) stays open longer than the 1d between two openings .*use a duration of at most 1d/,
    ],
    [
      "a daily window of 24h where DST shortens a day (the gap is 23h)",
      { startTime: "02:30", duration: "24h", timeZone: "Europe/Berlin" },
      /^rotationWindow\.duration: .* longer than the PT23H30M between two openings \(2027-03-28T01:00:00\.000Z/,
    ],
    [
      "a duration longer than the gap between two listed days",
      { daysOfWeek: ["Sat", "Sun"], startTime: "22:00", duration: "2d" },
      /longer than the 1d between two openings/,
    ],
    [
      "a cron every 4 hours with a 5-hour duration",
      { cron: "0 */4 * * *", duration: "5h" },
      /at most 4h/,
    ],
  ];
  for (const [title, value, expected] of problems) {
    it(`refuses ${title}, naming the field and the fix`, () => {
      assert.match(rotationWindowProblem(value) ?? "(accepted)", expected);
    });
  }

  const accepted: Array<[string, unknown]> = [
    ["a daily window", { startTime: "02:00", duration: "4h" }],
    [
      "weekend nights in Berlin",
      { daysOfWeek: ["Sat", "Sun"], startTime: "02:30", duration: "3h", timeZone: "Europe/Berlin" },
    ],
    [
      "weekdays by cron in New York",
      { cron: "0 9 * * 1-5", duration: "8h", timeZone: "America/New_York" },
    ],
    ["back-to-back windows", { cron: "0 */4 * * *", duration: "4h" }],
    ["a window not known yet", { startTime: UNKNOWN, duration: "4h" }],
  ];
  for (const [title, value] of accepted) {
    it(`accepts ${title}`, () => {
      assert.equal(rotationWindowProblem(value), undefined);
    });
  }

  it("the field rule reports it under rotationWindow without repeating the name", () => {
    assert.match(
      rules.rotationWindow({ startTime: "02:00", duration: "2h", timeZone: "Mars/Olympus" }) ?? "",
      /^timeZone: "Mars\/Olympus" is not an IANA time zone/,
    );
  });
});
