import assert from "node:assert/strict";
import { Readable } from "node:stream";
import { parseCliArgs } from "../../report/args";
import { ReportInputError } from "../../report/errors";
import { readInputs } from "../../report/inputs";
import { parseStackExport } from "../../report/state-export";

const NOW = new Date("2026-12-01T00:00:00.000Z");
const rejects = (fn: () => unknown, input: string, fix: RegExp) =>
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof ReportInputError, String(err));
    assert.equal(err.input, input);
    assert.match(err.message, fix);
    return true;
  });

describe("report inputs: state exports and the command line", () => {
  it("says what is wrong with an input that is not a stack export, and how to get one", () => {
    rejects(
      () => parseStackExport("{not json", "a.json"),
      "a.json",
      /not JSON .*pulumi stack export --file/,
    );
    rejects(() => parseStackExport("  ", "stdin"), "stdin", /it is empty/);
    rejects(
      () => parseStackExport('{"keys": {"web": {"keyId": "x"}}}', "out.json"),
      "out.json",
      /no "deployment" object.*stack outputs \(`pulumi stack output --json`\)/,
    );
    rejects(
      () => parseStackExport('{"version": 3, "deployment": {"resources": {}}}', "s.json"),
      "s.json",
      /"deployment.resources" is not a list/,
    );
    rejects(
      () => parseStackExport('{"version": 3, "deployment": {"resources": [{"urn": 1}]}}', "s.json"),
      "s.json: deployment.resources[0]",
      /needs a "urn" and a "type"/,
    );
  });

  it("accepts an empty stack, and marks pending deletions", () => {
    assert.deepEqual(
      parseStackExport('{"version":3,"deployment":{"manifest":{}}}', "x").resources,
      [],
    );
    const state = parseStackExport(
      JSON.stringify({
        version: 3,
        deployment: {
          resources: [{ urn: "urn:pulumi:dev::p::t::n", type: "t", custom: true, delete: true }],
        },
      }),
      "x",
    );
    assert.equal(state.stack, "dev");
    assert.equal(state.resources[0]?.pendingDelete, true);
  });

  it("reads stdin only when something is piped in, and names a missing file", async () => {
    const piped = Object.assign(Readable.from(['{"a":', "1}"]), { isTTY: false });
    assert.deepEqual(await readInputs([], piped), [{ source: "stdin", text: '{"a":1}' }]);
    const terminal = Object.assign(Readable.from([]), { isTTY: true });
    await assert.rejects(readInputs([], terminal), /stdin: nothing piped in/);
    await assert.rejects(
      readInputs(["/nonexistent/state.json"], terminal),
      /\/nonexistent\/state.json: no such file/,
    );
    await assert.rejects(readInputs(["-", "-"], piped), /stdin: can be read once/);
  });

  it("parses options, with defaults from the environment", () => {
    const options = parseCliArgs(
      [
        "a.json",
        "b.json",
        "--format",
        "markdown",
        "--due-within",
        "14d",
        "--fail-on",
        "overdue,stale",
      ],
      {
        SENTRY_ROTATION_NOW: "2026-12-01T00:00:00Z",
        SENTRY_ORG: "acme",
        SENTRY_ROTATION_OVERDUE_GRACE: "2d",
      },
    );
    assert.deepEqual(options, {
      files: ["a.json", "b.json"],
      format: "markdown",
      now: NOW,
      grace: "2d",
      dueWithin: "14d",
      organizations: ["acme"],
      failOn: ["overdue", "stale"],
      help: false,
    });
    assert.deepEqual(
      parseCliArgs(["--now", "+7d"], {}, NOW).now,
      new Date("2026-12-08T00:00:00.000Z"),
    );
    assert.deepEqual(
      parseCliArgs(["--org", "a", "--org", "b"], { SENTRY_ORG: "c" }, NOW).organizations,
      ["a", "b"],
    );
  });

  it("rejects bad options by name, and a token given as a flag without echoing it", () => {
    rejects(
      () => parseCliArgs(["--format", "csv"], {}, NOW),
      "--format",
      /"csv" is not a format; use table, json, markdown/,
    );
    rejects(
      () => parseCliArgs(["--due-within", "soon"], {}, NOW),
      "--due-within",
      /"soon" is not a duration/,
    );
    rejects(
      () => parseCliArgs(["--now", "tomorrow"], {}, NOW),
      "--now",
      /neither an ISO 8601 instant/,
    );
    rejects(
      () => parseCliArgs([], { SENTRY_ROTATION_NOW: "x" }, NOW),
      "SENTRY_ROTATION_NOW",
      /neither/,
    );
    rejects(
      () => parseCliArgs(["--fail-on", "late"], {}, NOW),
      "--fail-on",
      /not a list of overdue, due/,
    );
    rejects(
      () => parseCliArgs(["--fail-on", "unmanaged"], {}, NOW),
      "--fail-on",
      /add --sentry-url/,
    );
    rejects(
      () => parseCliArgs(["--sentry-url", "ftp://x"], {}, NOW),
      "--sentry-url",
      /not an http\(s\) URL/,
    );
    rejects(
      () => parseCliArgs(["--colour"], {}, NOW),
      "arguments",
      /Unknown option '--colour'.*--help/,
    );
    const secret = "sntryu_" + "a".repeat(64);
    for (const flag of [["--token", secret], [`--auth-token=${secret}`]]) {
      assert.throws(
        () => parseCliArgs(flag, {}, NOW),
        (err: Error) => /SENTRY_AUTH_TOKEN/.test(err.message) && !err.message.includes(secret),
      );
    }
  });
});
