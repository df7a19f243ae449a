import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import { pulumiVersionFromLock } from "../../scripts/pulumi-engine/engine-config";
import { generateSdks } from "../../scripts/sdk/generate";
import { SCHEMA_PATH, SDK_LANGUAGES, SDK_ROOT } from "../../scripts/sdk/sdk-config";
import { compareTrees } from "../../scripts/sdk/tree-diff";
import { REPO_ROOT } from "../../testkit/repo-root";
import { PYTHON, pythonAvailable, pythonWheelhouse } from "../support/python-wheelhouse";
import { skipUnless } from "../support/skip";

const run = promisify(execFile);
const schema = path.join(REPO_ROOT, SCHEMA_PATH);
const committed = path.join(REPO_ROOT, SDK_ROOT);
const cliVersion = pulumiVersionFromLock(
  JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package-lock.json"), "utf8")),
);
// The engine build's settings, so the Pulumi Go SDK's compiled packages come from the Go cache.
const goEnv = { ...process.env, GOFLAGS: "-mod=mod", CGO_ENABLED: "0" };

/**
 * The SDKs generated from the plugin's schema with the Pulumi CLI's own generators (npm run sdk):
 * the committed ones are what a fresh generation gives, the TypeScript SDK compiles, the Python
 * SDK installs into a fresh virtualenv (offline, from cached wheels) and imports, the Go SDK
 * builds against the Pulumi Go SDK, and the .NET SDK builds where `dotnet` is installed.
 */
describe("generated SDKs", function () {
  // A cold generator build compiles the CLI's codegen (minutes); later runs reuse the cache.
  this.timeout(30 * 60_000);
  let fresh: string;
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "sdk-test-"));

  before(async function () {
    if (!fs.existsSync(schema)) {
      assert.ok(!fs.existsSync(committed), `${SDK_ROOT}/ is committed but ${SCHEMA_PATH} is not`);
      console.log(`      (skipped: no ${SCHEMA_PATH} in this checkout: the plugin's schema)`);
      this.skip();
    }
    fresh = path.join(scratch, "fresh");
    await generateSdks({ languages: SDK_LANGUAGES, outRoot: fresh, log: () => undefined });
  });
  after(() => fs.rmSync(scratch, { recursive: true, force: true }));

  it("the committed SDKs are what a fresh generation gives (npm run sdk)", () => {
    for (const language of SDK_LANGUAGES) {
      assert.deepEqual(
        compareTrees(path.join(committed, language), path.join(fresh, language)),
        [],
        `${SDK_ROOT}/${language} differs from a fresh generation: run npm run sdk`,
      );
    }
  });

  it("the TypeScript SDK compiles", async () => {
    const tsc = path.join(REPO_ROOT, "node_modules", ".bin", "tsc");
    const project = path.join(committed, "nodejs", "tsconfig.json");
    await run(tsc, ["-p", project, "--outDir", path.join(scratch, "ts-out")]);
    const index = fs.readFileSync(path.join(scratch, "ts-out", "index.d.ts"), "utf8");
    for (const kind of ["ClientKey", "ClientKeyPair", "OrgAuthToken", "RotatingClientKey"]) {
      assert.match(index, new RegExp(`\\b${kind}\\b`), `index.d.ts exports ${kind}`);
    }
  });

  it("the Python SDK installs into a fresh virtualenv and imports", async function () {
    skipUnless(this, await pythonAvailable(), "python3 with venv and pip");
    const wheels = await pythonWheelhouse(cliVersion);
    const venv = path.join(scratch, "venv");
    await run(PYTHON, ["-m", "venv", venv]);
    const python = path.join(venv, "bin", "python");
    // A copy: pip writes build files beside the sources.
    const source = path.join(scratch, "python-sdk");
    fs.cpSync(path.join(committed, "python"), source, { recursive: true });
    await run(
      python,
      ["-m", "pip", "install", "--quiet", "--no-index", "--find-links", wheels, source],
      { maxBuffer: 16 * 1024 * 1024 },
    );
    const { stdout } = await run(python, [
      "-c",
      [
        "import pulumi_sentry_rotation as s",
        "kinds = ['Provider', 'ClientKey', 'ClientKeyPair', 'OrgAuthToken', 'RotatingClientKey', 'RotatingOrgAuthToken']",
        "print(','.join(k for k in kinds if isinstance(getattr(s, k, None), type)))",
      ].join("\n"),
    ]);
    assert.equal(
      stdout.trim(),
      "Provider,ClientKey,ClientKeyPair,OrgAuthToken,RotatingClientKey,RotatingOrgAuthToken",
    );
  });

  it("the Go SDK builds against the Pulumi Go SDK", async function () {
    let go = true;
    await run("go", ["version"]).catch(() => (go = false));
    skipUnless(this, go, "Go");
    const module = path.join(scratch, "go-sdk");
    fs.cpSync(path.join(committed, "go"), module, { recursive: true });
    await run("nice", ["-n", "10", "go", "mod", "tidy"], { cwd: module, env: goEnv });
    await run("nice", ["-n", "10", "go", "build", "-trimpath", "./..."], { cwd: module, env: goEnv });
  });

  it("the .NET SDK builds where dotnet is installed", async function () {
    assert.ok(fs.existsSync(path.join(committed, "dotnet", "Provider.cs")), "dotnet SDK generated");
    let dotnet = true;
    await run("dotnet", ["--version"]).catch(() => (dotnet = false));
    if (!dotnet) {
      // Not a skip CI could fix: this kind of machine has no .NET SDK.
      console.log("      (skipped: no dotnet on this machine: the .NET SDK is generated, not built)");
      this.skip();
    }
    await run("dotnet", ["build", path.join(committed, "dotnet")], { maxBuffer: 16 * 1024 * 1024 });
  });
});
