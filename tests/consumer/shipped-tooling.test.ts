/**
 * The tooling as a team gets it: the package packed, installed into a project of its own in the
 * temp directory (with only what docs/policy-template.md tells a team to add), and then used from
 * there. The policy pack is served from node_modules/pulumi-sentry-rotation/policy through the
 * Analyzer harness (the engine's part); the sandbox runs from its bin and from its import path.
 */
import * as assert from "node:assert";
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { promisify } from "node:util";
import { pulumiVersionFromLock } from "../../scripts/pulumi-engine/engine-config";
import {
  type ConsumerProject,
  createConsumerProject,
  PACKAGE_NAME,
  packedSpec,
} from "../support/consumer-project";
import { type PolicyAnalyzer, startPolicyAnalyzer } from "../support/policy-analyzer";
import { spawnSandbox, stop } from "../support/sandbox-process";

const execFileAsync = promisify(execFile);
const REPO_ROOT = path.resolve(__dirname, "..", "..");
const LOCKED_PULUMI = pulumiVersionFromLock(
  JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package-lock.json"), "utf8")),
);
const POLICY_RANGE = JSON.parse(
  fs.readFileSync(path.join(REPO_ROOT, "policy", "package.json"), "utf8"),
).peerDependencies["@pulumi/policy"] as string;
const TYPES_NODE = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package.json"), "utf8"))
  .devDependencies["@types/node"] as string;
const CLIENT_KEY = "pulumi-nodejs:dynamic/sentry:ClientKey";
const NOW = "2027-06-01T00:00:00Z";

describe("the shipped tooling, installed from the packed package into a team's project", function () {
  // Packing, and installing from the npm cache (the first run downloads from the registry).
  this.timeout(15 * 60_000);
  let project: ConsumerProject;

  before(async () => {
    project = await createConsumerProject({
      dependencies: {
        [PACKAGE_NAME]: await packedSpec(),
        "@pulumi/pulumi": LOCKED_PULUMI,
      },
      devDependencies: { "@pulumi/policy": POLICY_RANGE, "@types/node": TYPES_NODE },
    });
  });

  after(() => project?.dispose());

  describe("the policy pack from node_modules/pulumi-sentry-rotation/policy", () => {
    let analyzer: PolicyAnalyzer;
    let packDir: string;

    before(async () => {
      packDir = path.join(project.packageDir, "policy");
      analyzer = await startPolicyAnalyzer(packDir, { SENTRY_ROTATION_NOW: NOW });
    });

    after(async () => analyzer?.stop());

    it("is compiled JavaScript with its own manifest: no TypeScript, no node_modules link, the runner from the team's SDK", () => {
      const shipped = fs.readdirSync(packDir).sort();
      assert.deepStrictEqual(shipped, ["PulumiPolicy.yaml", "README.md", "config", "package.json"]);
      const manifest = JSON.parse(fs.readFileSync(path.join(packDir, "package.json"), "utf8"));
      assert.ok(fs.existsSync(path.resolve(packDir, manifest.main)), manifest.main);
      assert.ok(manifest.main.endsWith(".js"), manifest.main);
      const runner = require.resolve("@pulumi/pulumi/cmd/run-policy-pack", { paths: [packDir] });
      assert.ok(runner.startsWith(path.join(project.dir, "node_modules")), runner);
    });

    it("reports itself under the installed package's version", async () => {
      const installed = JSON.parse(
        fs.readFileSync(path.join(project.packageDir, "package.json"), "utf8"),
      );
      const info = await analyzer.info();
      assert.strictEqual(info.name, "sentry-rotation");
      assert.strictEqual(info.version, installed.version);
    });

    it("fails an unrotated key with the pack's message, and a key without a schedule", async () => {
      const stack = await analyzer.analyzeStack([
        {
          type: CLIENT_KEY,
          name: "web",
          props: {
            keyId: "0123456789abcdef0123456789abcdef",
            createdAt: "2027-01-01T00:00:00Z",
            isActive: true,
            rotateEvery: "90d",
          },
        },
      ]);
      assert.deepStrictEqual(
        stack.map((d) => [d.policyName, d.enforcementLevel]),
        [["sentry-key-max-age", "mandatory"]],
      );
      assert.match(stack[0]!.message, /"web" .*151 days ago/);

      const unscheduled = await analyzer.analyze({ type: CLIENT_KEY, name: "api", props: {} });
      assert.deepStrictEqual(
        unscheduled.map((d) => d.policyName),
        ["sentry-rotate-every-required"],
      );
      assert.match(unscheduled[0]!.message, /"api" has no rotateEvery/);
    });
  });

  it("`sentry-rotation` from node_modules/.bin offers `trigger` next to `report`", async () => {
    const top = await execFileAsync(project.bin("sentry-rotation"), ["--help"], {
      cwd: project.dir,
    });
    assert.match(top.stdout, /report .*\n\s+trigger /);
    const trigger = await execFileAsync(project.bin("sentry-rotation"), ["trigger", "--help"], {
      cwd: project.dir,
    });
    assert.match(trigger.stdout, /^Usage: sentry-rotation trigger --entry NAME --value TEXT/);
    // Without pulumi on PATH it says so, instead of a stack trace.
    const run = await execFileAsync(
      project.bin("sentry-rotation"),
      ["trigger", "--entry", "web", "--value", "leaked in a log"],
      { cwd: project.dir, env: { ...process.env, PATH: path.dirname(process.execPath) } },
    ).catch((err: { code: number; stderr: string }) => err);
    assert.strictEqual((run as { code?: number }).code, 1);
    assert.match(String(run.stderr), /the pulumi CLI is not on PATH/);
  });

  describe("the sandbox", () => {
    it("`sentry-sandbox` from node_modules/.bin serves the Sentry API with the token it prints", async () => {
      const proc = spawnSandbox(project.bin("sentry-sandbox"), ["--port", "0", "--quiet"]);
      try {
        const line = await proc.line;
        const res = await fetch(`${line.url}/api/0/`, {
          headers: { Authorization: `Bearer ${line.token}` },
        });
        assert.strictEqual(res.status, 200);
        const body = (await res.json()) as { auth: { scopes: string[] } };
        assert.ok(body.auth.scopes.includes("project:admin"), JSON.stringify(body.auth));
      } finally {
        assert.deepStrictEqual(await stop(proc), { code: 0, signal: null });
      }
    });

    it(`"${PACKAGE_NAME}/sandbox" imports from JavaScript and type-checks from TypeScript`, async () => {
      const script = path.join(project.dir, "rehearse.js");
      fs.writeFileSync(
        script,
        `const { startSandbox } = require("${PACKAGE_NAME}/sandbox");
startSandbox({ port: 0 }).then(async (sandbox) => {
  const res = await fetch(sandbox.url + "/api/0/", { headers: { Authorization: "Bearer " + sandbox.token } });
  console.log(JSON.stringify({ status: res.status, organization: sandbox.organization }));
  await sandbox.close();
});
`,
      );
      const { stdout } = await execFileAsync(process.execPath, [script], { cwd: project.dir });
      assert.deepStrictEqual(JSON.parse(stdout), { status: 200, organization: "sandbox-org" });

      // TypeScript with the resolution that honours `exports` (node16), and with the classic one
      // that `pulumi new` templates use (node), which reads `typesVersions` instead.
      fs.writeFileSync(
        path.join(project.dir, "rehearse.ts"),
        `import { startSandbox, type RunningSandbox } from "${PACKAGE_NAME}/sandbox";
export const started: Promise<RunningSandbox> = startSandbox({ port: 0, quiet: true });
`,
      );
      const tsc = require.resolve("typescript/bin/tsc");
      for (const [module, resolution] of [
        ["node16", "node16"],
        ["commonjs", "node"],
      ]) {
        const args = ["--noEmit", "--strict", "--skipLibCheck", "--module", module!];
        args.push("--moduleResolution", resolution!, "--types", "node", "rehearse.ts");
        await execFileAsync(process.execPath, [tsc, ...args], { cwd: project.dir });
      }
    });
  });
});
