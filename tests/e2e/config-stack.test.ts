/**
 * The repository's own config-driven program (Pulumi.yaml `main: stack/index.ts`) through the real
 * engine, as docs/config-stack.md says to run it: a copy of a fresh clone's files, stack config
 * edited in Pulumi.<stack>.yaml, and the program type-checked where it runs (Pulumi runs a `main`
 * file from its own folder, stack/, so ts-node finds stack/tsconfig.json there).
 */
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import {
  activeTokenIds,
  apiWrites,
  dotenvValue,
  e2eEngine,
  ENGINE_SETUP_TIMEOUT_MS,
  keyActivity,
  PULUMI_STEP_TIMEOUT_MS,
  startE2e,
  type E2eFixture,
} from "../support/e2e-setup";
import { CONFIG_STACK_FILES, setStackConfig } from "../support/config-stack-clone";
import { startClientSandbox, type ClientTestSandbox } from "../support/client-sandbox";
import { stopAtFirstFailure } from "../support/stop-at-first-failure";

describe("e2e: the config-driven stack (Pulumi.yaml at the root) through the real engine", function () {
  this.timeout(PULUMI_STEP_TIMEOUT_MS);
  stopAtFirstFailure(this);
  let e2e: E2eFixture;
  const files = { web: "", api: "", ci: "" };
  let ids = { web: "", api: "", token: "" };
  let other: ClientTestSandbox;

  /** Writes `sentry-rotation:keys` and `:tokens` into Pulumi.dev.yaml, as the docs say to. */
  const writeStackConfig = (keys: unknown[], tokens: unknown[]) =>
    setStackConfig(e2e.workspace, {
      "sentry-rotation:keys": keys,
      "sentry-rotation:tokens": tokens,
    });
  const validKeys = () => [
    { name: "web", project: e2e.sandbox.project, rotateEvery: "90d", sinks: [dotenv(files.web)] },
    {
      name: "api",
      project: e2e.sandbox.project,
      keyName: "api server",
      rotateEvery: "30d",
      overlap: "7d",
      sinks: [dotenv(files.api)],
    },
  ];
  const validTokens = () => [
    { name: "ci", tokenName: "ci uploads", rotateEvery: "30d", sinks: [dotenv(files.ci)] },
  ];
  const stackOutputs = async () => {
    const outputs = (await e2e.workspace.outputs()) as {
      keys: Record<string, { keyId: string }>;
      tokens: Record<string, { keyId: string }>;
    };
    return outputs;
  };

  before(async function () {
    this.timeout(ENGINE_SETUP_TIMEOUT_MS);
    const binDir = await e2eEngine(this);
    e2e = await startE2e(binDir, ".", { files: CONFIG_STACK_FILES, typeCheck: true });
    const out = path.join(e2e.workspace.root, "out");
    fs.mkdirSync(out);
    Object.assign(files, {
      web: path.join(out, "web.env"),
      api: path.join(out, "api.env"),
      ci: path.join(out, "ci.env"),
    });
  });
  after(async () => {
    await e2e?.dispose();
    await other?.close();
  });

  it("refuses invalid config with every problem listed, before anything is created", async () => {
    writeStackConfig(
      [
        { name: "web", project: e2e.sandbox.project, rotateEvery: "monthly", sinks: [] },
        {
          name: "api",
          project: e2e.sandbox.project,
          rotateEvery: "30d",
          sinks: [{ type: "dotenvFile" }],
        },
      ],
      [],
    );
    await e2e.sandbox.clearRequests();
    const preview = await e2e.workspace.run(["preview"], { allowFailure: true });
    const up = await e2e.workspace.run(["up", "--yes", "--skip-preview"], { allowFailure: true });
    for (const result of [preview, up]) {
      const output = result.stdout + result.stderr;
      assert.notEqual(result.code, 0);
      assert.match(output, /sentry-rotation:keys\[0\]\.rotateEvery: "monthly" is not a duration/);
      assert.match(output, /sentry-rotation:keys\[1\]\.sinks\[0\]\.path/);
      assert.doesNotMatch(output, /TSError|Unable to compile/);
    }
    assert.deepEqual(apiWrites(await e2e.sandbox.requests()), [], "nothing was created");
    assert.deepEqual(await keyActivity(e2e.sandbox), {});
  });

  it("previews a key, an overlap key and a token, type-checked where it runs, without writes", async () => {
    writeStackConfig(validKeys(), validTokens());
    await e2e.sandbox.clearRequests();
    const { json } = await e2e.workspace.preview();
    const creates = json.steps.filter((s) => s.op === "create").map((s) => s.urn.split("::").pop());
    for (const name of ["web", "api", "ci"]) assert.ok(creates.includes(name), `creates ${name}`);
    assert.deepEqual(apiWrites(await e2e.sandbox.requests()), []);
  });

  it("pulumi up creates them and delivers each to its dotenv file", async () => {
    await e2e.workspace.up();
    const outputs = await stackOutputs();
    ids = {
      web: outputs.keys.web!.keyId,
      api: outputs.keys.api!.keyId,
      token: outputs.tokens.ci!.keyId,
    };
    assert.deepEqual(await keyActivity(e2e.sandbox), { [ids.web]: true, [ids.api]: true });
    assert.deepEqual(await activeTokenIds(e2e.sandbox), [ids.token]);
    assert.match(dotenvValue(files.web, "SENTRY_DSN") ?? "", new RegExp(`//${ids.web}@`));
    assert.match(dotenvValue(files.api, "SENTRY_DSN") ?? "", new RegExp(`//${ids.api}@`));
    assert.match(dotenvValue(files.ci, "SENTRY_AUTH_TOKEN") ?? "", /^sntrys_/);
  });

  it("+31d: the overlap key and the token rotate, the 90-day key does not", async () => {
    const tokenBefore = dotenvValue(files.ci, "SENTRY_AUTH_TOKEN");
    await e2e.workspace.up({ env: { SENTRY_ROTATION_NOW: "+31d" } });
    const outputs = await stackOutputs();
    assert.equal(outputs.keys.web!.keyId, ids.web);
    const api = outputs.keys.api!;
    assert.notEqual(api.keyId, ids.api);
    // The old api key stays valid as the previous key for the overlap.
    assert.deepEqual(await keyActivity(e2e.sandbox), {
      [ids.web]: true,
      [ids.api]: true,
      [api.keyId]: true,
    });
    assert.match(dotenvValue(files.api, "SENTRY_DSN") ?? "", new RegExp(`//${api.keyId}@`));
    const token = outputs.tokens.ci!.keyId;
    assert.notEqual(token, ids.token);
    assert.deepEqual(await activeTokenIds(e2e.sandbox), [token], "the old token is revoked");
    assert.notEqual(dotenvValue(files.ci, "SENTRY_AUTH_TOKEN"), tokenBefore);
  });

  it("rotates a key in a second Sentry through a named connection, its token kept a secret", async () => {
    const { workspace } = e2e;
    other = await startClientSandbox({ rateLimit: false });
    const at = (field: string) => `sentry-rotation:connections.other.${field}`;
    await workspace.run(["config", "set", "--path", at("url"), other.url]);
    await workspace.run(["config", "set", "--path", at("organization"), other.organization]);
    // A token in plain text is refused, with the command that stores it encrypted.
    // (The CLI itself asks for --secret; --plaintext is what a user would force.)
    await workspace.run(["config", "set", "--plaintext", "--path", at("authToken")], {
      input: other.token,
    });
    const far = { name: "far", project: other.project, rotateEvery: "90d", connection: "other" };
    writeStackConfig([...validKeys(), far], validTokens());
    const refused = await workspace.run(["preview"], { allowFailure: true });
    assert.notEqual(refused.code, 0);
    assert.match(
      refused.stdout + refused.stderr,
      /sentry-rotation:connections: holds API tokens in plain text[\s\S]*pulumi config set --secret --path/,
    );
    assert.ok(!(refused.stdout + refused.stderr).includes(other.token), "the token is not printed");
    await workspace.run(["config", "set", "--secret", "--path", at("authToken")], {
      input: other.token,
    });
    assert.ok(!fs.readFileSync(workspace.file("Pulumi.dev.yaml"), "utf8").includes(other.token));

    await workspace.up();
    const farId = (await stackOutputs()).keys.far!.keyId;
    assert.deepEqual(await keyActivity(other), { [farId]: true });
    assert.ok(!(farId in (await keyActivity(e2e.sandbox))), "not in the stack's own Sentry");
    assert.ok(!(await workspace.exportState()).includes(other.token), "no token in state");
  });

  it("pulumi destroy removes every key and token it made", async () => {
    await e2e.workspace.run(["destroy", "--yes", "--skip-preview"]);
    assert.deepEqual(await keyActivity(e2e.sandbox), {});
    assert.deepEqual(await keyActivity(other), {});
    assert.deepEqual(await activeTokenIds(e2e.sandbox), []);
  });
});

function dotenv(file: string) {
  return { type: "dotenvFile", path: file };
}
