import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { packageSchema } from "../../plugin/schema/schema";
import { packageVersion } from "../../plugin/main";
import { ensureBuilt } from "../../testkit/dist";
import { type PluginClient, startPlugin } from "../../testkit/plugin-host/client";
import { secretValue, urn } from "../../testkit/provider-host";
import { type ClientTestSandbox, fastClient, startClientSandbox } from "../support/client-sandbox";

const CLIENT_KEY = "sentry-rotation:index:ClientKey";
const PAIR = "sentry-rotation:index:ClientKeyPair";
const TOKEN = "sentry-rotation:index:OrgAuthToken";
const DOTENV = "sentry-rotation:index:DotenvFile";
const RECEIPT = "sentry-rotation:index:SinkReceipt";
type Props = Record<string, unknown>;

const isSecret = (value: unknown) => pulumi.runtime.isRpcSecret(value);
const reveal = (value: unknown) =>
  isSecret(value) ? pulumi.runtime.unwrapRpcSecret(value) : value;

/**
 * The `sentry-rotation` plugin process driven over gRPC the way the engine drives it: one process
 * per provider instance, Configure with the token as a secret, every resource method of every
 * kind, import through Read. The engine's own part is in tests/e2e/plugin.test.ts.
 */
describe("the sentry-rotation plugin over gRPC", function () {
  this.timeout(120_000);
  let sandbox: ClientTestSandbox;
  const plugins: PluginClient[] = [];

  before(async () => {
    ensureBuilt();
    sandbox = await startClientSandbox();
  });
  after(async () => {
    await Promise.all(plugins.map((p) => p.stop()));
    await sandbox?.close();
  });

  // One provider instance, as the engine starts it: a process, then Configure with its inputs.
  async function provider(
    target: ClientTestSandbox = sandbox,
    env: Record<string, string | undefined> = {},
  ): Promise<PluginClient> {
    const plugin = await startPlugin({
      env: { SENTRY_AUTH_TOKEN: undefined, SENTRY_URL: undefined, SENTRY_ORG: undefined, ...env },
    });
    plugins.push(plugin);
    const configured = await plugin.configure({
      url: target.url,
      organization: target.organization,
      authToken: secretValue(target.token),
    });
    assert.deepEqual(configured, { acceptSecrets: true, supportsPreview: false });
    return plugin;
  }

  const sandboxKeys = async (target = sandbox) =>
    (await target.state()).clientKeys.map((k) => ({ id: k.public, active: k.isActive }));

  it("reports its version and the schema the generator makes", async () => {
    const plugin = await startPlugin();
    plugins.push(plugin);
    assert.equal(await plugin.getPluginInfo(), packageVersion());
    const schema = await plugin.getSchema();
    assert.deepEqual(schema, JSON.parse(JSON.stringify(packageSchema(packageVersion()))));
    assert.deepEqual(Object.keys(schema.resources as object).sort(), [
      "sentry-rotation:index:ClientKey",
      "sentry-rotation:index:ClientKeyPair",
      "sentry-rotation:index:DotenvFile",
      "sentry-rotation:index:OrgAuthToken",
      "sentry-rotation:index:ProjectSecurity",
      "sentry-rotation:index:RotatingClientKey",
      "sentry-rotation:index:RotatingOrgAuthToken",
      "sentry-rotation:index:SinkReceipt",
    ]);
    await plugin.cancel();
  });

  it("checks provider config (naming the field and the fix) and never replaces on a config change", async () => {
    const plugin = await startPlugin();
    plugins.push(plugin);
    const bad = await plugin.checkConfig({ url: "sentry.example.com", orgnization: "acme" });
    assert.deepEqual(
      bad.failures.map((f) => f.property),
      ["orgnization", "url"],
    );
    assert.match(
      bad.failures[1]?.reason ?? "",
      /url: "sentry.example.com" is not an http\(s\) URL; write the Sentry base URL/,
    );
    assert.match(bad.failures[0]?.reason ?? "", /use one of url, organization, authToken/);
    const good = await plugin.checkConfig({
      url: "https://sentry.example.com",
      organization: "acme",
      version: "0.1.0",
    });
    assert.deepEqual(good.failures, []);
    // A new token, URL or organization changes the connection, never the keys.
    const diff = await plugin.diffConfig(
      { url: "https://a.example", authToken: "x" },
      { url: "https://b.example", authToken: "y" },
    );
    assert.deepEqual(
      { changes: diff.changes, replaces: diff.replaces },
      { changes: "some", replaces: [] },
    );
    const same = await plugin.diffConfig(
      { url: "https://a.example" },
      { url: "https://a.example" },
    );
    assert.equal(same.changes, "none");
    // Moving from the dynamic provider: the old provider's config shares nothing, and no replace.
    const moved = await plugin.diffConfig({}, { url: "https://a.example" });
    assert.deepEqual(moved.replaces, []);
  });

  it("lives a ClientKey's life: check, create, no-op diff, update, rotation at +91d, refresh, delete", async () => {
    const plugin = await provider();
    const keyUrn = urn(CLIENT_KEY, "web");
    const bad = await plugin.check(
      keyUrn,
      {},
      { project: sandbox.project, name: "", rotateEvery: "90 days" },
    );
    assert.deepEqual(bad.failures.map((f) => f.property).sort(), ["name", "rotateEvery"]);
    const news = { project: sandbox.project, name: "web frontend", rotateEvery: "90d" };
    const checked = await plugin.check(keyUrn, {}, news);
    assert.deepEqual(checked.failures, []);
    // Defaults of this provider instance; the URN for the audit trail comes with each call, so
    // state does not repeat it.
    assert.equal(checked.inputs.organization, sandbox.organization);
    assert.ok(!("auditUrn" in checked.inputs));
    const created = await plugin.create(keyUrn, checked.inputs);
    assert.match(
      created.id,
      new RegExp(`^${sandbox.organization}/${sandbox.project}/[0-9a-f]{32}$`),
    );
    assert.ok(
      isSecret(created.state.secretKey) && isSecret(created.state.dsnSecret),
      "secret outputs are wrapped",
    );
    assert.ok(!isSecret(created.state.dsnPublic));
    assert.ok(!("__provider" in created.state));
    assert.ok(!("auditUrn" in created.state));
    const keyId = String(created.state.keyId);
    assert.match(
      plugin.output().stderr,
      new RegExp(`audit: \\[dev\\] client key ${keyId.slice(0, 4)}.* created`),
    );
    assert.deepEqual(await sandboxKeys(), [{ id: keyId, active: true }]);

    const same = await plugin.diff(created.id, keyUrn, created.state, checked.inputs);
    assert.deepEqual(
      { changes: same.changes, replaces: same.replaces },
      { changes: "none", replaces: [] },
    );

    const renamed = (await plugin.check(keyUrn, checked.inputs, { ...news, name: "web" })).inputs;
    const update = await plugin.diff(created.id, keyUrn, created.state, renamed);
    assert.deepEqual(
      { changes: update.changes, replaces: update.replaces, detailed: update.detailed },
      {
        changes: "some",
        replaces: [],
        detailed: { name: "update" },
      },
    );
    const updated = await plugin.update(created.id, keyUrn, created.state, renamed);
    assert.equal(updated.name, "web");
    assert.ok(isSecret(updated.dsnSecret));

    // 91 days on (a new `pulumi up`, a new process): the key is due, and the diff says why.
    const later = await provider(sandbox, {
      SENTRY_ROTATION_NOW: new Date(Date.now() + 91 * 86_400_000).toISOString(),
    });
    const due = await later.diff(created.id, keyUrn, updated, renamed);
    assert.deepEqual(
      { changes: due.changes, replaces: due.replaces },
      { changes: "some", replaces: ["rotateAt"] },
    );
    // The shared decision's detail (the dynamic provider's too): the replaced input, the outputs
    // the new key changes, and the rotation's steps.
    assert.deepEqual(
      Object.fromEntries(
        ["rotateAt", "keyId", "dsnPublic", "createdAt"].map((p) => [p, due.detailed[p]]),
      ),
      { rotateAt: "replace", keyId: "replace", dsnPublic: "replace", createdAt: "replace" },
    );
    assert.ok(
      Object.keys(due.detailed).some((p) => p.startsWith('rotation["because: due since')),
      JSON.stringify(due.detailed),
    );
    assert.ok(due.diffs.includes("rotation"), JSON.stringify(due.diffs));
    assert.equal(due.deleteBeforeReplace, false);
    assert.match(
      later.output().stderr,
      /rotation due: rotateAt .* has passed .*: a new key replaces the old one/,
    );
    const next = await later.create(keyUrn, renamed);
    await later.delete(created.id, keyUrn, updated);
    assert.deepEqual(await sandboxKeys(), [{ id: String(next.state.keyId), active: true }]);

    // Refresh, then the key deleted out of band drops from state.
    const refreshed = await later.read(next.id, keyUrn, next.state, renamed);
    assert.equal(refreshed.id, next.id);
    assert.ok(isSecret(refreshed.state.dsnSecret));
    await later.delete(next.id, keyUrn, next.state);
    assert.deepEqual(await sandboxKeys(), []);
    assert.equal((await later.read(next.id, keyUrn, next.state, renamed)).id, "");

    const printed = JSON.stringify([plugin.output(), later.output()]);
    assert.ok(!printed.includes(sandbox.token), "the token is never printed");
    assert.ok(!printed.includes(String(reveal(next.state.secretKey))), "no secret key printed");
  });

  it("imports a key made outside Pulumi through Read with the id alone", async () => {
    const plugin = await provider();
    // Made outside Pulumi, by another client of the same Sentry.
    const outside = await fastClient(sandbox).client.clientKeys.create(
      sandbox.organization,
      sandbox.project,
      {
        name: "made by hand",
      },
    );
    const keyId = outside.id;
    const id = `${sandbox.organization}/${sandbox.project}/${keyId}`;
    const keyUrn = urn(CLIENT_KEY, "imported");
    const imported = await plugin.read(id, keyUrn);
    assert.equal(imported.id, id);
    assert.deepEqual(imported.inputs, {
      organization: sandbox.organization,
      project: sandbox.project,
      name: "made by hand",
      isActive: true,
      onReplace: "delete",
    });
    assert.ok(isSecret(imported.state.dsnSecret));
    // The engine then checks the read inputs (olds = news): they pass as they are.
    const checked = await plugin.check(keyUrn, imported.inputs ?? {}, imported.inputs ?? {});
    assert.deepEqual(checked.failures, []);
    const diff = await plugin.diff(id, keyUrn, imported.state, checked.inputs);
    assert.equal(diff.changes, "none");
    await plugin.delete(id, keyUrn, imported.state);
  });

  it("serves ClientKeyPair, OrgAuthToken, DotenvFile and SinkReceipt", async () => {
    const plugin = await provider();
    const pairUrn = urn(PAIR, "api");
    const pairInputs = (
      await plugin.check(
        pairUrn,
        {},
        { project: sandbox.project, name: "api", rotateEvery: "30d", overlap: "7d" },
      )
    ).inputs;
    const pair = await plugin.create(pairUrn, pairInputs);
    assert.ok(isSecret(pair.state.dsnSecret));
    assert.equal(typeof (pair.state.current as Props).keyId, "string");
    assert.equal((await plugin.diff(pair.id, pairUrn, pair.state, pairInputs)).changes, "none");
    assert.equal((await plugin.read(pair.id, pairUrn, pair.state)).id, pair.id);
    await plugin.delete(pair.id, pairUrn, pair.state);

    const tokenUrn = urn(TOKEN, "ci");
    const tokenInputs = (
      await plugin.check(tokenUrn, {}, { name: "ci uploads", rotateEvery: "30d" })
    ).inputs;
    const token = await plugin.create(tokenUrn, tokenInputs);
    assert.ok(isSecret(token.state.token));
    assert.match(String(reveal(token.state.token)), /^sntrys_/);
    const renamed = (await plugin.check(tokenUrn, tokenInputs, { name: "ci", rotateEvery: "30d" }))
      .inputs;
    assert.equal((await plugin.update(token.id, tokenUrn, token.state, renamed)).name, "ci");
    await plugin.delete(token.id, tokenUrn, token.state);

    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "plugin-dotenv-"));
    const file = path.join(dir, ".env");
    const dotenvUrn = urn(DOTENV, "env");
    const dotenvInputs = (
      await plugin.check(
        dotenvUrn,
        {},
        { path: file, variables: secretValue({ SENTRY_DSN: "https://k@o1.example/1" }) },
      )
    ).inputs;
    assert.ok(isSecret(dotenvInputs.variables), "the values stay secret in the checked inputs");
    const dotenv = await plugin.create(dotenvUrn, dotenvInputs);
    assert.match(fs.readFileSync(file, "utf8"), /SENTRY_DSN=/);
    assert.ok(!JSON.stringify(dotenv.state.variableNames).includes("https://"));
    await plugin.delete(dotenv.id, dotenvUrn, dotenv.state);
    fs.rmSync(dir, { recursive: true, force: true });

    const receiptUrn = urn(RECEIPT, "web-sink-0-receipt");
    const receiptInputs = (
      await plugin.check(
        receiptUrn,
        {},
        { keyType: "client-key", keyId: "abc", sink: "dotenv-file:/x" },
      )
    ).inputs;
    const receipt = await plugin.create(receiptUrn, receiptInputs);
    assert.equal(typeof receipt.state.deliveredAt, "string");
  });

  it("gives each provider instance its own connection: two providers, two sandboxes", async () => {
    const other = await startClientSandbox();
    try {
      const first = await provider(sandbox);
      const second = await provider(other);
      const make = async (plugin: PluginClient, target: ClientTestSandbox, name: string) => {
        const keyUrn = urn(CLIENT_KEY, name);
        const inputs = (await plugin.check(keyUrn, {}, { project: target.project, name })).inputs;
        return plugin.create(keyUrn, inputs);
      };
      const a = await make(first, sandbox, "in-first");
      const b = await make(second, other, "in-second");
      const ids = async (target: ClientTestSandbox) => (await sandboxKeys(target)).map((k) => k.id);
      assert.ok((await ids(sandbox)).includes(String(a.state.keyId)));
      assert.ok(!(await ids(sandbox)).includes(String(b.state.keyId)));
      assert.deepEqual(await ids(other), [String(b.state.keyId)]);
      await first.delete(a.id, urn(CLIENT_KEY, "in-first"), a.state);
      await second.delete(b.id, urn(CLIENT_KEY, "in-second"), b.state);
    } finally {
      await other.close();
    }
  });

  it("reaches a resource's own connection, as the dynamic provider does (the shared steps choose it)", async () => {
    const other = await startClientSandbox();
    try {
      const plugin = await provider(sandbox);
      const keyUrn = urn(CLIENT_KEY, "elsewhere");
      const connection = secretValue({
        url: other.url,
        organization: other.organization,
        authToken: other.token,
      });
      const news = (name: string, conn: unknown = connection) => ({
        project: other.project,
        name,
        connection: conn,
      });
      const checked = await plugin.check(keyUrn, {}, news("elsewhere"));
      assert.deepEqual(checked.failures, []);
      assert.equal(
        checked.inputs.organization,
        other.organization,
        "its connection's organization",
      );
      assert.ok(isSecret(checked.inputs.connection), "the connection stays a secret");
      const key = await plugin.create(keyUrn, checked.inputs);
      assert.ok(isSecret(key.state.connection), "and is kept encrypted in state");
      const ids = async (target: ClientTestSandbox) => (await sandboxKeys(target)).map((k) => k.id);
      assert.deepEqual(await ids(other), [String(key.state.keyId)]);
      assert.ok(!(await ids(sandbox)).includes(String(key.state.keyId)));

      // A rename is updated in place, in that Sentry.
      const renamed = (await plugin.check(keyUrn, key.state, news("elsewhere two"))).inputs;
      const diff = await plugin.diff(key.id, keyUrn, key.state, renamed);
      assert.deepEqual([diff.changes, diff.replaces], ["some", []]);
      const updated = await plugin.update(key.id, keyUrn, key.state, renamed);
      assert.deepEqual(
        (await other.state()).clientKeys.map((k) => k.label),
        ["elsewhere two"],
      );
      // Another URL is another Sentry: a replacement, marked on the connection.
      const moved = secretValue({ url: sandbox.url, authToken: sandbox.token });
      const away = (await plugin.check(keyUrn, updated, news("elsewhere two", moved))).inputs;
      const move = await plugin.diff(key.id, keyUrn, updated, away);
      assert.ok(move.replaces.includes("connection"), JSON.stringify(move));
      assert.equal(move.detailed.connection, "replace");

      // Refresh and delete read the connection from the state.
      const read = await plugin.read(key.id, keyUrn, updated);
      assert.equal(read.id, key.id);
      await plugin.delete(key.id, keyUrn, updated);
      assert.deepEqual(await ids(other), []);
      assert.ok(!JSON.stringify(move).includes(other.token), "no token in the diff");
    } finally {
      await other.close();
    }
  });

  it("falls back to the environment variables, and explicit config wins over them", async () => {
    const fromEnv = await startPlugin({
      env: {
        SENTRY_AUTH_TOKEN: sandbox.token,
        SENTRY_URL: sandbox.url,
        SENTRY_ORG: sandbox.organization,
      },
    });
    plugins.push(fromEnv);
    await fromEnv.configure({});
    const keyUrn = urn(CLIENT_KEY, "env");
    const inputs = (await fromEnv.check(keyUrn, {}, { project: sandbox.project, name: "env" }))
      .inputs;
    assert.equal(inputs.organization, sandbox.organization);
    const key = await fromEnv.create(keyUrn, inputs);
    await fromEnv.delete(key.id, keyUrn, key.state);

    const wrongEnv = await startPlugin({
      env: { SENTRY_AUTH_TOKEN: "wrong-token", SENTRY_URL: "http://127.0.0.1:9" },
    });
    plugins.push(wrongEnv);
    await wrongEnv.configure({
      url: sandbox.url,
      authToken: secretValue(sandbox.token),
      organization: sandbox.organization,
    });
    const again = await wrongEnv.create(keyUrn, inputs);
    await wrongEnv.delete(again.id, keyUrn, again.state);

    const none = await startPlugin({ env: { SENTRY_AUTH_TOKEN: undefined } });
    plugins.push(none);
    await none.configure({ url: sandbox.url });
    await assert.rejects(
      none.create(keyUrn, inputs),
      /no Sentry auth token: set it with `pulumi config set --secret sentry-rotation:authToken/,
    );
  });

  it("takes over a dynamic resource's state without a new key, dropping its serialized provider", async () => {
    const plugin = await provider();
    const keyUrn = urn(CLIENT_KEY, "moved");
    const inputs = (
      await plugin.check(
        keyUrn,
        {},
        { project: sandbox.project, name: "moved", rotateEvery: "90d" },
      )
    ).inputs;
    const key = await plugin.create(keyUrn, inputs);
    // The state as the dynamic provider left it: the same outputs plus its serialized provider.
    const dynamicState = {
      ...key.state,
      __provider: "exports.handler = ...",
      auditUrn: "urn:pulumi:dev::p::pulumi-nodejs:dynamic/sentry:ClientKey::moved",
    };
    const diff = await plugin.diff(key.id, keyUrn, dynamicState, inputs);
    assert.deepEqual(
      { changes: diff.changes, replaces: diff.replaces },
      { changes: "some", replaces: [] },
    );
    const updated = await plugin.update(key.id, keyUrn, dynamicState, inputs);
    assert.ok(!("__provider" in updated));
    assert.equal(updated.keyId, key.state.keyId);
    assert.deepEqual(await sandboxKeys(), [{ id: String(key.state.keyId), active: true }]);
    await plugin.delete(key.id, keyUrn, updated);
  });
});
