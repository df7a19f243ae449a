import * as assert from "assert";
import { execFile } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import type { RunningSandbox } from "../../sandbox";
import { sandboxAdmin, type SandboxAdmin } from "../../testkit/sandbox-admin";
import { sentryCliAvailable, sentryCliPath } from "../support/sandbox-clients";
import { api, keysPath, startTestSandbox } from "../support/sandbox-http";
import { skipUnless } from "../support/skip";
import { loadTemplate } from "./template-facts";

interface Step {
  name?: string;
  run?: string;
  env?: Record<string, string>;
}
interface GithubJob {
  "timeout-minutes"?: number;
  steps: Step[];
}

const github = loadTemplate("github/sentry-rotation-scheduled.yml");
const gitlab = loadTemplate("gitlab/.gitlab-ci.yml");
const githubJob = (github.data.jobs as Record<string, GithubJob>).rotate!;
const githubStep = githubJob.steps.find((s) => s.run?.includes("sentry-cli monitors run"))!;
const gitlabJob = (gitlab.data as Record<string, { script: string[] }>)["rotate:scheduled"]!;
const gitlabVariables = gitlab.data.variables as Record<string, string>;
const githubCron = (github.data.on as { schedule: Array<{ cron: string }> }).schedule[0]!.cron;

// The value of one option of the `sentry-cli monitors run` line.
const option = (script: string, name: string): string | undefined =>
  (new RegExp(`${name} "([^"]*)"`).exec(script) ?? new RegExp(`${name} (\\S+)`).exec(script))?.[1];

describe("CI templates: the heartbeat around the scheduled rotation", function () {
  this.timeout(60_000);

  describe("what the templates say", function () {
    it("GitHub: pulumi up runs inside `sentry-cli monitors run`, the stack's own (never downloaded)", function () {
      assert.ok(githubStep, "a step wraps pulumi up in sentry-cli monitors run");
      assert.match(
        githubStep.run!,
        /npx --no -- sentry-cli monitors run "\$MONITOR_SLUG" -e "\$PULUMI_STACK"/,
      );
      assert.match(githubStep.run!, /-- \\\n\s+pulumi up --yes --refresh/);
      assert.strictEqual(githubStep.env?.SENTRY_DSN, "${{ secrets.SENTRY_MONITOR_DSN }}");
    });

    it("GitHub: the monitor's schedule is the workflow's cron; its max runtime outlasts the job's timeout", function () {
      assert.strictEqual(option(githubStep.run!, "--schedule"), githubCron);
      assert.strictEqual(option(githubStep.run!, "--timezone"), "UTC", "GitHub cron is UTC");
      const runtime = Number(option(githubStep.run!, "--max-runtime"));
      assert.ok(runtime >= githubJob["timeout-minutes"]!, `max runtime ${runtime}`);
      // GitHub starts scheduled runs late, often by many minutes: a short margin would cry wolf.
      assert.ok(Number(option(githubStep.run!, "--check-in-margin")) >= 60);
    });

    it("GitLab: the scheduled job runs pulumi up inside the same monitor, schedule from MONITOR_SCHEDULE", function () {
      const script = gitlabJob.script.join("\n");
      assert.match(
        script,
        /SENTRY_DSN="\$SENTRY_MONITOR_DSN"\s+npx --no -- sentry-cli monitors run/,
      );
      assert.match(script, /--schedule "\$MONITOR_SCHEDULE"/);
      assert.strictEqual(gitlabVariables.MONITOR_SCHEDULE, githubCron, "same default as GitHub");
      assert.match(script, /--\s+pulumi up --yes --refresh/);
      assert.ok(gitlab.text.includes("#   SENTRY_MONITOR_DSN"), "documented as a CI/CD variable");
    });
  });

  describe("running the templates' heartbeat against the sandbox", function () {
    let sandbox: RunningSandbox;
    let admin: SandboxAdmin;
    let dsn: string;
    let workdir: string;

    before(async function () {
      skipUnless(this, await sentryCliAvailable(), `sentry-cli not runnable at ${sentryCliPath}`);
      sandbox = await startTestSandbox();
      admin = sandboxAdmin(sandbox.url);
      dsn = (
        (await api(sandbox, "POST", keysPath(sandbox), { body: { name: "monitor" } })).json as {
          dsn: { public: string };
        }
      ).dsn.public;
      // A stack directory as `npm ci` leaves it: sentry-cli in node_modules/.bin, and a
      // stand-in `pulumi` on PATH that records its arguments and exits as told.
      workdir = fs.mkdtempSync(path.join(os.tmpdir(), "heartbeat-stack-"));
      fs.mkdirSync(path.join(workdir, "node_modules", ".bin"), { recursive: true });
      fs.symlinkSync(sentryCliPath, path.join(workdir, "node_modules", ".bin", "sentry-cli"));
      fs.mkdirSync(path.join(workdir, "bin"));
      fs.writeFileSync(
        path.join(workdir, "bin", "pulumi"),
        '#!/bin/sh\nprintf "%s\\n" "$@" > "$PULUMI_ARGS_FILE"\nexit "${PULUMI_EXIT:-0}"\n',
        { mode: 0o755 },
      );
    });
    after(async function () {
      await sandbox?.close();
      if (workdir) fs.rmSync(workdir, { recursive: true, force: true });
    });
    beforeEach(async function () {
      await admin.clearCheckIns();
    });

    // Runs a template's script with bash in the stack directory, with only the given variables.
    function runScript(script: string, env: Record<string, string>) {
      const argsFile = path.join(workdir, `pulumi-args-${Date.now()}`);
      return new Promise<{ code: number; stderr: string; pulumiArgs: string[] }>((resolve) => {
        execFile(
          "bash",
          ["-eo", "pipefail", "-c", script],
          {
            cwd: workdir,
            env: {
              PATH: `${path.join(workdir, "bin")}:${process.env.PATH}`,
              HOME: workdir,
              npm_config_update_notifier: "false",
              PULUMI_ARGS_FILE: argsFile,
              ...env,
            },
            timeout: 30_000,
          },
          (error, _stdout, stderr) => {
            const code = error ? (typeof error.code === "number" ? error.code : 1) : 0;
            const pulumiArgs = fs.existsSync(argsFile)
              ? fs.readFileSync(argsFile, "utf8").trim().split("\n")
              : [];
            resolve({ code, stderr, pulumiArgs });
          },
        );
      });
    }

    const githubEnv = (overrides: Record<string, string> = {}) => ({
      SENTRY_DSN: dsn,
      MONITOR_SLUG: "sentry-rotation",
      PULUMI_STACK: "acme/prod",
      POLICY_PACK: "/stack/node_modules/pulumi-sentry-rotation/policy",
      POLICY_PACK_CONFIG: "/stack/sentry-rotation-policy.json",
      ...overrides,
    });

    it("GitHub, rotation succeeds: in_progress with the monitor's config, pulumi up runs, then ok", async function () {
      const result = await runScript(githubStep.run!, githubEnv());
      assert.strictEqual(result.code, 0, result.stderr);
      assert.deepStrictEqual(result.pulumiArgs.slice(0, 6), [
        "up",
        "--yes",
        "--refresh",
        "--non-interactive",
        "--stack",
        "acme/prod",
      ]);
      assert.ok(result.pulumiArgs.includes("/stack/node_modules/pulumi-sentry-rotation/policy"));
      const checkIns = await admin.checkIns("sentry-rotation");
      assert.deepStrictEqual(
        checkIns.map((c) => [c.status, c.outcome, c.environment]),
        [
          ["in_progress", "accepted", "acme/prod"],
          ["ok", "accepted", "acme/prod"],
        ],
      );
      const [monitor] = await admin.monitors();
      assert.deepStrictEqual(monitor!.config.schedule, { type: "crontab", value: githubCron });
      assert.strictEqual(monitor!.config.timezone, "UTC");
    });

    it("GitHub, rotation fails: an error check-in, and the job still fails with pulumi's exit code", async function () {
      const result = await runScript(githubStep.run!, githubEnv({ PULUMI_EXIT: "255" }));
      assert.strictEqual(result.code, 255);
      assert.deepStrictEqual(
        (await admin.checkIns("sentry-rotation")).map((c) => c.status),
        ["in_progress", "error"],
      );
    });

    it("GitHub, no SENTRY_MONITOR_DSN: fails before pulumi runs, saying which secret to set", async function () {
      const result = await runScript(githubStep.run!, githubEnv({ SENTRY_DSN: "" }));
      assert.strictEqual(result.code, 1);
      assert.match(result.stderr, /set the SENTRY_MONITOR_DSN secret/);
      assert.deepStrictEqual(result.pulumiArgs, []);
      assert.deepStrictEqual(await admin.checkIns(), []);
    });

    it("GitLab, the scheduled job's script: the same check-ins, the schedule from MONITOR_SCHEDULE", async function () {
      const result = await runScript(gitlabJob.script.join("\n"), {
        SENTRY_MONITOR_DSN: dsn,
        SENTRY_MONITOR_SLUG: gitlabVariables.SENTRY_MONITOR_SLUG!,
        MONITOR_SCHEDULE: gitlabVariables.MONITOR_SCHEDULE!,
        PULUMI_STACK: "acme/prod",
        POLICY_PACK: gitlabVariables.POLICY_PACK!,
        POLICY_PACK_CONFIG: gitlabVariables.POLICY_PACK_CONFIG!,
        SINK_GITHUB_TOKEN: "",
        PULUMI_EXIT: "1",
      });
      assert.strictEqual(result.code, 1, "pulumi's failure fails the job");
      assert.strictEqual(result.pulumiArgs[0], "up");
      const checkIns = await admin.checkIns(gitlabVariables.SENTRY_MONITOR_SLUG!);
      assert.deepStrictEqual(
        checkIns.map((c) => c.status),
        ["in_progress", "error"],
      );
      assert.strictEqual(checkIns[0]!.monitorConfig?.schedule.type, "crontab");
    });
  });
});
