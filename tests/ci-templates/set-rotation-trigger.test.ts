/**
 * The emergency trigger: the pure lookup, then the script run as the workflows run it, against the
 * real `pulumi` CLI and a local-backend stack, and the result read back through the stack's own
 * config parser and the provider's diff (a changed trigger must replace exactly that key).
 */
import * as assert from "assert";
import { execFile, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { promisify } from "util";
import { parse } from "yaml";
import { parseArgs, triggerPath } from "../../examples/ci/scripts/set-rotation-trigger";
import { diffClientKey } from "../../provider/resources/client-key/diff";
import type { ClientKeyOutputs } from "../../provider/resources/client-key/types";
import { diffOrgAuthToken } from "../../provider/resources/org-auth-token/diff";
import type { OrgAuthTokenOutputs } from "../../provider/resources/org-auth-token/types";
import { parseStackConfig } from "../../stack/config";
import { skipUnless } from "../support/skip";
import { REPO_ROOT } from "./template-facts";

const execFileAsync = promisify(execFile);
const SCRIPT = path.join(REPO_ROOT, "examples", "ci", "scripts", "set-rotation-trigger.ts");
const KEYS = [
  { name: "web", project: "web-frontend", rotateEvery: "90d" },
  { name: "api", project: "api", rotateEvery: "30d", rotationTriggers: { leakedOn: "2026-01-02" } },
];
const TOKENS = [{ name: "ci", rotateEvery: "30d" }];

describe("set-rotation-trigger: which config path an entry's trigger lives at", () => {
  it("finds keys and tokens by name", () => {
    const lists = { keys: KEYS, tokens: TOKENS };
    assert.strictEqual(
      triggerPath(lists, "api"),
      "sentry-rotation:keys[1].rotationTriggers.emergency",
    );
    assert.strictEqual(
      triggerPath(lists, "ci", "leak2"),
      "sentry-rotation:tokens[0].rotationTriggers.leak2",
    );
    assert.strictEqual(
      triggerPath({ tokens: TOKENS }, "ci"),
      "sentry-rotation:tokens[0].rotationTriggers.emergency",
    );
  });

  it("names the known entries when the entry is absent, and refuses a trigger name that breaks the path", () => {
    assert.throws(
      () => triggerPath({ keys: KEYS, tokens: TOKENS }, "www"),
      /no entry named "www" .* known entries: web, api, ci/,
    );
    assert.throws(() => triggerPath({}, "web"), /known entries: none/);
    assert.throws(
      () => triggerPath({ keys: KEYS }, "web", "a.b"),
      /--trigger: "a.b" must be letters/,
    );
  });

  it("parses its flags and names a missing or unknown one", () => {
    assert.deepStrictEqual(parseArgs(["--entry", "web", "--value", "v", "--stack", "acme/prod"]), {
      entry: "web",
      value: "v",
      trigger: "emergency",
      stack: "acme/prod",
    });
    assert.throws(() => parseArgs(["--entry", "web"]), /--value: is required/);
    assert.throws(() => parseArgs(["--key", "web"]), /unknown argument "--key"/);
    assert.throws(() => parseArgs(["--entry"]), /--entry: needs a value/);
    assert.throws(
      () => parseArgs(["--entry", "web", "--value", "42"]),
      /--value: "42" would be stored as a number/,
    );
  });
});

describe("set-rotation-trigger with the real pulumi CLI", function () {
  // The first run may build the engine (docs/engine.md); later runs reuse it.
  this.timeout(30 * 60_000);
  let binDir = "";
  let tmp = "";
  let project = "";

  before(async function () {
    const canBuild = spawnSync("go", ["version"]).status === 0;
    const hasCli = spawnSync("pulumi", ["version"]).status === 0;
    skipUnless(
      this,
      canBuild || hasCli,
      "neither Go nor a Pulumi CLI is installed (docs/engine.md)",
    );
    const { stdout } = await execFileAsync(
      process.execPath,
      ["--require", "ts-node/register/transpile-only", "scripts/pulumi-engine/build.ts"],
      { cwd: REPO_ROOT, maxBuffer: 64 * 1024 * 1024 },
    );
    binDir = stdout.trim().split("\n").pop() ?? "";
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "emergency-trigger-"));
    project = path.join(tmp, "project");
    fs.mkdirSync(project);
    fs.mkdirSync(path.join(tmp, "state"));
    fs.writeFileSync(path.join(project, "Pulumi.yaml"), "name: sentry-rotation\nruntime: nodejs\n");
    await pulumi("login", `file://${path.join(tmp, "state")}`);
    await pulumi("stack", "init", "prod");
  });

  after(() => {
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  function env(): NodeJS.ProcessEnv {
    return {
      ...process.env,
      PATH: `${binDir}${path.delimiter}${process.env.PATH ?? ""}`,
      PULUMI_HOME: path.join(tmp, "pulumi-home"),
      PULUMI_CONFIG_PASSPHRASE: "test",
      PULUMI_SKIP_UPDATE_CHECK: "true",
    };
  }

  async function pulumi(...args: string[]): Promise<string> {
    const { stdout } = await execFileAsync(
      path.join(binDir, "pulumi"),
      [...args, "--non-interactive"],
      { cwd: project, env: env() },
    );
    return stdout;
  }

  /** Runs the script as the workflows do (node + ts-node), from the project directory. */
  function runScript(...args: string[]) {
    const tsNode = require.resolve("ts-node/register/transpile-only");
    // In CI the project is the repository root, whose tsconfig ts-node finds by itself.
    const tsConfig = { TS_NODE_PROJECT: path.join(REPO_ROOT, "tsconfig.json") };
    return spawnSync(process.execPath, ["--require", tsNode, SCRIPT, ...args], {
      cwd: project,
      env: { ...env(), ...tsConfig },
      encoding: "utf8",
    });
  }

  function writeConfig(): void {
    const config = {
      config: {
        "sentry-rotation:organization": "acme",
        "sentry-rotation:keys": KEYS,
        "sentry-rotation:tokens": TOKENS,
      },
    };
    fs.writeFileSync(path.join(project, "Pulumi.prod.yaml"), JSON.stringify(config));
  }

  function readConfig(): {
    keys: Array<Record<string, unknown>>;
    tokens: Array<Record<string, unknown>>;
  } {
    const { config } = parse(fs.readFileSync(path.join(project, "Pulumi.prod.yaml"), "utf8"));
    return { keys: config["sentry-rotation:keys"], tokens: config["sentry-rotation:tokens"] };
  }

  it("sets the trigger of a key in Pulumi.<stack>.yaml, keeps everything else, and the provider then replaces that key only", () => {
    writeConfig();
    const value = `2027-01-05T03:12:00Z run 7 by alice: DSN in "build log" $HOME 123`;
    const run = runScript("--stack", "prod", "--entry", "api", "--value", value);
    assert.strictEqual(run.status, 0, run.stderr);
    assert.match(run.stdout, /set sentry-rotation:keys\[1\]\.rotationTriggers\.emergency/);

    const after = readConfig();
    assert.deepStrictEqual(after.keys[1]!.rotationTriggers, {
      leakedOn: "2026-01-02",
      emergency: value,
    });
    assert.deepStrictEqual(after.keys[0], KEYS[0]);
    assert.deepStrictEqual(after.tokens, TOKENS);

    // The stack accepts the edited config, and the provider's diff sees a rotation for "api" alone.
    const stack = parseStackConfig(after);
    const now = new Date("2027-01-05T04:00:00Z");
    for (const [i, entry] of stack.keys.entries()) {
      const { name, project, rotateEvery, rotationTriggers } = entry;
      const inputs = {
        organization: "acme",
        project,
        name,
        rotateEvery,
        rotationTriggers,
        isActive: true,
        onReplace: "delete" as const,
      };
      const olds = {
        ...inputs,
        rotationTriggers: KEYS[i]!.rotationTriggers,
        createdAt: "2027-01-01T00:00:00Z",
      };
      const diff = diffClientKey(olds as unknown as ClientKeyOutputs, inputs, now);
      assert.deepStrictEqual(diff.replaces, name === "api" ? ["rotationTriggers"] : [], name);
    }
  });

  it("sets the trigger of an org auth token the same way", () => {
    writeConfig();
    const run = runScript("--stack", "prod", "--entry", "ci", "--value", "leaked in a public log");
    assert.strictEqual(run.status, 0, run.stderr);
    const token = parseStackConfig(readConfig()).tokens[0]!;
    assert.deepStrictEqual(token.rotationTriggers, { emergency: "leaked in a public log" });
    const inputs = {
      organization: "acme",
      name: "ci",
      rotateEvery: "30d",
      rotationTriggers: token.rotationTriggers,
    };
    const olds = { ...inputs, rotationTriggers: undefined, createdAt: "2027-01-01T00:00:00Z" };
    const diff = diffOrgAuthToken(
      olds as unknown as OrgAuthTokenOutputs,
      inputs,
      new Date("2027-01-02T00:00:00Z"),
    );
    assert.deepStrictEqual(diff.replaces, ["rotationTriggers"]);
  });

  it("fails without touching the config when the entry does not exist, naming the entries it knows", () => {
    writeConfig();
    const before = fs.readFileSync(path.join(project, "Pulumi.prod.yaml"), "utf8");
    const run = runScript("--stack", "prod", "--entry", "www", "--value", "x");
    assert.strictEqual(run.status, 1);
    assert.match(run.stderr, /no entry named "www" .* known entries: web, api, ci/);
    assert.strictEqual(fs.readFileSync(path.join(project, "Pulumi.prod.yaml"), "utf8"), before);
  });
});
