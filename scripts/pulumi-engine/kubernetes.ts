/**
 * Finds or builds, for offline use, the Kubernetes parts of the real-engine tests:
 *
 * - the Kubernetes provider plugin `pulumi-resource-kubernetes`, reporting the installed
 *   @pulumi/kubernetes version (the engine takes it from PATH: an ambient plugin);
 * - etcd, kube-apiserver, kube-controller-manager, kube-scheduler and kwok (simulated nodes), for a
 *   small real cluster on loopback (tests/support/kubernetes/cluster.ts starts it).
 *
 *   node --require ts-node/register/transpile-only scripts/pulumi-engine/kubernetes.ts [--provider|--cluster]
 *
 * Progress goes to stderr; stdout gets two lines, the provider's bin directory and the cluster's.
 * Each is built once per version into the engine cache (see docs/engine.md), the same way as the
 * CLI: a stamp, a staging directory renamed into place.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { engineCacheRoot } from "./engine-config";
import { EngineBuildError, goBuildEnv, goVersion, runBuilder, runGo } from "./go-build";
import {
  CLUSTER_FILES,
  CLUSTER_PACKAGES,
  clusterLdflags,
  clusterStamp,
  ETCD_VERSION,
  goDirective,
  KUBERNETES_MODULE,
  KUBERNETES_PROVIDER_BINARY,
  KUBERNETES_PROVIDER_CMD,
  KUBERNETES_PROVIDER_MODULE,
  KUBERNETES_PROVIDER_MODULE_VERSION,
  KUBERNETES_VERSION,
  kubernetesClusterBinDir,
  kubernetesProviderBinDir,
  KWOK_MODULE,
  KWOK_STAGE_FILES,
  KWOK_STAGES_FILE,
  KWOK_VERSION,
  packageVersionFromLock,
  providerLdflags,
  providerStamp,
  renderClusterGoMod,
  renderProviderGoMod,
  renderToolsGo,
  stagingModules,
} from "./kubernetes-config";
import { buildStaged, isCurrentBuild } from "./staged-build";

/** Where the Kubernetes parts are. */
export interface KubernetesParts {
  /** Holds `pulumi-resource-kubernetes`: put it on the PATH of `pulumi`. */
  providerBinDir: string;
  /** The @pulumi/kubernetes version the plugin reports. */
  providerVersion: string;
  /** Holds etcd, kube-apiserver, kube-controller-manager, kube-scheduler, kwok and its stages. */
  clusterBinDir: string;
}

/** Inputs of {@link ensureKubernetesParts}; everything defaults to this checkout and process. */
export interface EnsureKubernetesOptions {
  repoRoot?: string;
  env?: NodeJS.ProcessEnv;
  log?: (line: string) => void;
  /** Build only this part (the other's directory is returned but may not exist). */
  only?: "provider" | "cluster";
}

// Both builds at once peak at about 6 GB (provider 4.2 GB, cluster 1.9 GB): only with room for it.
const PARALLEL_BUILD_MEMORY = 12 * 1024 ** 3;

/** Returns the cached parts, building the missing ones with Go (minutes the first time). */
export async function ensureKubernetesParts(
  options: EnsureKubernetesOptions = {},
): Promise<KubernetesParts> {
  const repoRoot = options.repoRoot ?? path.resolve(__dirname, "..", "..");
  const env = options.env ?? process.env;
  const log = options.log ?? ((line: string) => process.stderr.write(`[kubernetes] ${line}\n`));
  const lock: unknown = JSON.parse(
    fs.readFileSync(path.join(repoRoot, "package-lock.json"), "utf8"),
  );
  const providerVersion = packageVersionFromLock(lock, "@pulumi/kubernetes");
  const cacheRoot = engineCacheRoot(env, os.homedir());
  const provider = {
    binDir: kubernetesProviderBinDir(cacheRoot, providerVersion),
    stamp: providerStamp(providerVersion),
    files: [KUBERNETES_PROVIDER_BINARY],
  };
  const cluster = {
    binDir: kubernetesClusterBinDir(cacheRoot),
    stamp: clusterStamp(),
    files: CLUSTER_FILES,
  };
  const providerCached =
    options.only === "cluster" || isCurrentBuild(provider.binDir, provider.stamp, provider.files);
  const clusterCached =
    options.only === "provider" || isCurrentBuild(cluster.binDir, cluster.stamp, cluster.files);
  if (providerCached && options.only !== "cluster") {
    log(`using cached Kubernetes provider plugin v${providerVersion}`);
  }
  if (clusterCached && options.only !== "provider") {
    log(`using cached Kubernetes v${KUBERNETES_VERSION} cluster binaries`);
  }
  const parts = { providerBinDir: provider.binDir, providerVersion, clusterBinDir: cluster.binDir };
  if (providerCached && clusterCached) return parts;

  const go = await goVersion(env);
  if (!go) {
    throw new EngineBuildError(
      "Go is not installed, so the Kubernetes provider plugin and a local API server cannot be " +
        "built here. Install Go (https://go.dev/doc/install) and run this again.",
    );
  }
  const goEnv = goBuildEnv(env);
  const builds: Array<() => Promise<void>> = [];
  if (!providerCached) {
    const plog = (line: string) => log(`provider: ${line}`);
    plog(
      `building pulumi-resource-kubernetes v${providerVersion} from ` +
        `${KUBERNETES_PROVIDER_MODULE}@${KUBERNETES_PROVIDER_MODULE_VERSION} with ${go} into ` +
        `${provider.binDir}; the first build takes about 12 min on 2 idle cores and 4.2 GB of memory`,
    );
    builds.push(() =>
      timed(plog, () =>
        buildStaged(provider.binDir, provider.stamp, provider.files, (workDir, staging) =>
          buildProvider(providerVersion, workDir, staging, goEnv, plog),
        ),
      ),
    );
  }
  if (!clusterCached) {
    const clog = (line: string) => log(`cluster: ${line}`);
    clog(
      `building etcd ${ETCD_VERSION}, kube-apiserver, kube-controller-manager and kube-scheduler ` +
        `v${KUBERNETES_VERSION} and kwok ${KWOK_VERSION} with ${go} into ${cluster.binDir}; ` +
        "the first build takes about 8 min on 2 idle cores and 2 GB of memory",
    );
    builds.push(() =>
      timed(clog, () =>
        buildStaged(cluster.binDir, cluster.stamp, cluster.files, (workDir, staging) =>
          buildCluster(workDir, staging, goEnv, clog),
        ),
      ),
    );
  }
  if (builds.length > 1 && os.totalmem() >= PARALLEL_BUILD_MEMORY) {
    log("building both at once: about 18 min on 2 idle cores (41 min measured on a busy machine)");
    await Promise.all(builds.map((b) => b()));
  } else {
    for (const build of builds) await build();
  }
  return parts;
}

async function timed(log: (line: string) => void, work: () => Promise<void>): Promise<void> {
  const started = Date.now();
  await work();
  log(`built in ${Math.round((Date.now() - started) / 1000)}s`);
}

/** Where `go mod download` put a module, and its go.mod. */
async function downloadModule(
  module: string,
  workDir: string,
  env: NodeJS.ProcessEnv,
  log: (line: string) => void,
): Promise<{ dir: string; goMod: string }> {
  const json = await runGo(["mod", "download", "-json", module], workDir, env, log);
  const { Dir, GoMod } = JSON.parse(json) as { Dir?: string; GoMod?: string };
  if (!Dir || !GoMod) throw new EngineBuildError(`go mod download gave no module for ${module}`);
  return { dir: Dir, goMod: fs.readFileSync(GoMod, "utf8") };
}

/**
 * The provider's main package embeds a schema that `go generate` makes and the module zip lacks,
 * so the package is copied into the wrapper and generated there before the build.
 */
async function buildProvider(
  sdkVersion: string,
  workDir: string,
  outDir: string,
  env: NodeJS.ProcessEnv,
  log: (line: string) => void,
): Promise<void> {
  const module = `${KUBERNETES_PROVIDER_MODULE}@${KUBERNETES_PROVIDER_MODULE_VERSION}`;
  log(`go mod download ${module}`);
  const { dir, goMod } = await downloadModule(module, workDir, env, log);
  // Its own go.mod replaces sdk/v4 with a relative path; the required sdk/v4 version compiles.
  fs.writeFileSync(
    path.join(workDir, "go.mod"),
    renderProviderGoMod(goDirective(goMod, KUBERNETES_PROVIDER_MODULE)),
  );
  const cmdDir = path.join(workDir, KUBERNETES_PROVIDER_CMD);
  copyWritable(path.join(dir, KUBERNETES_PROVIDER_CMD), cmdDir);
  log("go mod tidy (downloads about 1 GB of modules on a cold module cache)");
  await runGo(["mod", "tidy"], workDir, env, log);
  log("go run generate.go (the schema the plugin embeds)");
  await runGo(["run", "generate.go"], cmdDir, { ...env, VERSION: sdkVersion }, log);
  log("go build pulumi-resource-kubernetes (about 10 min on a cold build cache)");
  await runGo(
    [
      "build",
      "-trimpath",
      "-ldflags",
      providerLdflags(sdkVersion),
      "-o",
      path.join(outDir, KUBERNETES_PROVIDER_BINARY),
      `./${KUBERNETES_PROVIDER_CMD}`,
    ],
    workDir,
    env,
    log,
  );
}

/** One wrapper module builds all cluster binaries, so they share every compiled package. */
async function buildCluster(
  workDir: string,
  outDir: string,
  env: NodeJS.ProcessEnv,
  log: (line: string) => void,
): Promise<void> {
  log(
    `go mod download ${KUBERNETES_MODULE}@v${KUBERNETES_VERSION} and ${KWOK_MODULE}@${KWOK_VERSION}`,
  );
  const kubernetes = await downloadModule(
    `${KUBERNETES_MODULE}@v${KUBERNETES_VERSION}`,
    workDir,
    env,
    log,
  );
  const kwok = await downloadModule(`${KWOK_MODULE}@${KWOK_VERSION}`, workDir, env, log);
  const goVersionLine = goDirective(kubernetes.goMod, KUBERNETES_MODULE);
  fs.writeFileSync(
    path.join(workDir, "go.mod"),
    renderClusterGoMod(goVersionLine, stagingModules(kubernetes.goMod)),
  );
  const packages = CLUSTER_PACKAGES.map((p) => p.pkg);
  fs.writeFileSync(path.join(workDir, "tools.go"), renderToolsGo(packages));
  log("go mod tidy (downloads about 1 GB of modules on a cold module cache)");
  await runGo(["mod", "tidy"], workDir, env, log);
  log("go build etcd, kube-apiserver, kube-controller-manager, kube-scheduler, kwok");
  await runGo(
    ["build", "-trimpath", "-ldflags", clusterLdflags(), "-o", outDir + path.sep, ...packages],
    workDir,
    env,
    log,
  );
  for (const { built, binary } of CLUSTER_PACKAGES) {
    if (built !== binary) fs.renameSync(path.join(outDir, built), path.join(outDir, binary));
  }
  // kwok does nothing without stages; these are the defaults kwokctl gives it.
  const stages = KWOK_STAGE_FILES.map((file) => fs.readFileSync(path.join(kwok.dir, file), "utf8"));
  fs.writeFileSync(path.join(outDir, KWOK_STAGES_FILE), stages.join("\n---\n"));
}

/** Copies a directory out of the (read-only) module cache so that it can be written to. */
function copyWritable(from: string, to: string): void {
  fs.cpSync(from, to, { recursive: true });
  const makeWritable = (p: string) => {
    const stat = fs.statSync(p);
    fs.chmodSync(p, stat.mode | 0o200);
    if (stat.isDirectory())
      for (const entry of fs.readdirSync(p)) makeWritable(path.join(p, entry));
  };
  makeWritable(to);
}

if (require.main === module)
  void runBuilder("kubernetes", async () => {
    const flag = process.argv.slice(2).find((a) => a === "--provider" || a === "--cluster");
    const parts = await ensureKubernetesParts({
      only: flag ? (flag.slice(2) as "provider" | "cluster") : undefined,
    });
    return [parts.providerBinDir, parts.clusterBinDir];
  });
