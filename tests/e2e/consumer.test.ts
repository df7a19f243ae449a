/**
 * The package as a team meets it: a Pulumi project of its own, outside the repository, whose
 * package.json declares only what a user would, installs the package (the `npm pack` tarball, or a
 * git clone that `prepare` builds), and runs through the real engine against the sandbox. The
 * program is type-checked as `pulumi` does by default, with the `pulumi new` template's tsconfig.
 */
import { strict as assert } from "node:assert";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { sendEventWithSentryNode } from "../../scripts/demo/send-event";
import {
  createConsumerProject,
  packedSpec,
  PACKAGE_NAME,
  type ConsumerProject,
} from "../support/consumer-project";
import {
  dotenvValue,
  e2eEngine,
  e2eStateServiceBinary,
  ENGINE_SETUP_TIMEOUT_MS,
  keyActivity,
  PULUMI_STEP_TIMEOUT_MS,
  sandboxKeys,
  startE2e,
  type E2eFixture,
} from "../support/e2e-setup";
import { stopAtFirstFailure } from "../support/stop-at-first-failure";
import { startStateService, type StateService } from "../../testkit/state-service";

const REPO_ROOT = path.resolve(__dirname, "..", "..");
/** The SDK version this repository locks, and a newer one a team may run. */
const LOCKED_SDK = readLockedSdkVersion();
const NEWER_SDK = "3.276.0";

/** What `pulumi new typescript` writes, with our program. */
const STACK_FILES: Record<string, string> = {
  "Pulumi.yaml": "name: a-team-stack\nruntime:\n  name: nodejs\n",
  "tsconfig.json": JSON.stringify(
    {
      compilerOptions: {
        strict: true,
        outDir: "bin",
        target: "es2020",
        module: "commonjs",
        moduleResolution: "node",
        sourceMap: true,
        experimentalDecorators: true,
        pretty: true,
        noFallthroughCasesInSwitch: true,
        noImplicitReturns: true,
        forceConsistentCasingInFileNames: true,
      },
      files: ["index.ts"],
    },
    null,
    2,
  ),
  "index.ts": `import * as pulumi from "@pulumi/pulumi";
import { RotatingClientKey, type SinkSpec } from "pulumi-sentry-rotation";

const config = new pulumi.Config();
const sinks: SinkSpec[] = [{ type: "dotenvFile", path: config.require("dsnFile") }];
// A sink whose cloud SDK this project did not install: refused with the package to install.
if (config.getBoolean("withSsm")) sinks.push({ type: "ssmParameter", name: "/web/sentry-dsn" });

const web = new RotatingClientKey("web", {
  project: config.require("project"),
  name: "web (a team's stack)",
  rotateEvery: "30d",
  overlap: config.get("overlap"),
  sinks,
});

export const keyId = web.current.keyId;
`,
};

/** The dev dependencies `pulumi new typescript` adds. */
const TEMPLATE_DEV_DEPENDENCIES = { typescript: "^5.0.0", "@types/node": "^20.0.0" };

describe("e2e: a team's own project installs the packed package and rotates through the real engine", function () {
  this.timeout(PULUMI_STEP_TIMEOUT_MS);
  stopAtFirstFailure(this);
  let project: ConsumerProject;
  let e2e: E2eFixture;
  const dsnFile = () => path.join(project.dir, ".env.sentry");
  const dsnOf = async (keyId: string) =>
    (await sandboxKeys(e2e.sandbox)).find((k) => k.public === keyId)!.dsn.public;
  const accepted = async (dsn: string) => (await sendEventWithSentryNode(dsn)).statusCode;

  before(async function () {
    this.timeout(ENGINE_SETUP_TIMEOUT_MS);
    const binDir = await e2eEngine(this);
    project = await teamProject("team-stack-packed", await packedSpec(), LOCKED_SDK);
    e2e = await teamStack(binDir, project, { overlap: "7d" });
  });
  after(async () => {
    await e2e?.dispose();
    project?.dispose();
  });

  it("installs only what its sinks need: no cloud SDK, one @pulumi/pulumi", () => {
    for (const sdk of ["@pulumi/aws", "@pulumi/kubernetes", "@pulumi/github"]) {
      assert.ok(
        !fs.existsSync(path.join(project.dir, "node_modules", sdk)),
        `${sdk} not installed`,
      );
    }
    assert.deepEqual(sdkCopies(project.dir), [LOCKED_SDK]);
    assert.ok(fs.existsSync(path.join(project.packageDir, "dist", "index.js")));
    const megabytes = directoryBytes(path.join(project.dir, "node_modules")) / 2 ** 20;
    console.log(`      consumer node_modules: ${megabytes.toFixed(0)} MiB`);
  });

  it("pulumi up creates the key and delivers a DSN the sandbox accepts", async () => {
    await e2e.workspace.up();
    const keyId = String((await e2e.workspace.outputs()).keyId);
    const dsn = await dsnOf(keyId);
    assert.equal(dotenvValue(dsnFile(), "SENTRY_DSN"), dsn);
    assert.equal(await accepted(dsn), 200);
  });

  it("+31d: rotates, delivers the new DSN, and keeps the old one valid for the overlap", async () => {
    const before = String((await e2e.workspace.outputs()).keyId);
    await e2e.workspace.up({ env: { SENTRY_ROTATION_NOW: "+31d" } });
    const after = String((await e2e.workspace.outputs()).keyId);
    assert.notEqual(after, before);
    assert.deepEqual(await keyActivity(e2e.sandbox), { [before]: true, [after]: true });
    assert.equal(dotenvValue(dsnFile(), "SENTRY_DSN"), await dsnOf(after));
    assert.equal(await accepted(await dsnOf(after)), 200);
    assert.equal(await accepted(await dsnOf(before)), 200, "the previous key, in its overlap");
  });

  it("a preview after the rotation shows no change", async () => {
    // The real clock: the new key was made now (the sandbox stamps real time), so it is not due.
    const { json } = await e2e.workspace.preview();
    const changed = json.steps.filter((step) => step.op !== "same");
    assert.deepEqual(changed, [], JSON.stringify(json.changeSummary));
  });

  it("a sink whose SDK is not installed is refused with the package to install", async () => {
    await e2e.workspace.run(["config", "set", "withSsm", "true"]);
    const result = await e2e.workspace.run(["preview"], { allowFailure: true });
    await e2e.workspace.run(["config", "rm", "withSsm"]);
    assert.notEqual(result.code, 0);
    assert.match(
      result.stdout + result.stderr,
      /sink "web-sink-1" needs the package @pulumi\/aws \(6\.x or 7\.x\), which this project does not have\. Install it beside pulumi-sentry-rotation: npm install @pulumi\/aws/,
    );
  });

  it("pulumi destroy deletes both keys; neither DSN is accepted any more", async () => {
    const dsns = (await sandboxKeys(e2e.sandbox)).map((k) => k.dsn.public);
    await e2e.workspace.run(["destroy", "--yes", "--skip-preview"]);
    assert.deepEqual(await keyActivity(e2e.sandbox), {});
    for (const dsn of dsns) assert.equal(await accepted(dsn), 403);
  });
});

describe("e2e: a team's project installs the package from a git clone (prepare builds it)", function () {
  this.timeout(PULUMI_STEP_TIMEOUT_MS);
  stopAtFirstFailure(this);
  let clone: string;
  let project: ConsumerProject;
  let e2e: E2eFixture;

  before(async function () {
    this.timeout(ENGINE_SETUP_TIMEOUT_MS);
    const binDir = await e2eEngine(this);
    // A clone has no dist/ (git ignores it): npm's git install runs `prepare` to build it.
    clone = fs.mkdtempSync(path.join(os.tmpdir(), "sentry-rotation-clone-"));
    execFileSync("git", ["clone", "--quiet", "--no-hardlinks", REPO_ROOT, clone]);
    assert.ok(!fs.existsSync(path.join(clone, "dist")));
    project = await teamProject("team-stack-git", `git+file://${clone}`, LOCKED_SDK);
    e2e = await teamStack(binDir, project);
  });
  after(async () => {
    await e2e?.dispose();
    project?.dispose();
    if (clone) fs.rmSync(clone, { recursive: true, force: true });
  });

  it("installs a built copy (not a link), without cloud SDKs", () => {
    assert.ok(!fs.lstatSync(project.packageDir).isSymbolicLink());
    assert.ok(fs.existsSync(path.join(project.packageDir, "dist", "index.js")), "prepare built it");
    assert.ok(!fs.existsSync(path.join(project.dir, "node_modules", "@pulumi", "aws")));
    assert.deepEqual(sdkCopies(project.dir), [LOCKED_SDK]);
  });

  it("creates and destroys a key through the real engine", async () => {
    await e2e.workspace.up();
    const keyId = String((await e2e.workspace.outputs()).keyId);
    assert.deepEqual(await keyActivity(e2e.sandbox), { [keyId]: true });
    assert.match(
      dotenvValue(path.join(project.dir, ".env.sentry"), "SENTRY_DSN") ?? "",
      new RegExp(`//${keyId}@`),
    );
    await e2e.workspace.run(["destroy", "--yes", "--skip-preview"]);
    assert.deepEqual(await keyActivity(e2e.sandbox), {});
  });
});

// Its state goes to a Pulumi Cloud-compatible backend that journals (pulumi-state-service), as
// most teams' does: the dynamic provider's resources through the journal.
describe(`e2e: a team's project on a newer @pulumi/pulumi (${NEWER_SDK}) than this repository locks, state in a Pulumi Cloud-like backend`, function () {
  this.timeout(PULUMI_STEP_TIMEOUT_MS);
  stopAtFirstFailure(this);
  let project: ConsumerProject;
  let service: StateService;
  let e2e: E2eFixture;

  before(async function () {
    this.timeout(ENGINE_SETUP_TIMEOUT_MS);
    const binDir = await e2eEngine(this);
    service = await startStateService({ binary: await e2eStateServiceBinary(this) });
    project = await teamProject("team-stack-newer-sdk", await packedSpec(), NEWER_SDK);
    e2e = await teamStack(binDir, project, {}, service.url);
  });
  after(async () => {
    await e2e?.dispose();
    await service?.stop();
    project?.dispose();
  });

  it("has exactly one copy of the SDK, the project's own", () => {
    assert.deepEqual(sdkCopies(project.dir), [NEWER_SDK]);
  });

  it("creates, rotates and destroys a key with it", async () => {
    await e2e.workspace.up();
    const first = String((await e2e.workspace.outputs()).keyId);
    await e2e.workspace.up({ env: { SENTRY_ROTATION_NOW: "+31d" } });
    const second = String((await e2e.workspace.outputs()).keyId);
    assert.notEqual(second, first);
    assert.deepEqual(await keyActivity(e2e.sandbox), { [second]: true }, "old key deleted");
    assert.ok((await service.figures()).journalEntries > 0, "the state went through the journal");
    await e2e.workspace.run(["destroy", "--yes", "--skip-preview"]);
    assert.deepEqual(await keyActivity(e2e.sandbox), {});
  });
});

/** A team's project with the package from `spec` and @pulumi/pulumi `sdk`, installed. */
function teamProject(name: string, spec: string, sdk: string): Promise<ConsumerProject> {
  return createConsumerProject({
    name,
    dependencies: { [PACKAGE_NAME]: spec, "@pulumi/pulumi": sdk },
    devDependencies: TEMPLATE_DEV_DEPENDENCIES,
    files: STACK_FILES,
  });
}

/**
 * The project's stack against a fresh sandbox, type-checked, its DSN in `<project>/.env.sentry`;
 * its state in a file backend, or at `backendUrl`.
 */
function teamStack(
  binDir: string,
  project: ConsumerProject,
  config: Record<string, string> = {},
  backendUrl?: string,
): Promise<E2eFixture> {
  return startE2e(binDir, project.dir, {
    inPlace: true,
    typeCheck: true,
    config: { dsnFile: path.join(project.dir, ".env.sentry"), ...config },
    ...(backendUrl ? { backendUrl } : {}),
  });
}

/** The version of every @pulumi/pulumi installed anywhere in the project's node_modules tree. */
function sdkCopies(projectDir: string): string[] {
  const versions: string[] = [];
  const visit = (modules: string) => {
    if (!fs.existsSync(modules)) return;
    for (const entry of fs.readdirSync(modules)) {
      const dirs = entry.startsWith("@")
        ? fs.readdirSync(path.join(modules, entry)).map((name) => path.join(modules, entry, name))
        : [path.join(modules, entry)];
      for (const dir of dirs) {
        if (dir.endsWith(path.join("@pulumi", "pulumi"))) {
          const manifest = JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8"));
          versions.push(manifest.version as string);
        }
        visit(path.join(dir, "node_modules"));
      }
    }
  };
  visit(path.join(projectDir, "node_modules"));
  return versions;
}

function directoryBytes(dir: string): number {
  let total = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) total += fs.statSync(path.join(entry.parentPath, entry.name)).size;
  }
  return total;
}

function readLockedSdkVersion(): string {
  const lock = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package-lock.json"), "utf8"));
  return lock.packages["node_modules/@pulumi/pulumi"].version as string;
}
