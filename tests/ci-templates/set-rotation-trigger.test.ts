/**
 * The emergency trigger (`sentry-rotation trigger`): the pure lookups, then the package's compiled
 * bin run as the workflows run it, against the real `pulumi` CLI and a local-backend stack, and the
 * result read back through the stack's own config parser and the provider's diff (a changed
 * trigger must replace exactly that key).
 */
import * as assert from "assert";
import { execFile, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { promisify } from "util";
import { parse } from "yaml";
import {
  main,
  mapTriggerPath,
  parseArgs,
  revokePath,
  rotatingNames,
  triggerPath,
} from "../../cli/trigger";
import { planPair } from "../../provider/resources/client-key-pair/plan";
import type { ClientKeyPairOutputs } from "../../provider/resources/client-key-pair/types";
import { diffClientKey } from "../../provider/resources/client-key/diff";
import type { ClientKeyOutputs } from "../../provider/resources/client-key/types";
import { diffOrgAuthToken } from "../../provider/resources/org-auth-token/diff";
import type { OrgAuthTokenOutputs } from "../../provider/resources/org-auth-token/types";
import { parseStackConfig } from "../../stack/config";
import { ensureBuilt } from "../../testkit/dist";
import { skipUnless } from "../support/skip";
import { REPO_ROOT } from "./template-facts";

const execFileAsync = promisify(execFile);
const BIN = path.join(REPO_ROOT, "dist", "cli", "sentry-rotation.js");
const KEYS = [
  { name: "web", project: "web-frontend", rotateEvery: "90d" },
  { name: "api", project: "api", rotateEvery: "30d", rotationTriggers: { leakedOn: "2026-01-02" } },
];
const TOKENS = [{ name: "ci", rotateEvery: "30d" }];

describe("sentry-rotation trigger: which config path an entry's trigger lives at", () => {
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
    assert.deepStrictEqual(parseArgs(["--value", "v", "-h"]), { help: true });
    assert.deepStrictEqual(
      parseArgs(["--entry", "web", "--value", "v", "--triggers-key", "sentryRotationTriggers"]),
      { entry: "web", value: "v", trigger: "emergency", triggersKey: "sentryRotationTriggers" },
    );
    assert.throws(() => parseArgs(["--entry"]), /--entry: needs a value/);
    assert.throws(
      () => parseArgs(["--entry", "web", "--value", "42"]),
      /--value: "42" would be stored as a number/,
    );
  });
});

describe("sentry-rotation trigger for a program of its own (--triggers-key)", () => {
  const EXPORT = {
    deployment: {
      resources: [
        {
          urn: "urn:pulumi:prod::team::pulumi:pulumi:Stack::team-prod",
          type: "pulumi:pulumi:Stack",
        },
        {
          urn: "urn:pulumi:prod::team::sentry-rotation:index:RotatingClientKey::web",
          type: "sentry-rotation:index:RotatingClientKey",
        },
        {
          urn: "urn:pulumi:prod::team::sentry-rotation:index:RotatingClientKey$pulumi-nodejs:dynamic/sentry:ClientKey::web",
          type: "pulumi-nodejs:dynamic/sentry:ClientKey",
        },
        {
          urn: "urn:pulumi:prod::team::sentry-rotation:index:RotatingOrgAuthToken::ci-uploads",
          type: "sentry-rotation:index:RotatingOrgAuthToken",
        },
        { urn: "urn:pulumi:prod::team::aws:s3/bucket:Bucket::web", type: "aws:s3/bucket:Bucket" },
      ],
    },
  };

  it("--revoke: a boolean flag, and the revokePrevious path beside the trigger (keys only)", () => {
    assert.deepStrictEqual(parseArgs(["--revoke", "--entry", "web", "--value", "v"]), {
      entry: "web",
      value: "v",
      trigger: "emergency",
      revoke: true,
    });
    assert.strictEqual(
      revokePath("sentry-rotation:keys[1].rotationTriggers.emergency"),
      "sentry-rotation:keys[1].revokePrevious",
    );
    assert.strictEqual(
      revokePath('sentryRotationTriggers["web"].leak2'),
      'sentryRotationTriggers["web"].revokePrevious',
    );
    assert.throws(
      () => revokePath("sentry-rotation:tokens[0].rotationTriggers.emergency"),
      /--revoke: org auth tokens have no previous key/,
    );
  });

  it("names the rotating keys and tokens of the state, once each", () => {
    assert.deepStrictEqual(rotatingNames(EXPORT), ["ci-uploads", "web"]);
    assert.deepStrictEqual(rotatingNames({}), []);
  });

  it("builds the map path for a known name and refuses one the state does not hold", () => {
    const known = rotatingNames(EXPORT);
    assert.strictEqual(
      mapTriggerPath("sentryRotationTriggers", "ci-uploads", known),
      'sentryRotationTriggers["ci-uploads"].emergency',
    );
    assert.throws(
      () => mapTriggerPath("sentryRotationTriggers", "wbe", known),
      /state has no rotating key or token named "wbe"; known: ci-uploads, web/,
    );
    assert.throws(() => mapTriggerPath("a b", "web", known), /--triggers-key: "a b" must be/);
  });

  it("answers usage mistakes with exit 2 and the usage, --help with exit 0", () => {
    let out = "";
    let err = "";
    const io = {
      stdout: { write: (t: string) => (out += t) },
      stderr: { write: (t: string) => (err += t) },
    };
    assert.strictEqual(main(["--entry", "web"], io), 2);
    assert.match(err, /--value: is required\.\n\nUsage: sentry-rotation trigger/);
    assert.strictEqual(main(["--help"], io), 0);
    assert.match(out, /--triggers-key KEY/);
  });
});

describe("sentry-rotation trigger with the real pulumi CLI", function () {
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
    ensureBuilt();
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

  /** Runs the compiled bin as the workflows do (`npx sentry-rotation trigger`), in the stack dir. */
  function runScript(...args: string[]) {
    return spawnSync(process.execPath, [BIN, "trigger", ...args], {
      cwd: project,
      env: env(),
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

  it("with --revoke sets the trigger and revokePrevious of a key: the pair then rotates and revokes in one run", () => {
    writeConfig();
    const value = "2027-01-05T03:12:00Z run 8 by bob: DSN leaked";
    const run = runScript("--stack", "prod", "--entry", "web", "--value", value, "--revoke");
    assert.strictEqual(run.status, 0, run.stderr);
    assert.match(
      run.stdout,
      /set sentry-rotation:keys\[0\]\.rotationTriggers\.emergency and sentry-rotation:keys\[0\]\.revokePrevious: the next `pulumi up` rotates and revokes/,
    );
    const after = readConfig();
    assert.deepStrictEqual(after.keys[0], {
      ...KEYS[0],
      rotationTriggers: { emergency: value },
      revokePrevious: value,
    });
    const web = parseStackConfig(after).keys[0]!;
    const inputs = {
      organization: "acme",
      project: web.project,
      name: web.name,
      rotateEvery: web.rotateEvery,
      overlap: "7d",
      rotationTriggers: web.rotationTriggers,
      revokePrevious: web.revokePrevious,
      isActive: true,
      onReplace: "delete" as const,
    };
    const olds = { ...inputs, rotationTriggers: undefined, revokePrevious: undefined };
    const plan = planPair(
      {
        ...olds,
        current: { keyId: "a".repeat(32), createdAt: "2027-01-01T00:00:00Z" },
        retiring: [],
      } as unknown as ClientKeyPairOutputs,
      inputs,
      new Date("2027-01-05T04:00:00Z"),
    );
    assert.deepStrictEqual([plan.rotate, plan.revoke], ["trigger-changed", true]);

    writeConfig();
    const token = runScript("--stack", "prod", "--entry", "ci", "--value", value, "--revoke");
    assert.strictEqual(token.status, 1);
    assert.match(token.stderr, /--revoke: org auth tokens have no previous key/);
    assert.deepStrictEqual(readConfig().tokens, TOKENS, "nothing set");
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

  it("with --triggers-key sets the trigger of a rotating component the state holds, and refuses other names", async () => {
    writeConfig();
    const stackUrn = "urn:pulumi:prod::sentry-rotation::pulumi:pulumi:Stack::sentry-rotation-prod";
    const exported = JSON.parse(await pulumi("stack", "export"));
    exported.deployment.resources = [
      { urn: stackUrn, custom: false, type: "pulumi:pulumi:Stack" },
      {
        urn: "urn:pulumi:prod::sentry-rotation::sentry-rotation:index:RotatingClientKey::web-api",
        custom: false,
        type: "sentry-rotation:index:RotatingClientKey",
        parent: stackUrn,
      },
    ];
    fs.writeFileSync(path.join(tmp, "state.json"), JSON.stringify(exported));
    await pulumi("stack", "import", "--file", path.join(tmp, "state.json"));

    const key = ["--triggers-key", "sentryRotationTriggers"];
    const run = runScript("--stack", "prod", ...key, "--entry", "web-api", "--value", "leaked");
    assert.strictEqual(run.status, 0, run.stderr);
    const { config } = parse(fs.readFileSync(path.join(project, "Pulumi.prod.yaml"), "utf8"));
    assert.deepStrictEqual(config["sentry-rotation:sentryRotationTriggers"], {
      "web-api": { emergency: "leaked" },
    });

    const unknown = runScript("--stack", "prod", ...key, "--entry", "web", "--value", "leaked");
    assert.strictEqual(unknown.status, 1);
    assert.match(unknown.stderr, /no rotating key or token named "web"; known: web-api/);
  });
});
