import assert from "node:assert/strict";
import {
  fixedClock,
  isDue,
  rotateAt,
  rotationDueAt,
  rotationStatus,
} from "../../provider/rotation";
import { UNKNOWN } from "../../provider/unknown";

describe("rotation schedule", () => {
  // [createdAt, every, expected rotateAt]: calendar arithmetic in UTC.
  const cases: Array<[string, string, string]> = [
    ["2026-01-01T00:00:00.000Z", "90d", "2026-04-01T00:00:00.000Z"],
    ["2026-01-31T10:00:00.000Z", "P1M", "2026-02-28T10:00:00.000Z"],
    ["2028-01-31T10:00:00.000Z", "P1M", "2028-02-29T10:00:00.000Z"],
    ["2028-02-29T00:00:00.000Z", "P1Y", "2029-02-28T00:00:00.000Z"],
    ["2028-02-29T00:00:00.000Z", "P4Y", "2032-02-29T00:00:00.000Z"],
    ["2026-03-31T00:00:00.000Z", "P1M", "2026-04-30T00:00:00.000Z"],
    ["2026-12-31T23:30:00.000Z", "30m", "2027-01-01T00:00:00.000Z"],
    ["2026-02-28T12:00:00.000Z", "24h", "2026-03-01T12:00:00.000Z"],
    ["2028-02-28T12:00:00.000Z", "1d", "2028-02-29T12:00:00.000Z"],
    // Europe's DST change (2026-03-29) does not shift a UTC schedule.
    ["2026-03-28T12:00:00.000Z", "PT24H", "2026-03-29T12:00:00.000Z"],
    ["2026-03-28T12:00:00.000Z", "P1D", "2026-03-29T12:00:00.000Z"],
    ["2026-11-29T08:15:30.250Z", "2w", "2026-12-13T08:15:30.250Z"],
  ];
  for (const [createdAt, every, expected] of cases) {
    it(`a key created ${createdAt} rotating every ${every} is due ${expected}`, () => {
      assert.equal(rotateAt(createdAt, every).toISOString(), expected);
    });
  }

  it("is not due a millisecond before rotateAt, and due from rotateAt on", () => {
    const at = "2026-04-01T00:00:00.000Z";
    assert.equal(isDue(at, new Date("2026-03-31T23:59:59.999Z")), false);
    assert.equal(isDue(at, new Date(at)), true);
    assert.equal(isDue(at, new Date("2027-01-01T00:00:00.000Z")), true);
  });

  it("reports status at the injected clock's now, with time remaining or overdue", () => {
    const created = "2026-01-01T00:00:00.000Z";
    const before = rotationStatus(created, "90d", fixedClock("2026-03-31T00:00:00.000Z").now());
    assert.deepEqual(before, {
      rotateAt: "2026-04-01T00:00:00.000Z",
      due: false,
      remainingMs: 86_400_000,
      rotatableAt: "2026-04-01T00:00:00.000Z",
    });
    const after = rotationStatus(created, "90d", fixedClock("2026-04-02T00:00:00.000Z").now());
    assert.equal(after?.due, true);
    assert.equal(after?.remainingMs, -86_400_000);
  });

  it("has no status for a key that never rotates, was never confirmed, or is not known yet", () => {
    const now = new Date("2026-04-02T00:00:00.000Z");
    assert.equal(rotationStatus("2026-01-01T00:00:00.000Z", undefined, now), undefined);
    assert.equal(rotationStatus(undefined, "90d", now), undefined);
    assert.equal(rotationStatus("2026-01-01T00:00:00.000Z", UNKNOWN, now), undefined);
  });

  it("keeps rotateAt as an alias of rotationDueAt", () => {
    assert.equal(rotateAt, rotationDueAt);
  });

  it("rejects a bad period with the field named", () => {
    assert.throws(() => rotateAt("2026-01-01T00:00:00Z", "never"), /^InputError: rotateEvery:/);
  });
});
