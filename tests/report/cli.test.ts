import assert from "node:assert/strict";
import { execFileSync, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { type RunningSandbox, startSandbox } from "../../sandbox";
import { sendEventWithSentryNode } from "../../scripts/demo/send-event";
import { sandboxAdmin } from "../../testkit/sandbox-admin";
import { ensureBuilt } from "../../testkit/dist";
import { REPO_ROOT } from "../../testkit/provider-host";
import {
  ciphertexts,
  daysAfter,
  EXPORT_FILE,
  recordedFacts,
  SANDBOX_DATA_FILE,
} from "./recorded-export";

const BIN = path.join(REPO_ROOT, "dist", "report", "cli.js");
const facts = recordedFacts();
const SOON = daysAfter(facts.web.createdAt, 1);

/** Builds dist/ when the report's sources are newer than its bin (the package bin is what runs). */
function ensureReportBuilt(): void {
  ensureBuilt();
  const dir = path.join(REPO_ROOT, "report");
  const newest = Math.max(
    ...fs.readdirSync(dir).map((f) => fs.statSync(path.join(dir, f)).mtimeMs),
  );
  if (!fs.existsSync(BIN) || fs.statSync(BIN).mtimeMs < newest) {
    execFileSync(
      process.execPath,
      [require.resolve("typescript/bin/tsc"), "-p", "tsconfig.build.json"],
      {
        cwd: REPO_ROOT,
        stdio: "inherit",
      },
    );
  }
}

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the bin as a process; `input` goes to its stdin (closed either way). */
function run(
  args: string[],
  options: { input?: string; env?: Record<string, string> } = {},
): Promise<Run> {
  const env: NodeJS.ProcessEnv = { ...process.env, ...options.env };
  for (const name of [
    "SENTRY_AUTH_TOKEN",
    "SENTRY_ORG",
    "SENTRY_ROTATION_NOW",
    "SENTRY_ROTATION_OVERDUE_GRACE",
  ]) {
    if (!options.env?.[name]) delete env[name];
  }
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: REPO_ROOT, env });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c: Buffer) => (stdout += c.toString("utf8")));
    child.stderr.on("data", (c: Buffer) => (stderr += c.toString("utf8")));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(options.input ?? "");
  });
}

describe("sentry-rotation report, run as the package bin", function () {
  this.timeout(120_000);
  before(() => ensureReportBuilt());

  it("reads a state file (with or without the report word) and prints the table", async () => {
    for (const args of [["report", EXPORT_FILE], [EXPORT_FILE]]) {
      const { code, stdout, stderr } = await run([...args, "--now", SOON]);
      assert.equal(code, 0, stderr);
      assert.equal(stderr, "");
      assert.match(stdout, /^Sentry keys managed by pulumi-sentry-rotation/);
      for (const id of [
        facts.web.keyId,
        facts.apiCurrent.keyId,
        facts.apiPrevious.keyId,
        facts.legacy.keyId,
      ]) {
        assert.ok(stdout.includes(id), id);
      }
    }
  });

  it("reads stdin as Markdown, honours SENTRY_ROTATION_NOW, and keeps what is due within the window", async () => {
    const { code, stdout } = await run(["--format", "markdown", "--due-within", "14d"], {
      input: fs.readFileSync(EXPORT_FILE, "utf8"),
      env: { SENTRY_ROTATION_NOW: SOON },
    });
    assert.equal(code, 0);
    assert.match(stdout, /^## Sentry key rotation\n/);
    const rows = stdout.split("\n").filter((l) => l.startsWith("| prod "));
    assert.equal(rows.length, 1);
    assert.match(rows[0] ?? "", /\| previous \| .* \| deactivate /);
  });

  it("prints JSON without a secret, and exits 1 on a --fail-on finding while still printing", async () => {
    const late = daysAfter(facts.token.rotateAt, 3);
    const { code, stdout, stderr } = await run([
      EXPORT_FILE,
      "--format",
      "json",
      "--now",
      late,
      "--fail-on",
      "overdue",
    ]);
    assert.equal(code, 1);
    assert.match(stderr, /found 3 overdue \(--fail-on\)/);
    const report = JSON.parse(stdout);
    assert.equal(report.summary.overdue, 3);
    for (const secret of ciphertexts()) assert.ok(!stdout.includes(secret.slice(4, 30)));
    const fine = await run([EXPORT_FILE, "--now", SOON, "--fail-on", "overdue,stale"]);
    assert.equal(fine.code, 0, fine.stderr);
  });

  it("exits 2 with the input and the fix for bad input", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "report-cli-"));
    try {
      const outputs = path.join(dir, "outputs.json");
      fs.writeFileSync(outputs, JSON.stringify({ keys: { web: { keyId: facts.web.keyId } } }));
      const cases: [string[], string | undefined, RegExp][] = [
        [[], "not json", /^sentry-rotation report: stdin: it is not JSON .*pulumi stack export/],
        [
          [outputs],
          undefined,
          /outputs\.json: not a `pulumi stack export` document .*stack outputs/,
        ],
        [[path.join(dir, "missing.json")], undefined, /missing\.json: no such file/],
        [[EXPORT_FILE, "--format", "csv"], undefined, /--format: "csv" is not a format/],
        [
          [EXPORT_FILE, "--due-within", "2 weeks"],
          undefined,
          /--due-within: "2 weeks" is not a duration/,
        ],
        [
          [EXPORT_FILE, "--sentry-url", "http://127.0.0.1:9"],
          undefined,
          /SENTRY_AUTH_TOKEN: is not set/,
        ],
      ];
      for (const [args, input, message] of cases) {
        const { code, stdout, stderr } = await run(args, { input });
        assert.equal(code, 2, `${args.join(" ")}: ${stderr}`);
        assert.equal(stdout, "");
        assert.match(stderr, message);
      }
      const secret = `sntryu_${"b".repeat(64)}`;
      const flag = await run([EXPORT_FILE, "--token", secret]);
      assert.equal(flag.code, 2);
      assert.match(flag.stderr, /--token: is not accepted.*SENTRY_AUTH_TOKEN/);
      assert.ok(!flag.stderr.includes(secret));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  describe("with the live Sentry API (a sandbox serving the recorded stack's keys)", () => {
    let sandbox: RunningSandbox;
    let dir: string;
    const headers = () => ({
      Authorization: `Bearer ${sandbox.token}`,
      "Content-Type": "application/json",
    });
    const api = async (method: string, route: string, body?: unknown) => {
      const response = await fetch(`${sandbox.url}/api/0/${route}`, {
        method,
        headers: headers(),
        ...(body ? { body: JSON.stringify(body) } : {}),
      });
      assert.ok(response.ok, `${method} ${route}: ${response.status}`);
      return response.status === 204
        ? undefined
        : ((await response.json()) as Record<string, unknown>);
    };
    const live = (args: string[] = []) =>
      run([EXPORT_FILE, "--sentry-url", sandbox.url, "--now", SOON, ...args], {
        env: { SENTRY_AUTH_TOKEN: sandbox.token },
      });

    before(async () => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), "report-live-"));
      const dataFile = path.join(dir, "sandbox.json");
      fs.copyFileSync(SANDBOX_DATA_FILE, dataFile);
      sandbox = await startSandbox({
        dataFile,
        organization: "acme",
        project: "web",
        rateLimit: false,
      });
    });
    after(async () => {
      await sandbox.close();
      fs.rmSync(dir, { recursive: true, force: true });
    });

    it("lists the key and the token made by hand, which no stack manages, and nothing managed", async () => {
      const quiet = await live(["--fail-on", "unmanaged,missing"]);
      assert.equal(quiet.code, 0, quiet.stderr + quiet.stdout);
      assert.match(
        quiet.stdout,
        /0 in Sentry that no stack manages \(acme\), 0 managed but missing/,
      );

      const key = await api("POST", "projects/acme/api/keys/", { name: "hand-made" });
      const token = await api("POST", "organizations/acme/org-auth-tokens/", { name: "laptop" });
      const { code, stdout, stderr } = await live(["--format", "json", "--fail-on", "unmanaged"]);
      assert.equal(code, 1);
      assert.match(stderr, /found 2 unmanaged/);
      const report = JSON.parse(stdout);
      assert.deepEqual(
        report.unmanaged.map((u: Record<string, unknown>) => [
          u.keyType,
          u.project,
          u.keyId ?? u.tokenId,
          u.name,
        ]),
        [
          ["client-key", "api", key?.id, "hand-made"],
          ["org-auth-token", undefined, String(token?.id), "laptop"],
        ],
      );
      const table = await live();
      assert.match(table.stdout, /In Sentry but managed by no stack given \(they never rotate\):/);
      assert.match(
        table.stdout,
        new RegExp(`acme/api +client-key +${String(key?.id)} +hand-made +yes`),
      );
      const dsn = key?.dsn as { secret: string };
      for (const secret of [key?.secret, dsn.secret, token?.token, sandbox.token]) {
        const text = stdout + stderr + table.stdout + table.stderr;
        assert.ok(!text.includes(String(secret)), "a secret from the API reached the output");
      }
    });

    it("shows each managed client key's last-24h usage, and says so when Sentry will not give it", async () => {
      const web = (await api("GET", `projects/acme/web/keys/${facts.web.keyId}/`)) as {
        dsn: { public: string };
      };
      assert.equal((await sendEventWithSentryNode(web.dsn.public)).statusCode, 200);
      assert.equal((await sendEventWithSentryNode(web.dsn.public)).statusCode, 200);
      const { code, stdout, stderr } = await live(["--format", "json"]);
      assert.equal(code, 0, stderr);
      assert.equal(stderr, "");
      const rows = JSON.parse(stdout).rows as Array<{
        keyId?: string;
        keyType: string;
        usage24h?: { known: boolean; acceptedEvents?: number; lastEventHour?: string };
      }>;
      const usage = (keyId: string) => rows.find((r) => r.keyId === keyId)?.usage24h;
      assert.equal(usage(facts.web.keyId)?.acceptedEvents, 2);
      assert.match(usage(facts.web.keyId)?.lastEventHour ?? "", /T\d\d:00:00\.000Z$/);
      assert.equal(usage(facts.legacy.keyId)?.acceptedEvents, 0);
      assert.ok(rows.filter((r) => r.keyType === "org-auth-token").every((r) => !r.usage24h));
      const table = await live();
      assert.match(table.stdout, new RegExp(`${facts.web.keyId} .* ok +2 events \\(last `));

      // A token that may list the organization's keys but not read a project's stats.
      const orgOnly = await sandboxAdmin(sandbox.url).mintToken(["org:read"]);
      const limited = await run([EXPORT_FILE, "--sentry-url", sandbox.url, "--now", SOON], {
        env: { SENTRY_AUTH_TOKEN: orgOnly },
      });
      assert.equal(limited.code, 0, limited.stderr);
      assert.match(
        limited.stderr,
        /warning: could not read the last-24h usage of \d+ client key\(s\) \(USAGE 24H shows "unreadable"\): .*403/,
      );
      assert.match(limited.stdout, new RegExp(`${facts.web.keyId} .* unreadable`));
      assert.match(limited.stdout, /usage unreadable for \d+ keys?\.\n$/);
      assert.ok(!(limited.stdout + limited.stderr).includes(orgOnly));
    });

    it("reports a managed key deleted in Sentry as missing", async () => {
      await api("DELETE", `projects/acme/web/keys/${facts.legacy.keyId}/`);
      const { code, stdout } = await live(["--fail-on", "missing"]);
      assert.equal(code, 1);
      assert.match(stdout, new RegExp(`ClientKey legacy .*${facts.legacy.keyId} .* missing`));
    });

    it("exits 3 with Sentry's own message when Sentry refuses, never printing the token", async () => {
      const { code, stdout, stderr } = await run([EXPORT_FILE, "--sentry-url", sandbox.url], {
        env: { SENTRY_AUTH_TOKEN: `sntryu_${"c".repeat(64)}` },
      });
      assert.equal(code, 3);
      assert.equal(stdout, "");
      assert.match(stderr, /could not read keys from Sentry: .*401.*SENTRY_AUTH_TOKEN/);
      assert.ok(!stderr.includes("c".repeat(64)));
    });
  });
});
