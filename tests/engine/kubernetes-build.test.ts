import * as assert from "assert";
import { execFile, spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { promisify } from "util";
import { KUBERNETES_SETUP_TIMEOUT_MS } from "../support/kubernetes/e2e";
import { skipUnless } from "../support/skip";
import {
  CLUSTER_FILES,
  clusterStamp,
  goDirective,
  kubernetesClusterBinDir,
  kubernetesProviderBinDir,
  packageVersionFromLock,
  providerLdflags,
  providerStamp,
  renderClusterGoMod,
  stagingModules,
  stagingVersion,
} from "../../scripts/pulumi-engine/kubernetes-config";

// The shape of k8s.io/kubernetes's go.mod: staging modules required at v0.0.0, replaced locally.
const KUBERNETES_GO_MOD = [
  "module k8s.io/kubernetes",
  "",
  "go 1.26.0",
  "",
  "require (",
  "\tgithub.com/spf13/cobra v1.10.0",
  "\tk8s.io/api v0.0.0",
  "\tk8s.io/client-go v0.0.0",
  ")",
  "",
  "require k8s.io/kms v0.0.0 // indirect",
  "",
  "replace (",
  "\tk8s.io/api => ./staging/src/k8s.io/api",
  "\tk8s.io/client-go => ./staging/src/k8s.io/client-go",
  "\tk8s.io/kms => ./staging/src/k8s.io/kms",
  "\tk8s.io/sample-cli-plugin => ./staging/src/k8s.io/sample-cli-plugin",
  ")",
].join("\n");

describe("kubernetes-config (pure parts of the Kubernetes build)", () => {
  it("replaces exactly the staging modules that k8s.io/kubernetes requires", () => {
    assert.deepStrictEqual(stagingModules(KUBERNETES_GO_MOD), [
      "k8s.io/api",
      "k8s.io/client-go",
      "k8s.io/kms",
    ]);
    assert.strictEqual(stagingVersion("1.36.3"), "v0.36.3");
    const goMod = renderClusterGoMod(goDirective(KUBERNETES_GO_MOD, "k8s.io/kubernetes"), [
      "k8s.io/api",
    ]);
    assert.match(goMod, /^go 1\.26\.0$/m);
    assert.match(goMod, /^\tk8s\.io\/kubernetes v1\.36\.3$/m);
    assert.match(goMod, /^replace k8s\.io\/api => k8s\.io\/api v0\.36\.3$/m);
  });

  it("stamps the plugin with the @pulumi/kubernetes version, so a new SDK rebuilds it", () => {
    const lock = { packages: { "node_modules/@pulumi/kubernetes": { version: "4.34.2" } } };
    assert.strictEqual(packageVersionFromLock(lock, "@pulumi/kubernetes"), "4.34.2");
    assert.throws(
      () => packageVersionFromLock({ packages: {} }, "@pulumi/kubernetes"),
      /npm install/,
    );
    assert.match(providerLdflags("4.34.2"), /pkg\/version\.Version=4\.34\.2$/);
    assert.notStrictEqual(providerStamp("4.34.2"), providerStamp("4.35.0"));
    assert.strictEqual(clusterStamp(), clusterStamp());
  });

  it("caches next to the CLI, one directory per version", () => {
    assert.strictEqual(
      kubernetesProviderBinDir("/c/engine", "4.34.2"),
      "/c/engine/kubernetes-provider/4.34.2/bin",
    );
    assert.strictEqual(
      kubernetesClusterBinDir("/c/engine"),
      "/c/engine/kubernetes-cluster/1.36.3/bin",
    );
  });
});

describe("npm run engine:kubernetes (scripts/pulumi-engine/kubernetes.ts)", function () {
  // Built by the e2e tests before this file runs; built here otherwise (minutes, see engine.md).
  this.timeout(KUBERNETES_SETUP_TIMEOUT_MS);
  const script = path.resolve(__dirname, "..", "..", "scripts", "pulumi-engine", "kubernetes.ts");
  const run = async () => {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ["--require", "ts-node/register/transpile-only", script],
      { timeout: KUBERNETES_SETUP_TIMEOUT_MS, maxBuffer: 64 * 1024 * 1024 },
    );
    return stdout.trim().split("\n");
  };

  it("prints the provider's and the cluster's bin directories, and a second run reuses them", async function () {
    skipUnless(this, spawnSync("go", ["version"]).status === 0, "Go is not installed");
    const [providerDir, clusterDir] = await run();
    fs.accessSync(path.join(providerDir!, "pulumi-resource-kubernetes"), fs.constants.X_OK);
    for (const file of CLUSTER_FILES) assert.ok(fs.existsSync(path.join(clusterDir!, file)), file);
    const started = Date.now();
    assert.deepStrictEqual(await run(), [providerDir, clusterDir]);
    assert.ok(Date.now() - started < 30_000, "a cached run must not rebuild");
  });
});
