import assert from "node:assert/strict";
import { evaluate } from "../../report/evaluate";
import { managedKeys } from "../../report/model";
import { renderReport } from "../../report/render";
import { parseStackExport } from "../../report/state-export";

// A stack's state with one ClientKey and one ClientKeyPair, both with a rotation window.
const WINDOW = {
  daysOfWeek: ["Sat"],
  startTime: "02:30",
  duration: "3h",
  timeZone: "Europe/Berlin",
};
const exported = {
  version: 3,
  deployment: {
    manifest: { time: "2027-01-01T00:00:00Z" },
    resources: [
      {
        urn: "urn:pulumi:prod::rotation::pulumi-nodejs:dynamic/sentry:ClientKey::web",
        custom: true,
        type: "pulumi-nodejs:dynamic/sentry:ClientKey",
        outputs: {
          organization: "acme",
          project: "web",
          keyId: "a".repeat(32),
          isActive: true,
          createdAt: "2027-01-01T12:00:00.000Z",
          rotateEvery: "30d",
          rotateAt: "2027-01-31T12:00:00.000Z",
          rotationWindow: WINDOW,
        },
      },
      {
        urn: "urn:pulumi:prod::rotation::pulumi-nodejs:dynamic/sentry:ClientKeyPair::api",
        custom: true,
        type: "pulumi-nodejs:dynamic/sentry:ClientKeyPair",
        outputs: {
          organization: "acme",
          project: "api",
          rotateEvery: "30d",
          overlap: "7d",
          rotationWindow: WINDOW,
          retiring: [],
          current: {
            keyId: "b".repeat(32),
            isActive: true,
            createdAt: "2027-01-01T12:00:00.000Z",
            rotateAt: "2027-01-31T12:00:00.000Z",
          },
          nextRotationAt: "2027-01-31T12:00:00.000Z",
        },
      },
    ],
  },
};

const stacks = () => {
  const state = parseStackExport(JSON.stringify(exported), "state.json");
  return [{ stack: state.stack, source: "state.json", keys: managedKeys(state) }];
};

describe("report: rotation windows", () => {
  it("shows when each key's window next opens; a due key waits without being overdue", () => {
    // Due Sunday 2027-01-31 12:00Z; the next Saturday window opens 2027-02-06T01:30Z.
    const report = evaluate(stacks(), { now: new Date("2027-02-01T00:00:00Z"), grace: "1d" });
    for (const row of report.rows) {
      assert.deepEqual(row.window, {
        description: "Sat 02:30 for 3h (Europe/Berlin)",
        opensAt: "2027-02-06T01:30:00.000Z",
      });
      assert.deepEqual(row.next, { action: "rotate", at: "2027-02-06T01:30:00.000Z" });
      assert.equal(row.status, "ok", "it may not rotate before its window");
    }
    const text = renderReport(report, "table");
    assert.match(
      text,
      /rotate 2027-02-06 01:30Z \(in 5d\); window Sat 02:30 for 3h \(Europe\/Berlin\)  ok/,
    );
  });

  it("counts overdue from the first window after the due date", () => {
    const inWindow = evaluate(stacks(), { now: new Date("2027-02-06T02:00:00Z"), grace: "1d" });
    assert.deepEqual(
      inWindow.rows.map((r) => r.status),
      ["due", "due"],
    );
    assert.match(renderReport(inWindow, "table"), /window open, Sat 02:30/);
    const missed = evaluate(stacks(), { now: new Date("2027-02-07T02:00:00Z"), grace: "1d" });
    assert.match(
      renderReport(missed, "table"),
      /rotate 2027-02-06 01:30Z \(1d ago\); waits for the window at 2027-02-13 01:30Z, Sat 02:30/,
    );
    assert.deepEqual(
      missed.rows.map((r) => [r.status, r.window?.opensAt]),
      [
        ["overdue", "2027-02-13T01:30:00.000Z"],
        ["overdue", "2027-02-13T01:30:00.000Z"],
      ],
    );
  });
});
