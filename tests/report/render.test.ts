import assert from "node:assert/strict";
import { evaluate } from "../../report/evaluate";
import { managedKeys } from "../../report/model";
import { renderReport } from "../../report/render";
import { parseStackExport } from "../../report/state-export";
import { ciphertexts, daysAfter, loadExport, recordedFacts, resourceOf } from "./recorded-export";

const facts = recordedFacts();

function reportAt(days: number, doc = loadExport()) {
  const state = parseStackExport(JSON.stringify(doc), "state.json");
  return evaluate([{ stack: state.stack, source: "state.json", keys: managedKeys(state) }], {
    now: new Date(daysAfter(facts.web.createdAt, days)),
    grace: "1d",
  });
}

describe("report rendering", () => {
  it("prints an aligned table of every key with its next step, and a summary", () => {
    const text = renderReport(reportAt(1), "table");
    const lines = text.split("\n");
    assert.match(
      lines[0] ?? "",
      /^Sentry keys managed by pulumi-sentry-rotation at \S+ \S+Z \(overdue after a grace of 1d\)$/,
    );
    const header = lines[2] ?? "";
    assert.match(
      header,
      /^STACK +RESOURCE +ORG\/PROJECT +KEY +ROLE +AGE +LAST ROTATION +NEXT +STATUS +USAGE 24H +SINKS$/,
    );
    const web = lines.find((l) => l.includes("ClientKey web")) ?? "";
    assert.equal(web.indexOf(facts.web.keyId), header.indexOf("KEY"), "columns are aligned");
    // Without the live API there is no usage to show.
    assert.match(web, /current +1d +\S+ \S+Z +rotate \S+ \S+Z \(in 89d\) +ok +- +dotenv-file:/);
    const token = lines.find((l) => l.includes("OrgAuthToken ci")) ?? "";
    assert.ok(token.includes(`#${facts.token.tokenId} …${facts.token.last}`));
    assert.match(text, /deactivate \S+ \S+Z \(in 6d\) +overlap/);
    assert.match(
      text,
      /\n5 managed keys in 1 stack \(prod\): 0 overdue, 0 due, 1 with no rotation period, 0 with stale sinks\.\n$/,
    );
    assert.ok(!text.includes("In Sentry"), "no unmanaged section without the live API");
  });

  it("prints Markdown for a CI job summary: a table with pipes escaped, overdue keys in bold", () => {
    const doc = loadExport();
    resourceOf(doc, "SinkReceipt", "ci-sink-0-receipt").outputs!.sink = "custom:a|b";
    const markdown = renderReport(reportAt(33, doc), "markdown");
    assert.match(markdown, /^## Sentry key rotation\n\nStacks `prod`, at /);
    assert.match(markdown, /\n:rotating_light: 5 managed keys .*: 3 overdue, /);
    assert.match(markdown, /\n\| STACK \| RESOURCE \| ORG\/PROJECT \| KEY \|.*\n\| --- \| --- \|/);
    const ci = markdown.split("\n").find((l) => l.includes("OrgAuthToken ci")) ?? "";
    assert.match(ci, /\| \*\*overdue\*\* \| - \| custom:a\\\|b \|$/);
    assert.equal(ci.split(/(?<!\\)\|/).length, 13, "eleven cells, the escaped pipe inside one");
  });

  it("prints JSON with the same facts, and no format ever shows a secret's ciphertext", () => {
    const report = reportAt(1);
    const json = JSON.parse(renderReport(report, "json"));
    assert.deepEqual(json, JSON.parse(JSON.stringify(report)));
    assert.equal(json.rows.length, 5);
    const secrets = ciphertexts();
    assert.ok(secrets.length >= 5, "the export holds encrypted secrets");
    for (const format of ["table", "markdown", "json"] as const) {
      const text = renderReport(report, format);
      for (const secret of secrets) assert.ok(!text.includes(secret.slice(4, 30)), format);
      assert.ok(!text.includes("ciphertext") && !text.includes("4dabf18193072939515e22adb298388d"));
    }
  });
});
