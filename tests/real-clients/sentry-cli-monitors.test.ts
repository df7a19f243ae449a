import { strict as assert } from "node:assert";
import type { RunningSandbox } from "../../sandbox";
import { sandboxAdmin, type SandboxAdmin } from "../../testkit/sandbox-admin";
import { runIsolated, sentryCliAvailable, sentryCliPath } from "../support/sandbox-clients";
import { skipUnless } from "../support/skip";
import { api, keysPath, startTestSandbox } from "../support/sandbox-http";

/** The monitor options the CI templates pass (see docs/ci.md, "A heartbeat for the schedule"). */
const MONITOR_OPTIONS = [
  "--schedule",
  "17 6 * * *",
  "--check-in-margin",
  "120",
  "--max-runtime",
  "60",
  "--timezone",
  "UTC",
  "--failure-issue-threshold",
  "1",
];

describe("real clients: sentry-cli monitors run against the sandbox", function () {
  this.timeout(30000);
  let sandbox: RunningSandbox;
  let admin: SandboxAdmin;
  let dsn: string;

  before(async function () {
    skipUnless(this, await sentryCliAvailable(), `sentry-cli not runnable at ${sentryCliPath}`);
    sandbox = await startTestSandbox();
    admin = sandboxAdmin(sandbox.url);
    dsn = (
      (await api(sandbox, "POST", keysPath(sandbox), { body: { name: "rotation monitor" } }))
        .json as { dsn: { public: string } }
    ).dsn.public;
  });
  after(async function () {
    await sandbox?.close();
  });

  const monitorsRun = (slug: string, command: string[], env: Record<string, string> = {}) =>
    runIsolated(sentryCliPath, ["monitors", "run", ...MONITOR_OPTIONS, slug, "--", ...command], {
      SENTRY_DSN: dsn,
      ...env,
    });

  it("a command that succeeds: in_progress with monitor_config, then ok with the same id and a duration", async function () {
    const result = await monitorsRun("rotation-ok", [
      "sh",
      "-c",
      'echo "slug=$SENTRY_MONITOR_SLUG"',
    ]);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /slug=rotation-ok/, "the command sees SENTRY_MONITOR_SLUG");
    const checkIns = await admin.checkIns("rotation-ok");
    assert.deepEqual(
      checkIns.map((c) => [c.status, c.outcome, c.environment, c.via]),
      [
        ["in_progress", "accepted", "production", "envelope"],
        ["ok", "accepted", "production", "envelope"],
      ],
    );
    assert.equal(checkIns[0]!.checkInId, checkIns[1]!.checkInId);
    assert.ok(checkIns[0]!.monitorConfig, "the first check-in carries the config");
    assert.equal(typeof checkIns[1]!.duration, "number");
    const monitor = (await admin.monitors()).find((m) => m.slug === "rotation-ok");
    assert.deepEqual(monitor?.config, {
      schedule: { type: "crontab", value: "17 6 * * *" },
      checkinMargin: 120,
      maxRuntime: 60,
      timezone: "UTC",
      failureIssueThreshold: 1,
    });
    assert.equal(monitor?.environments.production?.lastStatus, "ok");
  });

  it("a command that fails: error check-in, and sentry-cli keeps the command's exit code", async function () {
    const result = await monitorsRun("rotation-fails", ["sh", "-c", "echo up failed >&2; exit 3"]);
    assert.equal(result.code, 3, "the job still fails");
    assert.match(result.stderr, /up failed/);
    const checkIns = await admin.checkIns("rotation-fails");
    assert.deepEqual(
      checkIns.map((c) => [c.status, c.outcome]),
      [
        ["in_progress", "accepted"],
        ["error", "accepted"],
      ],
    );
    const monitor = (await admin.monitors()).find((m) => m.slug === "rotation-fails");
    assert.equal(
      monitor?.environments.production?.lastStatus,
      "error",
      "Sentry would open an issue after failure_issue_threshold errors",
    );
  });

  it("-e names the environment the check-ins carry", async function () {
    const result = await runIsolated(
      sentryCliPath,
      ["monitors", "run", "-e", "acme-prod", ...MONITOR_OPTIONS, "rotation-env", "--", "true"],
      { SENTRY_DSN: dsn },
    );
    assert.equal(result.code, 0, result.stderr);
    const envs = (await admin.checkIns("rotation-env")).map((c) => c.environment);
    assert.deepEqual(envs, ["acme-prod", "acme-prod"]);
  });
});
