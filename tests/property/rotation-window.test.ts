/**
 * Properties of rotation windows around the instants where calendars are awkward: DST changes in
 * zones on both hemispheres, month and year ends, leap days.
 */
import assert from "node:assert/strict";
import fc from "fast-check";
import { DateTime } from "luxon";
import {
  firstOpenAtOrAfter,
  nextWindowOpening,
  openWindowAt,
  parseRotationWindow,
  rotationStatus,
  rotationWindowProblem,
  type RotationWindow,
} from "../../provider/rotation";
import { anyValue } from "./arbitraries";
import { timeBoxed } from "./outcome";

const RUNS = { numRuns: 150 };
const ZONES = [
  "Europe/Berlin",
  "America/New_York",
  "Australia/Sydney",
  "Australia/Lord_Howe", // a 30-minute DST shift
  "Asia/Kolkata", // no DST, a half-hour offset
  "UTC",
];
// Awkward instants: DST changes (2026/2027, both hemispheres) and month ends, leap day included.
const AWKWARD = [
  "2026-03-08T07:00:00Z",
  "2026-03-29T01:00:00Z",
  "2026-04-05T02:00:00Z",
  "2026-10-04T02:00:00Z",
  "2026-10-25T01:00:00Z",
  "2026-11-01T06:00:00Z",
  "2027-03-14T07:00:00Z",
  "2027-03-28T01:00:00Z",
  "2027-10-31T01:00:00Z",
  "2026-01-31T23:30:00Z",
  "2026-02-28T22:00:00Z",
  "2028-02-29T12:00:00Z",
  "2026-12-31T23:00:00Z",
  "2027-04-30T22:00:00Z",
].map((iso) => new Date(iso).getTime());

const nearAwkward = fc
  .tuple(fc.constantFrom(...AWKWARD), fc.integer({ min: -3 * 86_400_000, max: 3 * 86_400_000 }))
  .map(([base, offset]) => new Date(base + offset));

const hhmm = fc
  .tuple(fc.integer({ min: 0, max: 23 }), fc.constantFrom(0, 15, 30, 45))
  .map(([h, m]) => `${String(h).padStart(2, "0")}:${String(m).padStart(2, "0")}`);

const weekly: fc.Arbitrary<RotationWindow> = fc.record({
  daysOfWeek: fc.uniqueArray(fc.constantFrom("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"), {
    minLength: 1,
    maxLength: 7,
  }),
  startTime: hhmm,
  duration: fc.constantFrom("30m", "1h", "2h", "4h", "8h", "20h"),
  timeZone: fc.constantFrom(...ZONES),
});

const cron: fc.Arbitrary<RotationWindow> = fc.record({
  cron: fc.constantFrom("0 2 * * *", "30 2 * * 0", "0 22 L * *", "0 */6 * * *", "45 1 1,15 * *"),
  duration: fc.constantFrom("30m", "1h", "3h"),
  timeZone: fc.constantFrom(...ZONES),
});

// Every generated window is valid by construction (durations shorter than the shortest gap).
const usable = fc.oneof(weekly, cron);

describe("rotation windows (property): openings and rotation around DST changes and month ends", () => {
  it("the next opening is after the instant, and the window is open there and closed just before", () => {
    fc.assert(
      fc.property(usable, nearAwkward, (window, instant) => {
        assert.equal(rotationWindowProblem(window), undefined);
        const parsed = parseRotationWindow(window);
        const next = nextWindowOpening(parsed, instant);
        assert.ok(next && next.getTime() > instant.getTime());
        assert.deepEqual(openWindowAt(parsed, next)?.opensAt, next);
        // Windows never run into each other (check refused those), so just before, none opened it.
        const before = openWindowAt(parsed, new Date(next.getTime() - 1));
        assert.ok(!before || before.closesAt.getTime() <= next.getTime());
      }),
      RUNS,
    );
  });

  it("a weekly window opens on its listed local days, at its start time or just after a DST gap", () => {
    fc.assert(
      fc.property(weekly, nearAwkward, (window, instant) => {
        const w = window as Required<Extract<RotationWindow, { startTime: string }>>;
        const next = nextWindowOpening(parseRotationWindow(w), instant)!;
        const local = DateTime.fromJSDate(next, { zone: w.timeZone });
        const weekday = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"][local.weekday - 1];
        assert.ok(w.daysOfWeek.includes(weekday!), `${local.toISO()} is not on ${w.daysOfWeek}`);
        const [h, m] = w.startTime.split(":").map(Number) as [number, number];
        if (local.hour === h && local.minute === m) return;
        // Otherwise the start time does not exist that day: it opens as the clocks jump past it.
        const wanted = DateTime.fromObject(
          { year: local.year, month: local.month, day: local.day, hour: h, minute: m },
          { zone: w.timeZone },
        );
        assert.ok(
          wanted.hour !== h || wanted.minute !== m,
          `${local.toISO()} is not ${w.startTime}`,
        );
        const justBefore = DateTime.fromMillis(next.getTime() - 1, { zone: w.timeZone });
        assert.notEqual(justBefore.offset, local.offset, `${local.toISO()} is not a DST change`);
      }),
      RUNS,
    );
  });

  it("rotationStatus: due only inside a window after the period; else it says when it may rotate", () => {
    fc.assert(
      fc.property(
        usable,
        nearAwkward,
        fc.constantFrom("1h", "1d", "7d", "30d", "P1M"),
        fc.integer({ min: -40 * 86_400_000, max: 0 }),
        (window, now, every, age) => {
          const created = new Date(now.getTime() + age);
          const parsed = parseRotationWindow(window);
          const status = rotationStatus(created.toISOString(), every, now, window)!;
          const periodOver = now.getTime() >= new Date(status.rotateAt).getTime();
          const open = openWindowAt(parsed, now) !== undefined;
          assert.equal(status.due, periodOver && open);
          // Waiting: only when the period is over and the window closed, until the next opening.
          if (periodOver && !open) {
            const opensAt = new Date(status.waitsForWindowAt!);
            assert.ok(opensAt.getTime() > now.getTime());
            assert.ok(openWindowAt(parsed, opensAt));
          } else {
            assert.equal(status.waitsForWindowAt, undefined);
          }
          // rotatableAt: the first instant at or after rotateAt that lies in a window.
          const rotatable = new Date(status.rotatableAt);
          assert.ok(rotatable.getTime() >= new Date(status.rotateAt).getTime());
          assert.ok(openWindowAt(parsed, rotatable));
          assert.deepEqual(firstOpenAtOrAfter(parsed, new Date(status.rotateAt)), rotatable);
        },
      ),
      RUNS,
    );
  });

  it("validation answers any value quickly, with a problem that names rotationWindow", () => {
    const shaped = fc.record(
      {
        daysOfWeek: fc.oneof(fc.array(fc.constantFrom("Mon", "sun", "Funday", 3)), anyValue),
        startTime: fc.oneof(hhmm, fc.constantFrom("2:30", "24:00", "02:60", ""), anyValue),
        cron: fc.oneof(
          fc.constantFrom("0 2 * * *", "0 2 * *", "* * * * * *", "0 0 30 2 *"),
          anyValue,
        ),
        duration: fc.oneof(fc.constantFrom("1h", "25h", "0m", "never", "P1M"), anyValue),
        timeZone: fc.oneof(fc.constantFrom(...ZONES, "Europe/Berln", "utc", "+02:00"), anyValue),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(fc.oneof(shaped, anyValue), (value) => {
        const problem = timeBoxed("rotationWindowProblem", () => rotationWindowProblem(value));
        if (problem !== undefined) assert.match(problem, /^rotationWindow(\.\w+)?: \S/);
      }),
      RUNS,
    );
  });
});
