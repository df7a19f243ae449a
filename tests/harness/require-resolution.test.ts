import * as assert from "assert";
import * as os from "os";
import { captureProvider } from "../../testkit/capture-provider";
import { REPO_ROOT, startProviderHost, urn } from "../../testkit/provider-host";
import type { ProviderHostOptions } from "../../testkit/provider-host";
import { ProbeResource } from "./fixtures/probe-resource";
import { requireProvider } from "./fixtures/require-provider";

const PROBE_URN = urn("pulumi-nodejs:dynamic/harness:RequireProbe", "probe");

async function probe(options: ProviderHostOptions): Promise<Record<string, unknown>> {
  const { provider } = await captureProvider(
    () => new ProbeResource(requireProvider, "probe", "RequireProbe"),
  );
  const host = await startProviderHost({ provider, ...options });
  try {
    await host.configure({});
    return (await host.create(PROBE_URN, {})).outputs;
  } finally {
    await host.stop();
  }
}

// Serialized code runs in a module built by require-from-string with an empty filename, so
// `require` and `__dirname` ('.') resolve against the host's cwd (the engine uses the project dir).
describe("require resolution inside the dynamic-provider host", function () {
  it("plain node (production): repo-relative JS and packages load from cwd, TypeScript does not", async function () {
    const outs = await probe({ env: { NODE_OPTIONS: undefined } });
    assert.deepStrictEqual(outs, {
      capturedImport: "CAPTURED!",
      cwd: REPO_ROOT,
      dirname: ".",
      jsRelative: "loaded",
      tsRelative: "failed: Cannot find module './tests/harness/fixtures/ts-helper'",
      packageFromCwd: "loaded",
    });
  });

  it("with {typescript: true} (ts-node registered via NODE_OPTIONS) TypeScript loads too", async function () {
    const outs = await probe({ typescript: true });
    assert.strictEqual(outs.tsRelative, "loaded");
  });

  it("from another cwd, repo-relative files and the repo's packages are not found", async function () {
    const outs = await probe({ cwd: os.tmpdir(), env: { NODE_OPTIONS: undefined } });
    assert.strictEqual(outs.cwd, os.tmpdir());
    assert.match(String(outs.jsRelative), /^failed: Cannot find module/);
    assert.match(String(outs.packageFromCwd), /^failed: Cannot find module 'axios'/);
    assert.strictEqual(outs.capturedImport, "CAPTURED!", "captured code does not depend on cwd");
  });
});
