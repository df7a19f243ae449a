import assert from "node:assert/strict";
import { evaluate } from "../../report/evaluate";
import { managedKeys } from "../../report/model";
import { parseStackExport } from "../../report/state-export";
import type { LiveInventory } from "../../report/unmanaged";
import {
  daysAfter,
  type ExportDocument,
  loadExport,
  recordedFacts,
  resourceOf,
} from "./recorded-export";

const facts = recordedFacts();
const stacksOf = (doc: ExportDocument = loadExport()) => {
  const state = parseStackExport(JSON.stringify(doc), "state.json");
  return [{ stack: state.stack, source: "state.json", keys: managedKeys(state) }];
};
const at = (iso: string, more: Partial<{ grace: string; dueWithin: string }> = {}) => ({
  now: new Date(iso),
  grace: "1d",
  ...more,
});
const statuses = (report: ReturnType<typeof evaluate>) =>
  Object.fromEntries(report.rows.map((r) => [`${r.name}:${r.role}`, r.status]));

describe("report evaluation: age, next step and status of each key at a given now", () => {
  it("right after the recorded run: all fine, the legacy key never rotates, the old pair key overlaps", () => {
    const report = evaluate(stacksOf(), at(daysAfter(facts.web.createdAt, 1)));
    assert.deepEqual(statuses(report), {
      "legacy:current": "never-rotates",
      "web:current": "ok",
      "api:current": "ok",
      "api:previous": "overlap",
      "ci:current": "ok",
    });
    const web = report.rows.find((r) => r.name === "web");
    assert.deepEqual(web?.next, { action: "rotate", at: facts.web.rotateAt });
    assert.equal(Math.round((web?.ageMs ?? 0) / 86_400_000), 1);
    const previous = report.rows.find((r) => r.role === "previous");
    assert.deepEqual(previous?.next, { action: "deactivate", at: facts.apiPrevious.deactivateAt });
    assert.deepEqual(report.summary, {
      managed: 5,
      shown: 5,
      overdue: 0,
      due: 0,
      neverRotates: 1,
      stale: 0,
      missing: 0,
      unmanaged: 0,
      usageUnreadable: 0,
    });
  });

  it("is due at rotateAt, overdue only past the grace, which is configurable", () => {
    const due = evaluate(stacksOf(), at(daysAfter(facts.token.rotateAt, 0.5)));
    assert.equal(statuses(due)["ci:current"], "due");
    assert.equal(statuses(due)["api:previous"], "overdue", "its deactivation is weeks late");
    const late = evaluate(stacksOf(), at(daysAfter(facts.token.rotateAt, 2)));
    assert.equal(statuses(late)["ci:current"], "overdue");
    assert.equal(statuses(late)["api:current"], "overdue");
    assert.equal(statuses(late)["web:current"], "ok");
    const lenient = evaluate(stacksOf(), at(daysAfter(facts.token.rotateAt, 2), { grace: "3d" }));
    assert.equal(statuses(lenient)["ci:current"], "due");
  });

  it("with --due-within, keeps only what rotates or stops working before the horizon", () => {
    const now = daysAfter(facts.web.createdAt, 1);
    const week = evaluate(stacksOf(), at(now, { dueWithin: "7d" }));
    assert.deepEqual(
      week.rows.map((r) => `${r.name}:${r.role}`),
      ["api:previous"],
    );
    assert.equal(week.summary.managed, 5);
    assert.equal(week.summary.shown, 1);
    const month = evaluate(stacksOf(), at(now, { dueWithin: "30d" }));
    assert.deepEqual(month.rows.map((r) => `${r.name}:${r.role}`).sort(), [
      "api:current",
      "api:previous",
      "ci:current",
    ]);
  });

  it("flags a sink whose receipt still names the previous key: its delivery did not finish", () => {
    const doc = loadExport();
    const receipt = resourceOf(doc, "SinkReceipt", "api-sink-0-receipt");
    receipt.outputs!.keyId = facts.apiPrevious.keyId;
    const report = evaluate(stacksOf(doc), at(daysAfter(facts.web.createdAt, 1)));
    const api = report.rows.find((r) => r.name === "api" && r.role === "current");
    assert.deepEqual(api?.staleSinks, ["dotenv-file:/tmp/sentry-rotation-report-fixture/api.env"]);
    assert.equal(report.summary.stale, 1);
  });

  it("with Sentry's lists: a managed key Sentry lacks is missing; keys nobody manages are listed", () => {
    const live: LiveInventory[] = [
      {
        organization: "acme",
        clientKeys: [facts.web, facts.apiCurrent, facts.apiPrevious, { keyId: "f".repeat(32) }].map(
          (k, i) => ({
            id: k.keyId,
            name: `key ${i}`,
            projectId: 1,
            isActive: true,
            dateCreated: facts.web.createdAt,
          }),
        ),
        orgAuthTokens: [
          {
            id: facts.token.tokenId,
            name: "ci uploads",
            tokenLastCharacters: facts.token.last,
            dateCreated: facts.token.createdAt,
            dateLastUsed: null,
          },
          {
            id: "99",
            name: "hand made",
            tokenLastCharacters: "zz99",
            dateCreated: facts.token.createdAt,
            dateLastUsed: facts.token.rotateAt,
          },
        ],
      },
    ];
    const report = evaluate(stacksOf(), at(daysAfter(facts.web.createdAt, 1)), live);
    assert.equal(statuses(report)["legacy:current"], "missing");
    assert.equal(report.rows.find((r) => r.name === "web")?.inSentry, true);
    assert.deepEqual(
      report.unmanaged?.map((u) => [u.keyType, u.project, u.keyId ?? u.tokenId, u.lastUsedAt]),
      [
        ["client-key", "web", "f".repeat(32), undefined],
        ["org-auth-token", undefined, "99", facts.token.rotateAt],
      ],
    );
    assert.deepEqual(report.organizations, ["acme"]);
    assert.equal(report.summary.unmanaged, 2);
    assert.equal(report.summary.missing, 1);
  });
});
