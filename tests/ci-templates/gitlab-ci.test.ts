import * as assert from "assert";
import {
  documentedNames,
  INSTALLED,
  loadTemplate,
  REPOSITORY_ONLY,
  shipsInPackage,
} from "./template-facts";

interface GitlabJob {
  extends?: string | string[];
  script?: string[];
  before_script?: string[];
  rules?: Array<{ if?: string; changes?: string[] }>;
  environment?: string;
  resource_group?: string;
}

// Variables GitLab defines for every job, and shell names the scripts set themselves.
const PREDEFINED = /^(CI_|GITLAB_)/;
const SHELL = new Set(["HOME", "PATH"]);
// Read from the environment by the pulumi CLI and the providers, so never named in the file.
const READ_FROM_ENVIRONMENT = new Set([
  "PULUMI_ACCESS_TOKEN",
  "SENTRY_AUTH_TOKEN",
  "KUBECONFIG",
  "AWS_ACCESS_KEY_ID",
  "AWS_SECRET_ACCESS_KEY",
]);

describe("GitLab CI template (examples/ci/gitlab/.gitlab-ci.yml)", () => {
  const t = loadTemplate("gitlab/.gitlab-ci.yml");
  const jobs = Object.fromEntries(
    Object.entries(t.data).filter(([name, v]) => !name.startsWith(".") && (v as GitlabJob).script),
  ) as Record<string, GitlabJob>;
  const defined = new Set(Object.keys(t.data.variables as object));
  const hidden = (name: string) => t.data[name] as GitlabJob;
  /** Every script line a job runs, its templates' included. */
  const linesOf = (job: GitlabJob): string[] => [
    ...[job.extends ?? []].flat().flatMap((base) => linesOf(hidden(base))),
    ...(job.before_script ?? []),
    ...(job.script ?? []),
  ];

  it("has the scheduled, preview and emergency jobs, each extending existing templates", () => {
    // A script line such as `git commit -m "x: y"` silently becomes a YAML map unless quoted.
    for (const [name, job] of Object.entries(t.data) as Array<[string, GitlabJob]>) {
      for (const line of [...(job.before_script ?? []), ...(job.script ?? [])]) {
        assert.strictEqual(typeof line, "string", `${name}: script line ${JSON.stringify(line)}`);
      }
    }
    assert.deepStrictEqual(Object.keys(jobs).sort(), [
      "preview",
      "rotate:emergency",
      "rotate:scheduled",
    ]);
    for (const job of Object.values(jobs)) {
      for (const base of [job.extends ?? []].flat()) assert.ok(hidden(base), `no template ${base}`);
    }
  });

  it("uses only variables that are predefined, defined in the file, or documented in its header", () => {
    const documented = documentedNames(t.text, "CI/CD variables");
    const rulesText = Object.values(jobs).flatMap((j) => (j.rules ?? []).map((r) => r.if ?? ""));
    const used = new Set<string>();
    for (const line of [...Object.values(jobs).flatMap(linesOf), ...rulesText]) {
      const assigned = new Set(
        [...line.matchAll(/(?:^|[\s;])(?:export\s+)?([A-Za-z_]\w*)=/g)].map((m) => m[1]!),
      );
      for (const [, name] of line.matchAll(/\$\{?([A-Z][A-Z0-9_]*)\}?/g)) {
        if (
          !PREDEFINED.test(name!) &&
          !SHELL.has(name!) &&
          !defined.has(name!) &&
          !assigned.has(name!)
        ) {
          used.add(name!);
        }
      }
    }
    for (const name of used) assert.ok(documented.has(name), `${name} is used but not documented`);
    for (const name of documented) {
      assert.ok(
        used.has(name) || READ_FROM_ENVIRONMENT.has(name),
        `${name} is documented but not used`,
      );
    }
  });

  it("rotates with `pulumi up --yes --refresh` on a schedule, with the policy pack, one update at a time", () => {
    const job = jobs["rotate:scheduled"]!;
    assert.ok(job.rules?.some((r) => r.if === '$CI_PIPELINE_SOURCE == "schedule"'));
    const up = linesOf(job).find((l) => l.includes("pulumi up"))!;
    assert.match(up, /--yes --refresh/);
    assert.match(up, /--policy-pack "\$POLICY_PACK" --policy-pack-config "\$POLICY_PACK_CONFIG"/);
    assert.ok([job.extends].flat().some((base) => hidden(base!).resource_group));
  });

  it("work in a team's own stack: npm ci in STACK_DIR, the pack and its fallback config from node_modules", () => {
    const base = hidden(".pulumi");
    assert.deepStrictEqual(base.before_script?.slice(0, 2), ['cd "$STACK_DIR"', "npm ci"]);
    for (const [name, job] of Object.entries(jobs)) {
      for (const line of linesOf(job)) assert.ok(!REPOSITORY_ONLY.test(line), `${name}: ${line}`);
    }
    const variables = t.data.variables as Record<string, unknown>;
    assert.strictEqual(variables.POLICY_PACK, `${INSTALLED}policy`);
    assert.ok(shipsInPackage(`${INSTALLED}policy/PulumiPolicy.yaml`));
    assert.ok(
      shipsInPackage(String(variables.POLICY_PACK_CONFIG)),
      String(variables.POLICY_PACK_CONFIG),
    );
  });

  it("previews merge requests read-only and posts the diff, without any Sentry token", () => {
    const lines = linesOf(jobs.preview!);
    assert.ok(
      jobs.preview!.rules?.some((r) => r.if === '$CI_PIPELINE_SOURCE == "merge_request_event"'),
    );
    assert.ok(lines.some((l) => /pulumi preview --diff/.test(l)));
    assert.ok(lines.some((l) => l.includes('export PULUMI_ACCESS_TOKEN="$PULUMI_PREVIEW_TOKEN"')));
    assert.ok(lines.some((l) => l.includes("/merge_requests/$CI_MERGE_REQUEST_IID/notes")));
    assert.ok(!lines.join("\n").includes("SENTRY_AUTH_TOKEN"));
  });

  it("emergency: runs from the Run pipeline form, sets and pushes the trigger before pulumi up", () => {
    const job = jobs["rotate:emergency"]!;
    assert.ok(job.rules?.some((r) => r.if?.includes('$EMERGENCY_ENTRY != ""')));
    const variables = t.data.variables as Record<string, { description?: string }>;
    assert.ok(variables.EMERGENCY_ENTRY?.description && variables.EMERGENCY_REASON?.description);
    const lines = linesOf(job);
    const trigger = lines.findIndex((l) => l.includes("npx --no -- sentry-rotation trigger"));
    const push = lines.findIndex((l) => l.startsWith("git push"));
    const up = lines.findIndex((l) => l.includes("pulumi up --yes --refresh"));
    assert.ok(trigger >= 0 && push > trigger && up > push, `${trigger} < ${push} < ${up}`);
    assert.match(lines[trigger]!, /--entry "\$EMERGENCY_ENTRY"/);
    assert.match(
      lines[trigger]!,
      /\$\{SENTRY_TRIGGERS_KEY:\+--triggers-key "\$SENTRY_TRIGGERS_KEY"\}/,
    );
    assert.ok(!lines[up]!.includes("--policy-pack"));
    // One step rotates and, with EMERGENCY_REVOKE "true", revokes the leaked key in the same run.
    assert.match(lines[trigger]!, /\$\(\[ "\$EMERGENCY_REVOKE" = "true" \] && echo --revoke\)/);
    const revoke = (t.data.variables as Record<string, { value?: string; options?: string[] }>)
      .EMERGENCY_REVOKE;
    assert.deepStrictEqual([revoke?.value, revoke?.options], ["false", ["false", "true"]]);
  });
});
