import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import {
  contextNames,
  documentedNames,
  expressions,
  INSTALLED,
  loadTemplate,
  lockedPulumiVersion,
  REPO_ROOT,
  REPOSITORY_ONLY,
  shipsInPackage,
  type Template,
} from "./template-facts";

const WORKFLOWS = [
  "github/sentry-rotation-scheduled.yml",
  "github/sentry-rotation-preview.yml",
  "github/sentry-rotation-emergency.yml",
];

// Inputs of pulumi/actions@v6 (its README); a misspelt input is silently ignored by GitHub.
const PULUMI_ACTION_INPUTS = new Set([
  "command",
  "stack-name",
  "work-dir",
  "cloud-url",
  "comment-on-pr",
  "comment-on-summary",
  "github-token",
  "refresh",
  "secrets-provider",
  "color",
  "log-verbosity",
  "log-flow",
  "debug",
  "config-map",
  "diff",
  "comment-on-pr-number",
  "edit-pr-comment",
  "expect-no-changes",
  "message",
  "parallel",
  "policyPacks",
  "policyPackConfigs",
  "pulumi-version",
  "pulumi-version-file",
  "remove",
  "replace",
  "target",
  "target-dependents",
  "upsert",
  "exclude-protected",
  "suppress-outputs",
  "suppress-progress",
  "omit-stdout",
  "plan",
  "always-include-summary",
  "continue-on-error",
]);

interface Step {
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
  if?: string;
}
interface Job {
  permissions?: Record<string, string>;
  defaults?: { run?: { "working-directory"?: string } };
  env?: Record<string, string>;
  steps: Step[];
  environment?: string;
  if?: string;
}

const jobsOf = (t: Template) => t.data.jobs as Record<string, Job>;
const stepsOf = (t: Template) => Object.values(jobsOf(t)).flatMap((job) => job.steps);
const pulumiSteps = (t: Template) =>
  stepsOf(t).filter((s) => s.uses?.startsWith("pulumi/actions@"));

/** The permissions a job's steps need, derived from what they do. */
function neededPermissions(job: Job): Record<string, string> {
  const needs: Record<string, string> = {};
  for (const step of job.steps) {
    if (step.uses?.startsWith("actions/checkout@")) needs.contents ??= "read";
    if (step.run && /\bgit push\b/.test(step.run)) needs.contents = "write";
    if (step.uses?.startsWith("pulumi/actions@") && step.with?.["comment-on-pr"] === true) {
      needs["pull-requests"] = "write";
    }
    if (step.uses?.startsWith("aws-actions/configure-aws-credentials@"))
      needs["id-token"] = "write";
  }
  return needs;
}

/** The scheduled workflow's step that runs `pulumi up` (inside `sentry-cli monitors run`). */
function scheduledUp(t: Template): Step {
  const step = stepsOf(t).find((s) => s.run?.includes("pulumi up"));
  assert.ok(step, `${t.file}: no step runs pulumi up`);
  return step;
}

// The policy pack and its config: pulumi/actions inputs, or the env of the step that runs pulumi.
function policyPackOf(t: Template): { pack: string; config: string } {
  const action = pulumiSteps(t).find((s) => s.with?.command);
  if (action) {
    return {
      pack: String(action.with?.policyPacks),
      config: String(action.with?.policyPackConfigs),
    };
  }
  const step = scheduledUp(t);
  assert.match(
    step.run!,
    /--policy-pack "\$POLICY_PACK" --policy-pack-config "\$POLICY_PACK_CONFIG"/,
  );
  return { pack: String(step.env?.POLICY_PACK), config: String(step.env?.POLICY_PACK_CONFIG) };
}

describe("GitHub Actions templates (examples/ci/github)", () => {
  const templates = WORKFLOWS.map(loadTemplate);
  const byName = (name: string) => templates.find((t) => t.file.includes(name))!;

  it("are valid YAML workflows with jobs and steps", () => {
    for (const t of templates) {
      assert.ok(t.data.on, `${t.file}: no "on"`);
      for (const [name, job] of Object.entries(jobsOf(t))) {
        assert.ok(
          Array.isArray(job.steps) && job.steps.length > 0,
          `${t.file}: job ${name} has no steps`,
        );
        for (const step of job.steps)
          assert.ok(step.uses || step.run, `${t.file}: a step does nothing`);
      }
    }
  });

  it("use only secrets and variables their header documents, and document only what they use", () => {
    for (const t of templates) {
      const exprs = expressions(t.data);
      for (const [context, heading] of [
        ["secrets", "Secrets"],
        ["vars", "Variables"],
      ] as const) {
        const used = [...contextNames(exprs, context)].sort();
        const documented = [...documentedNames(t.text, heading)].sort();
        assert.ok(used.length > 0, `${t.file}: uses no ${context}`);
        assert.deepStrictEqual(
          used,
          documented,
          `${t.file}: ${context} used vs documented under "# ${heading}"`,
        );
      }
    }
  });

  it("name only inputs they declare, and declare only inputs they use", () => {
    for (const t of templates) {
      const exprs = expressions(t.data);
      const used = new Set([
        ...contextNames(exprs, "inputs"),
        ...contextNames(exprs, "github.event.inputs"),
      ]);
      const on = t.data.on as Record<string, { inputs?: Record<string, unknown> } | null>;
      const declared = Object.keys(on.workflow_dispatch?.inputs ?? {});
      assert.deepStrictEqual([...used].sort(), declared.sort(), t.file);
    }
    assert.ok(contextNames(expressions(byName("emergency").data), "inputs").has("entry"));
  });

  it("never paste an expression into a script: inputs reach run steps through env only", () => {
    for (const t of templates) {
      for (const step of stepsOf(t)) {
        assert.ok(
          !step.run?.includes("${{"),
          `${t.file}: run step contains an expression:\n${step.run}`,
        );
      }
    }
  });

  it("grant each job exactly the permissions its steps need, and nothing at workflow level", () => {
    for (const t of templates) {
      assert.deepStrictEqual(
        t.data.permissions,
        {},
        `${t.file}: workflow-level permissions must be {}`,
      );
      for (const [name, job] of Object.entries(jobsOf(t))) {
        assert.deepStrictEqual(job.permissions, neededPermissions(job), `${t.file}: job ${name}`);
      }
    }
  });

  it("use pulumi/actions with real inputs and the CLI version the project is locked to", () => {
    const version = lockedPulumiVersion();
    for (const t of templates) {
      assert.ok(pulumiSteps(t).length > 0, `${t.file}: no pulumi/actions step`);
      for (const step of pulumiSteps(t)) {
        assert.strictEqual(step.uses, "pulumi/actions@v6");
        for (const input of Object.keys(step.with ?? {})) {
          assert.ok(
            PULUMI_ACTION_INPUTS.has(input),
            `${t.file}: pulumi/actions has no input "${input}"`,
          );
        }
        assert.strictEqual(step.with?.["pulumi-version"], version, t.file);
      }
    }
  });

  it("work in a team's own stack: `npm ci` in STACK_DIR, pulumi there, nothing of this repository", () => {
    const stackDir = "${{ vars.STACK_DIR || '.' }}";
    for (const t of templates) {
      for (const [name, job] of Object.entries(jobsOf(t))) {
        assert.strictEqual(
          job.defaults?.run?.["working-directory"],
          stackDir,
          `${t.file}: ${name}`,
        );
        assert.ok(
          job.steps.some((s) => s.run?.trim() === "npm ci"),
          `${t.file}: ${name} runs no npm ci`,
        );
        for (const step of job.steps) {
          const text = JSON.stringify(step);
          assert.ok(!REPOSITORY_ONLY.test(text), `${t.file}: repository-only step ${text}`);
        }
      }
      for (const step of pulumiSteps(t).filter((s) => s.with?.command)) {
        assert.strictEqual(step.with?.["work-dir"], stackDir, t.file);
      }
    }
  });

  it("run the policy pack the stack installed, with a config file the package ships as fallback", () => {
    for (const t of [byName("scheduled"), byName("preview")]) {
      const job = Object.values(jobsOf(t))[0]!;
      assert.strictEqual(
        job.env?.STACK_PATH,
        "${{ github.workspace }}/${{ vars.STACK_DIR || '.' }}",
      );
      const { pack, config } = policyPackOf(t);
      assert.strictEqual(pack, `\${{ env.STACK_PATH }}/${INSTALLED}policy`, t.file);
      assert.ok(shipsInPackage(`${INSTALLED}policy/PulumiPolicy.yaml`));
      assert.ok(shipsInPackage(`${INSTALLED}policy/package.json`));
      assert.ok(
        config.startsWith("${{ env.STACK_PATH }}/${{ vars.POLICY_PACK_CONFIG || '"),
        config,
      );
      const fallback = /\|\|\s*'([^']+)'/.exec(config)?.[1] ?? "";
      assert.ok(shipsInPackage(fallback), `${t.file}: ${fallback} is not shipped`);
    }
  });

  it("scheduled: runs `pulumi up --yes --refresh` daily and on demand, one update per stack at a time", () => {
    const t = byName("scheduled");
    const on = t.data.on as { schedule: Array<{ cron: string }>; workflow_dispatch: unknown };
    const [minute, hour, ...rest] = on.schedule[0]!.cron.split(" ");
    assert.ok(/^\d+$/.test(minute!) && /^\d+$/.test(hour!), on.schedule[0]!.cron);
    assert.deepStrictEqual(rest, ["*", "*", "*"], "daily");
    assert.ok("workflow_dispatch" in on);
    const up = scheduledUp(t);
    assert.match(up.run!, /pulumi up --yes --refresh --non-interactive --stack "\$PULUMI_STACK"/);
    assert.deepStrictEqual(t.data.concurrency, byName("emergency").data.concurrency);
  });

  it("preview: comments the diff on the pull request, read-only, without any Sentry token", () => {
    const t = byName("preview");
    assert.ok((t.data.on as Record<string, unknown>).pull_request);
    const preview = pulumiSteps(t).find((s) => s.with?.command === "preview")!;
    assert.strictEqual(preview.with?.["comment-on-pr"], true);
    assert.match(String(preview.env?.PULUMI_ACCESS_TOKEN), /secrets\.PULUMI_PREVIEW_TOKEN/);
    assert.ok(!contextNames(expressions(t.data), "secrets").has("SENTRY_AUTH_TOKEN"));
    assert.match(String(jobsOf(t).preview!.if), /head\.repo\.full_name == github\.repository/);
  });

  it("emergency: sets the trigger with the package's command, pushes it, then runs pulumi up", () => {
    const t = byName("emergency");
    const steps = stepsOf(t);
    const trigger = steps.findIndex((s) => s.run?.includes("sentry-rotation trigger"));
    const up = steps.findIndex((s) => s.with?.command === "up");
    assert.ok(trigger >= 0 && up > trigger, "trigger before up");
    const run = steps[trigger]!.run!;
    // --no: the stack's installed bin, never a download.
    assert.match(
      run,
      /npx --no -- sentry-rotation trigger --stack "\$PULUMI_STACK" --entry "\$ENTRY"/,
    );
    assert.match(run, /\$\{TRIGGERS_KEY:\+--triggers-key "\$TRIGGERS_KEY"\}/);
    // One step rotates and, when asked, revokes the leaked key in the same run.
    assert.match(run, /\$\{REVOKE:\+--revoke\}/);
    assert.strictEqual(steps[trigger]!.env?.REVOKE, "${{ inputs.revoke && 'yes' || '' }}");
    const inputs = (t.data.on as { workflow_dispatch: { inputs: Record<string, unknown> } })
      .workflow_dispatch.inputs;
    assert.deepStrictEqual(inputs.revoke, {
      description:
        "Also remove the leaked key in this run, ignoring the overlap (client keys with overlap)",
      required: false,
      type: "boolean",
      default: false,
    });
    const manifest = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package.json"), "utf8"));
    const bin = String(manifest.bin["sentry-rotation"]);
    assert.ok(bin.startsWith("dist/"), `the bin ships compiled: ${bin}`);
    const source = path.join(REPO_ROOT, bin.replace(/^dist\//, "").replace(/\.js$/, ".ts"));
    assert.match(fs.readFileSync(source, "utf8"), /command === "trigger"/);
    assert.match(run, /git add -- 'Pulumi\.\*\.yaml'/);
    assert.match(run, /git push/);
    assert.strictEqual(steps[trigger]!.env?.ENTRY, "${{ inputs.entry }}");
    assert.strictEqual(steps[trigger]!.env?.TRIGGERS_KEY, "${{ vars.SENTRY_TRIGGERS_KEY }}");
    assert.strictEqual(steps[up]!.with?.refresh, true);
    assert.strictEqual(steps[up]!.with?.policyPacks, undefined, "no policy pack in an emergency");
    for (const job of Object.values(jobsOf(t)))
      assert.strictEqual(job.environment, "sentry-rotation");
  });
});
