import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { DotenvFile } from "../../../provider/resources/dotenv-file/resource";
import { ensureBuilt } from "../../../testkit/dist";
import { captureProvider, type CapturedDynamicResource } from "../../../testkit/capture-provider";
import {
  engineStep,
  ProviderCallError,
  type ProviderHost,
  startProviderHost,
  UNKNOWN,
} from "../../../testkit/provider-host";

const DSN = "https://0123456789abcdef0123456789abcdef@o1.ingest.sentry.io/42";
const NEW_DSN = "https://fedcba9876543210fedcba9876543210@o1.ingest.sentry.io/42";
const TYPE = "pulumi-nodejs:dynamic/sentry:DotenvFile";

describe("DotenvFile through the real dynamic-provider host (gRPC)", function () {
  this.timeout(180_000);
  let dir: string;
  let host: ProviderHost;
  let captured: CapturedDynamicResource;
  const envFile = () => path.join(dir, ".env");

  before(async function () {
    ensureBuilt(); // the host requires pulumi-sentry-rotation/provider, i.e. dist/
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "dotenv-host-"));
    captured = await captureProvider(
      () =>
        new DotenvFile("local-env", {
          path: envFile(),
          variables: { SENTRY_DSN: pulumi.secret(DSN) },
        }),
    );
    host = await startProviderHost({ provider: captured.provider });
    await host.configure({});
  });

  after(async function () {
    await host?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it("registers with its type token, secret variables and a provider that captures no value", function () {
    assert.equal(captured.type, TYPE);
    assert.deepEqual(captured.secretInputs, ["variables"]);
    assert.deepEqual(captured.inputs.variables, { SENTRY_DSN: DSN });
    assert.equal(captured.inputs.path, envFile());
    assert.ok(!captured.provider.includes("0123456789abcdef"), "the DSN is not in __provider");
    assert.match(captured.provider, /pulumi-sentry-rotation\/provider/);
  });

  it("checks, creates, diffs, updates, refreshes and deletes a real file", async function () {
    fs.writeFileSync(envFile(), "# mine\nOTHER=1\n");
    const checked = await host.check(captured.urn, {}, captured.inputs);
    assert.deepEqual(checked.failures, []);

    const created = await host.create(captured.urn, checked.inputs);
    assert.equal(created.id, envFile());
    assert.equal(fs.readFileSync(envFile(), "utf8"), `# mine\nOTHER=1\nSENTRY_DSN=${DSN}\n`);
    assert.equal(fs.statSync(envFile()).mode & 0o777, 0o600);
    assert.deepEqual(Object.keys(created.outputs).sort(), [
      "contentHash",
      "createdFile",
      "path",
      "variableNames",
    ]);
    assert.ok(!JSON.stringify(created.state).includes("0123456789abcdef"), "state holds no value");

    const same = await host.diff(created.id, captured.urn, created.state, checked.inputs);
    assert.equal(engineStep(same, checked.inputs, checked.inputs), "same");

    const rotated = { ...checked.inputs, variables: { SENTRY_DSN: NEW_DSN } };
    const diff = await host.diff(created.id, captured.urn, created.state, rotated);
    assert.equal(engineStep(diff, checked.inputs, rotated), "update");
    const updated = await host.update(created.id, captured.urn, created.state, rotated);
    assert.equal(fs.readFileSync(envFile(), "utf8"), `# mine\nOTHER=1\nSENTRY_DSN=${NEW_DSN}\n`);

    fs.writeFileSync(envFile(), "# mine\nOTHER=1\nSENTRY_DSN=edited\n");
    const refreshed = await host.read(created.id, captured.urn, updated.state);
    assert.notEqual(refreshed.outputs.contentHash, updated.outputs.contentHash);
    const drift = await host.diff(created.id, captured.urn, refreshed.state, rotated);
    assert.equal(engineStep(drift, rotated, rotated), "update", "a hand edit is repaired");

    await host.delete(created.id, captured.urn, refreshed.state);
    assert.equal(fs.readFileSync(envFile(), "utf8"), "# mine\nOTHER=1\n");
  });

  it("accepts unknown values in a preview check", async function () {
    const preview = { ...captured.inputs, variables: { SENTRY_DSN: UNKNOWN } };
    assert.deepEqual((await host.check(captured.urn, {}, preview)).failures, []);
  });

  it("reports bad inputs as check failures naming the field, without the value", async function () {
    const checked = await host.check(
      captured.urn,
      {},
      { path: dir, variables: { "sentry-dsn": DSN } },
    );
    assert.deepEqual(
      checked.failures.map((f) => f.property),
      ["path", "variables"],
    );
    assert.match(checked.failures[0]?.reason ?? "", /is a directory/);
    assert.ok(!JSON.stringify(checked.failures).includes("0123456789abcdef"));
  });

  it("fails a create into a directory that vanished with a message naming path", async function () {
    const gone = path.join(dir, "gone", ".env");
    await assert.rejects(
      host.create(captured.urn, { path: gone, variables: { SENTRY_DSN: DSN } }),
      (err: unknown) =>
        err instanceof ProviderCallError &&
        /path: could not write/.test(err.message) &&
        !err.message.includes("0123456789abcdef"),
    );
  });
});
