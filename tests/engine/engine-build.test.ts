import * as assert from "assert";
import { execFile, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { promisify } from "util";
import {
  cliSupportsSdk,
  engineCacheRoot,
  parsePkgGoMod,
  pulumiVersionFromLock,
  renderGoMod,
} from "../../scripts/pulumi-engine/engine-config";
import { skipUnless } from "../support/skip";

const execFileAsync = promisify(execFile);
const REPO_ROOT = path.resolve(__dirname, "..", "..");
const BUILD_SCRIPT = path.join(REPO_ROOT, "scripts", "pulumi-engine", "build.ts");
// A cold build (empty Go caches) took 11 minutes on this 2-core machine under load: allow ~3x.
const BUILD_TIMEOUT_MS = 30 * 60_000;
const PULUMI_TIMEOUT_MS = 3 * 60_000;

describe("engine-config (pure parts of the engine build)", () => {
  it("reads the @pulumi/pulumi version from a lockfile and rejects a missing one", () => {
    const lock = { packages: { "node_modules/@pulumi/pulumi": { version: "3.248.0" } } };
    assert.strictEqual(pulumiVersionFromLock(lock), "3.248.0");
    assert.throws(() => pulumiVersionFromLock({ packages: {} }), /run `npm install`/);
  });

  it("accepts a 3.x CLI from the SDK's version upward, with or without the leading v", () => {
    assert.ok(cliSupportsSdk("v3.248.0\n", "3.248.0"));
    assert.ok(cliSupportsSdk("3.248.1", "3.248.0"));
    assert.ok(cliSupportsSdk("v3.276.0\n", "3.248.0"));
    assert.ok(!cliSupportsSdk("v3.247.9", "3.248.0"), "older than the SDK");
    assert.ok(!cliSupportsSdk("v3.248.0-alpha.1", "3.248.0"), "a pre-release of it");
    assert.ok(!cliSupportsSdk("v4.0.0", "3.248.0"), "another major");
    assert.ok(!cliSupportsSdk("warning: something\nv3.250.0", "3.248.0"), "not a version");
  });

  it("puts the cache under PULUMI_ENGINE_CACHE, else XDG_CACHE_HOME, else ~/.cache", () => {
    assert.strictEqual(engineCacheRoot({ PULUMI_ENGINE_CACHE: "/c" }, "/home/u"), "/c");
    assert.strictEqual(
      engineCacheRoot({ XDG_CACHE_HOME: "/x" }, "/home/u"),
      "/x/pulumi-sentry-rotation/engine",
    );
    assert.strictEqual(
      engineCacheRoot({}, "/home/u"),
      "/home/u/.cache/pulumi-sentry-rotation/engine",
    );
  });

  it("copies only versioned replace directives and the go line from pkg/go.mod", () => {
    const pkg = parsePkgGoMod(
      [
        "module github.com/pulumi/pulumi/pkg/v3",
        "go 1.25.11",
        "replace github.com/pulumi/pulumi/sdk/v3 => ../sdk",
        "replace github.com/atotto/clipboard => github.com/tgummerer/clipboard v0.0.0-2024 // fork",
        "replace (",
        "\texample.com/a => example.com/b v1.2.3",
        "\texample.com/local => ./local",
        ")",
      ].join("\n"),
    );
    assert.deepStrictEqual(pkg, {
      goVersion: "1.25.11",
      replaces: [
        "replace github.com/atotto/clipboard => github.com/tgummerer/clipboard v0.0.0-2024",
        "replace example.com/a => example.com/b v1.2.3",
      ],
    });
    const rendered = renderGoMod("go {{GO}}\nrequire x {{VERSION}}\n{{REPLACES}}\n", "3.1.0", pkg);
    assert.match(rendered, /^go 1\.25\.11\nrequire x v3\.1\.0\nreplace github.com\/atotto/);
  });
});

describe("pulumi engine built by scripts/pulumi-engine/build.ts", function () {
  this.timeout(BUILD_TIMEOUT_MS);
  const npmVersion = pulumiVersionFromLock(
    JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package-lock.json"), "utf8")),
  );
  let binDir = "";

  before(async function () {
    const canBuild = spawnSync("go", ["version"]).status === 0;
    skipUnless(this, canBuild, "Go is not installed, so the engine build cannot be tested");
    // The build itself, even where a usable pulumi is on PATH.
    binDir = (await runBuildScript({ PULUMI_ENGINE_IGNORE_PATH: "true" })).binDir;
  });

  it("prints a bin dir whose pulumi reports the @pulumi/pulumi version", async () => {
    for (const name of ["pulumi", "pulumi-language-nodejs", "pulumi-resource-pulumi-nodejs"]) {
      fs.accessSync(path.join(binDir, name), fs.constants.X_OK);
    }
    const { stdout } = await execFileAsync(path.join(binDir, "pulumi"), ["version"], {
      env: quietEnv(),
    });
    assert.strictEqual(stdout.trim(), `v${npmVersion}`);
  });

  it("reuses the build on a second run", async function () {
    this.timeout(60_000);
    const { binDir: again, log } = await runBuildScript({ PULUMI_ENGINE_IGNORE_PATH: "true" });
    assert.strictEqual(again, binDir);
    assert.match(log, /using cached pulumi/, "a cached run must not rebuild");
  });

  it("uses a pulumi on PATH at or above the SDK's version instead of its own", async function () {
    this.timeout(60_000);
    const onPath = { PATH: `${binDir}${path.delimiter}${process.env.PATH ?? ""}` };
    const { binDir: used, log } = await runBuildScript(onPath);
    assert.strictEqual(used, fs.realpathSync(binDir));
    assert.match(log, new RegExp(`using pulumi v${npmVersion} found on PATH`));
  });

  it("deploys, previews and destroys a dynamic resource with the local backend", async function () {
    this.timeout(4 * PULUMI_TIMEOUT_MS);
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "engine-e2e-"));
    try {
      const project = writeDynamicProject(tmp);
      const journal = path.join(tmp, "journal.txt");
      const pulumi = pulumiRunner(binDir, project, tmp);
      const stateDir = path.join(tmp, "state");
      fs.mkdirSync(stateDir); // the file backend does not create it
      await pulumi("login", `file://${stateDir}`);
      await pulumi("stack", "init", "dev");
      await pulumi("config", "set", "journal", journal);

      await pulumi("up", "--yes", "--skip-preview");
      assert.strictEqual(fs.readFileSync(journal, "utf8"), "create hello\n");
      const outputs = JSON.parse(await pulumi("stack", "output", "--json"));
      assert.deepStrictEqual(outputs, { createdBy: "dynamic-provider" });

      // --show-sames: without it the JSON lists no step for an unchanged custom resource.
      const preview = JSON.parse(await pulumi("preview", "--json", "--show-sames"));
      const marker = preview.steps.find((s: { urn: string }) => s.urn.endsWith("::marker"));
      assert.strictEqual(marker?.op, "same", JSON.stringify(preview.steps));
      assert.deepStrictEqual(preview.changeSummary, { same: 2 });

      await pulumi("destroy", "--yes", "--skip-preview");
      assert.strictEqual(fs.readFileSync(journal, "utf8"), "create hello\ndelete marker-hello\n");
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });
});

/** Runs the build script as callers do: its last stdout line, and its progress log (stderr). */
async function runBuildScript(env: NodeJS.ProcessEnv): Promise<{ binDir: string; log: string }> {
  const { stdout, stderr } = await execFileAsync(
    process.execPath,
    ["--require", "ts-node/register/transpile-only", BUILD_SCRIPT],
    {
      cwd: REPO_ROOT,
      env: { ...process.env, ...env },
      timeout: BUILD_TIMEOUT_MS,
      maxBuffer: 64 * 1024 * 1024,
    },
  );
  const lines = stdout.trim().split("\n");
  return { binDir: lines[lines.length - 1] ?? "", log: stderr };
}

function quietEnv(): NodeJS.ProcessEnv {
  return { ...process.env, PULUMI_SKIP_UPDATE_CHECK: "true" };
}

/** Everything `pulumi` needs offline, isolated from ~/.pulumi; see docs/engine.md. */
function pulumiRunner(binDir: string, cwd: string, tmp: string) {
  const env = {
    ...quietEnv(),
    PATH: `${binDir}${path.delimiter}${process.env.PATH ?? ""}`,
    PULUMI_HOME: path.join(tmp, "pulumi-home"),
    PULUMI_CONFIG_PASSPHRASE: "test",
  };
  return async (...args: string[]): Promise<string> => {
    try {
      const { stdout } = await execFileAsync(
        path.join(binDir, "pulumi"),
        [...args, "--non-interactive"],
        {
          cwd,
          env,
          timeout: PULUMI_TIMEOUT_MS,
          maxBuffer: 16 * 1024 * 1024,
        },
      );
      return stdout;
    } catch (err) {
      const { stdout, stderr } = err as { stdout?: string; stderr?: string };
      throw new Error(`pulumi ${args.join(" ")} failed:\n${stdout ?? ""}\n${stderr ?? ""}`);
    }
  };
}

/** A TypeScript Pulumi project with one dynamic resource that journals create and delete. */
function writeDynamicProject(tmp: string): string {
  const dir = path.join(tmp, "project");
  fs.mkdirSync(dir);
  fs.symlinkSync(path.join(REPO_ROOT, "node_modules"), path.join(dir, "node_modules"), "dir");
  fs.writeFileSync(path.join(dir, "Pulumi.yaml"), "name: engine-e2e\nruntime: nodejs\n");
  fs.writeFileSync(
    path.join(dir, "package.json"),
    JSON.stringify({ name: "engine-e2e", private: true, main: "index.ts" }),
  );
  fs.writeFileSync(path.join(dir, "index.ts"), DYNAMIC_PROGRAM);
  return dir;
}

const DYNAMIC_PROGRAM = `import * as pulumi from "@pulumi/pulumi";

interface MarkerInputs {
  label: string;
  journal: string;
}

const markerProvider: pulumi.dynamic.ResourceProvider<MarkerInputs> = {
  async create(inputs) {
    require("fs").appendFileSync(inputs.journal, \`create \${inputs.label}\\n\`);
    return { id: \`marker-\${inputs.label}\`, outs: { ...inputs, createdBy: "dynamic-provider" } };
  },
  async delete(id, props) {
    require("fs").appendFileSync(props.journal, \`delete \${id}\\n\`);
  },
};

class Marker extends pulumi.dynamic.Resource {
  declare readonly createdBy: pulumi.Output<string>;
  constructor(name: string, args: MarkerInputs) {
    super(markerProvider, name, { createdBy: undefined, ...args }, {}, "engine", "Marker");
  }
}

const marker = new Marker("marker", {
  label: "hello",
  journal: new pulumi.Config().require("journal"),
});
export const createdBy = marker.createdBy;
`;
