import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { captureProvider, type CapturedDynamicResource } from "../../testkit/capture-provider";
import {
  engineStep,
  ProviderCallError,
  type ProviderHost,
  startProviderHost,
  UNKNOWN,
  urn,
} from "../../testkit/provider-host";
import {
  deleteOutOfBand,
  Echo,
  ECHO_STATE_DIR_KEY,
  type EchoCall,
  readCalls,
} from "./fixtures/echo-provider";

const ECHO_TYPE = "pulumi-nodejs:dynamic/harness:Echo";
const AUTH_TOKEN = "sntryu_harness-secret-4711";

describe("provider-host harness: the echo provider through the real dynamic-provider host", function () {
  let stateDir: string;
  let host: ProviderHost;
  let v1: CapturedDynamicResource;
  let v2: CapturedDynamicResource;
  const echoUrn = urn(ECHO_TYPE, "e1");

  const calls = (method?: string): EchoCall[] =>
    readCalls(stateDir).filter((c) => method === undefined || c.method === method);

  before(async function () {
    stateDir = fs.mkdtempSync(path.join(os.tmpdir(), "echo-provider-"));
    v1 = await captureProvider(() => new Echo("e1", { value: "one" }));
    v2 = await captureProvider(() => new Echo("e1", { value: "one" }, {}, 2));
    host = await startProviderHost({ provider: v1.provider });
    await host.configure(
      { [ECHO_STATE_DIR_KEY]: stateDir, "sentry-rotation:authToken": AUTH_TOKEN },
      { secretKeys: ["sentry-rotation:authToken"] },
    );
  });

  after(async function () {
    await host?.stop();
    fs.rmSync(stateDir, { recursive: true, force: true });
  });

  it("captures the type token, URN, inputs and serialized provider from the SDK", function () {
    assert.strictEqual(v1.type, ECHO_TYPE);
    assert.strictEqual(v1.name, "e1");
    assert.strictEqual(v1.urn, echoUrn);
    assert.deepStrictEqual(v1.inputs, { value: "one", generation: 1 });
    assert.match(v1.provider, /^exports\.handler = /);
    assert.notStrictEqual(v1.provider, v2.provider, "each version serializes differently");
  });

  it("configure reaches the provider lazily, on first use of a __provider, with secrets unwrapped", async function () {
    assert.deepStrictEqual(calls(), [], "host.configure() alone runs no provider code");
    await host.check(echoUrn, {}, v1.inputs);
    assert.deepStrictEqual(calls().slice(0, 2), [
      { version: 1, method: "configure", detail: { authTokenType: "string" } },
      { version: 1, method: "check", value: "one", detail: { hadOlds: false } },
    ]);
    await host.check(echoUrn, {}, v1.inputs);
    assert.strictEqual(calls("configure").length, 1, "configured once per provider text");
    fs.rmSync(path.join(stateDir, "calls.jsonl"));
  });

  it("runs a full life: check, create, no-op diff, update, replace, delete with old outputs, refresh", async function () {
    const checked = await host.check(echoUrn, {}, v1.inputs);
    assert.deepStrictEqual(checked.failures, []);
    assert.strictEqual(checked.inputs.__provider, v1.provider);

    const created = await host.create(echoUrn, checked.inputs);
    assert.match(created.id, /^echo-/);
    assert.deepStrictEqual(created.outputs, { value: "one", generation: 1, echoed: "echo:one" });
    assert.strictEqual(created.state.__provider, v1.provider, "state keeps the provider");

    const same = await host.diff(created.id, echoUrn, created.state, checked.inputs);
    assert.deepStrictEqual(same, { changes: "none", replaces: [], deleteBeforeReplace: false });
    assert.strictEqual(engineStep(same, checked.inputs, checked.inputs), "same");

    const changedInputs = { ...checked.inputs, value: "two" };
    const inPlace = await host.diff(created.id, echoUrn, created.state, changedInputs);
    assert.strictEqual(engineStep(inPlace, checked.inputs, changedInputs), "update");
    const updated = await host.update(created.id, echoUrn, created.state, changedInputs);
    assert.strictEqual(updated.outputs.echoed, "echo:two");

    // A new program version (v2) asks for a new generation: the engine replaces.
    const nextInputs = (
      await host.check(
        echoUrn,
        changedInputs,
        { value: "two", generation: 2 },
        { provider: v2.provider },
      )
    ).inputs;
    const replace = await host.diff(created.id, echoUrn, updated.state, nextInputs);
    assert.deepStrictEqual(replace, {
      changes: "some",
      replaces: ["generation"],
      deleteBeforeReplace: false,
    });
    assert.strictEqual(engineStep(replace, changedInputs, nextInputs), "replace");
    const replacement = await host.create(echoUrn, nextInputs);
    await host.delete(created.id, echoUrn, updated.state);

    const [deleted] = calls("delete");
    assert.deepStrictEqual(deleted, {
      version: 1,
      method: "delete",
      id: created.id,
      value: "two",
      detail: { echoed: "echo:two" },
    });
    assert.deepStrictEqual(
      calls().map((c) => `${c.method}@v${c.version}`),
      [
        "check@v1",
        "create@v1",
        "diff@v1",
        "diff@v1",
        "update@v1",
        "configure@v2",
        "check@v2",
        "diff@v2",
        "create@v2",
        "delete@v1",
      ],
    );

    const refreshed = await host.read(replacement.id, echoUrn, replacement.state);
    assert.strictEqual(refreshed.id, replacement.id);
    assert.strictEqual(refreshed.outputs.echoed, "echo:two");
    deleteOutOfBand(stateDir, replacement.id);
    const gone = await host.read(replacement.id, echoUrn, replacement.state);
    assert.strictEqual(gone.id, "", "an empty id tells the engine the resource is gone");
  });

  it("maps diff: deleteBeforeReplace, and replaces without changes is left to the engine", async function () {
    const olds = { value: "a", generation: 1, __provider: v1.provider };
    const dbr = await host.diff("id-1", echoUrn, olds, {
      value: "a",
      generation: 2,
      deleteFirst: true,
    });
    assert.deepStrictEqual(dbr, {
      changes: "some",
      replaces: ["generation"],
      deleteBeforeReplace: true,
    });
    assert.strictEqual(engineStep(dbr, olds, { ...olds, generation: 2 }), "delete-before-replace");

    const news = { value: "a", generation: 2, omitChanges: true };
    const unsure = await host.diff("id-1", echoUrn, olds, news);
    assert.deepStrictEqual(unsure, {
      changes: "unknown",
      replaces: ["generation"],
      deleteBeforeReplace: false,
    });
    // Without `changes: true` the engine compares inputs itself; equal inputs ignore the replace.
    assert.strictEqual(engineStep(unsure, olds, olds), "same");
    assert.strictEqual(engineStep(unsure, olds, { ...olds, generation: 2 }), "replace");
  });

  it("check reports failures, accepts the unknown sentinel, and a preview create never reaches the host", async function () {
    const bad = await host.check(echoUrn, {}, { value: 42 });
    assert.deepStrictEqual(bad.failures, [{ property: "value", reason: "value must be a string" }]);

    const preview = await host.check(echoUrn, {}, { value: UNKNOWN });
    assert.deepStrictEqual(preview.failures, []);
    assert.strictEqual(preview.inputs.value, UNKNOWN);

    const before = calls("create").length;
    const planned = await host.create(echoUrn, preview.inputs, { preview: true });
    assert.strictEqual(planned.id, "");
    assert.strictEqual(calls("create").length, before, "the host declares no preview support");
  });

  it("surfaces provider errors as rejections carrying the provider's message", async function () {
    await assert.rejects(host.create(echoUrn, { value: "x", failOn: "create" }), (err: unknown) => {
      assert.ok(err instanceof ProviderCallError);
      assert.strictEqual(err.method, "create");
      assert.strictEqual(err.message, "echo refused to create (failOn=create)");
      return true;
    });
    const state = { value: "x", failOn: "read", __provider: v1.provider };
    await assert.rejects(host.read("id-9", echoUrn, state), {
      name: "ProviderCallError",
      message: "echo refused to read (failOn=read)",
    });
    // The host logs read/check/diff/delete errors to its stderr.
    assert.match(host.output().stderr, /echo refused to read/);
  });

  it("refuses calls it cannot make the way the engine does", async function () {
    await assert.rejects(host.read("id-1", echoUrn, { value: "x" }), /carry no __provider/);
    await assert.rejects(host.configure({ authToken: "x" }), /needs its namespace/);
    await assert.rejects(
      host.create(echoUrn, { when: new Date() }),
      /create properties\.when is an instance of Date/,
    );
    const noId = "exports.handler = () => ({ create: async () => ({ outs: {} }) });";
    await assert.rejects(host.create(echoUrn, {}, { provider: noId }), /returned an empty id/);
  });

  it("never shows the secret config value in anything the host printed", function () {
    const { stdout, stderr } = host.output();
    assert.ok(!stdout.includes(AUTH_TOKEN) && !stderr.includes(AUTH_TOKEN));
    assert.ok(!fs.readFileSync(path.join(stateDir, "calls.jsonl"), "utf8").includes(AUTH_TOKEN));
  });
});

describe("provider-host harness: process lifetime", function () {
  it("stop() ends the host process and reports its exit", async function () {
    const host = await startProviderHost();
    assert.ok(host.isRunning());
    const exit = await host.stop();
    assert.strictEqual(host.isRunning(), false);
    assert.ok(exit.signal === "SIGTERM" || exit.code !== null);
    assert.throws(() => process.kill(host.pid, 0), { code: "ESRCH" });
  });

  it("a call before configure() fails clearly instead of reaching an unconfigured host", async function () {
    const host = await startProviderHost({ provider: "exports.handler = () => ({});" });
    try {
      await assert.rejects(host.check(urn(ECHO_TYPE, "x"), {}, {}), /call configure\(\) first/);
    } finally {
      await host.stop();
    }
  });
});
