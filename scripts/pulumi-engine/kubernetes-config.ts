/**
 * Pure pieces of the Kubernetes build (scripts/pulumi-engine/kubernetes.ts): which modules at which
 * versions, how their Go wrapper modules are rendered, where the results are cached. No I/O here.
 */
import * as path from "path";
import { buildStamp } from "./engine-config";

/** The Kubernetes provider's Go module; tagged versions are refused by the proxy, this one is served. */
export const KUBERNETES_PROVIDER_MODULE = "github.com/pulumi/pulumi-kubernetes/provider/v4";
export const KUBERNETES_PROVIDER_MODULE_VERSION = "v4.0.0-20260115033456-f47bc2d6f199";
/** The provider's main package, copied into the wrapper because it embeds generated files. */
export const KUBERNETES_PROVIDER_CMD = "cmd/pulumi-resource-kubernetes";
export const KUBERNETES_PROVIDER_BINARY = "pulumi-resource-kubernetes";
/** The linker variable the plugin reports as its version. */
export const KUBERNETES_PROVIDER_VERSION_VARIABLE = `${KUBERNETES_PROVIDER_MODULE}/pkg/version.Version`;

/** Kubernetes release of the API server, controller manager and scheduler. */
export const KUBERNETES_VERSION = "1.36.3";
export const KUBERNETES_MODULE = "k8s.io/kubernetes";
export const ETCD_MODULE = "go.etcd.io/etcd/server/v3";
/** k8s.io/kubernetes v1.36.3 requires this etcd itself, so one wrapper module builds both. */
export const ETCD_VERSION = "v3.6.8";
export const KWOK_MODULE = "sigs.k8s.io/kwok";
/** kwok v0.8.0 is built against k8s.io v0.36.1; the wrapper's replaces lift it to v0.36.3. */
export const KWOK_VERSION = "v0.8.0";

/** Packages of the cluster wrapper and the file each becomes (`go build -o dir/` names them). */
export const CLUSTER_PACKAGES = [
  {
    pkg: `${KUBERNETES_MODULE}/cmd/kube-apiserver`,
    built: "kube-apiserver",
    binary: "kube-apiserver",
  },
  {
    pkg: `${KUBERNETES_MODULE}/cmd/kube-controller-manager`,
    built: "kube-controller-manager",
    binary: "kube-controller-manager",
  },
  {
    pkg: `${KUBERNETES_MODULE}/cmd/kube-scheduler`,
    built: "kube-scheduler",
    binary: "kube-scheduler",
  },
  // The etcd server module root is its main package; go names the binary after "server".
  { pkg: ETCD_MODULE, built: "server", binary: "etcd" },
  { pkg: `${KWOK_MODULE}/cmd/kwok`, built: "kwok", binary: "kwok" },
] as const;

/** The kwok stages (from the kwok module) that make nodes Ready and pods Running; kwokctl's defaults. */
export const KWOK_STAGE_FILES = [
  "kustomize/stage/node/fast/node-initialize.yaml",
  "kustomize/stage/node/heartbeat/node-heartbeat.yaml",
  "kustomize/stage/pod/fast/pod-ready.yaml",
  "kustomize/stage/pod/fast/pod-complete.yaml",
  "kustomize/stage/pod/fast/pod-delete.yaml",
];
/** The kwok configuration file written next to the binaries. */
export const KWOK_STAGES_FILE = "kwok-stages.yaml";

/** Binaries (and files) of a complete cluster build. */
export const CLUSTER_FILES = [...CLUSTER_PACKAGES.map((p) => p.binary), KWOK_STAGES_FILE];

/** Reads an installed npm package's version from a parsed package-lock.json (lockfile v2/v3). */
export function packageVersionFromLock(lock: unknown, name: string): string {
  const packages = (lock as { packages?: Record<string, { version?: unknown }> } | null)?.packages;
  const version = packages?.[`node_modules/${name}`]?.version;
  if (typeof version !== "string" || !/^\d+\.\d+\.\d+$/.test(version)) {
    throw new Error(
      `package-lock.json has no plain "node_modules/${name}" version; run \`npm install\` first`,
    );
  }
  return version;
}

/** The `go` directive of a go.mod text. */
export function goDirective(goModText: string, module: string): string {
  const version = /^go\s+(\S+)\s*$/m.exec(goModText)?.[1];
  if (!version) throw new Error(`${module} go.mod has no go line`);
  return version;
}

/**
 * The k8s.io staging modules that k8s.io/kubernetes requires at v0.0.0 and replaces with a local
 * directory; a wrapper module replaces each with its published version instead.
 */
export function stagingModules(kubernetesGoMod: string): string[] {
  const localReplaces = new Set(
    [...kubernetesGoMod.matchAll(/^\s*(?:replace\s+)?(\S+)\s*=>\s*\.\/staging\/\S+\s*$/gm)].map(
      (m) => m[1],
    ),
  );
  const required = [
    ...kubernetesGoMod.matchAll(/^\s*(?:require\s+)?(k8s\.io\/\S+)\s+v0\.0\.0\s*(?:\/\/.*)?$/gm),
  ];
  return [...new Set(required.map((m) => m[1]!).filter((m) => localReplaces.has(m)))].sort();
}

/** The published version of the staging modules for a Kubernetes release (1.36.3 → v0.36.3). */
export function stagingVersion(kubernetesVersion: string): string {
  return `v0.${kubernetesVersion.split(".").slice(1).join(".")}`;
}

/** go.mod of the wrapper that builds the provider plugin. */
export function renderProviderGoMod(goVersion: string): string {
  return [
    "module local/pulumi-kubernetes-build",
    "",
    `go ${goVersion}`,
    "",
    `require ${KUBERNETES_PROVIDER_MODULE} ${KUBERNETES_PROVIDER_MODULE_VERSION}`,
    "",
  ].join("\n");
}

/** go.mod of the wrapper that builds the API server, controllers, scheduler, etcd and kwok. */
export function renderClusterGoMod(goVersion: string, staging: string[]): string {
  const published = stagingVersion(KUBERNETES_VERSION);
  return [
    "module local/kubernetes-cluster-build",
    "",
    `go ${goVersion}`,
    "",
    "require (",
    `\t${KUBERNETES_MODULE} v${KUBERNETES_VERSION}`,
    `\t${ETCD_MODULE} ${ETCD_VERSION}`,
    `\t${KWOK_MODULE} ${KWOK_VERSION}`,
    ")",
    "",
    ...staging.map((m) => `replace ${m} => ${m} ${published}`),
    "",
  ].join("\n");
}

/** A file importing the main packages, so `go mod tidy` keeps what they need. */
export function renderToolsGo(packages: readonly string[]): string {
  return [
    "//go:build tools",
    "",
    "package tools",
    "",
    "import (",
    ...packages.map((p) => `\t_ "${p}"`),
    ")",
    "",
  ].join("\n");
}

/** -ldflags of the cluster binaries: `kube-apiserver --version` prints the release. */
export function clusterLdflags(): string {
  const [major, minor] = KUBERNETES_VERSION.split(".");
  const v = "k8s.io/component-base/version";
  return `-s -w -X ${v}.gitVersion=v${KUBERNETES_VERSION} -X ${v}.gitMajor=${major} -X ${v}.gitMinor=${minor}`;
}

/** -ldflags of the provider plugin: it reports the SDK's version, so the engine sees no mismatch. */
export function providerLdflags(sdkVersion: string): string {
  return `-s -w -X ${KUBERNETES_PROVIDER_VERSION_VARIABLE}=${sdkVersion}`;
}

/** The bin directory of the provider plugin for one @pulumi/kubernetes version. */
export function kubernetesProviderBinDir(cacheRoot: string, sdkVersion: string): string {
  return path.join(cacheRoot, "kubernetes-provider", sdkVersion, "bin");
}

/** The bin directory of the cluster binaries for one Kubernetes release. */
export function kubernetesClusterBinDir(cacheRoot: string): string {
  return path.join(cacheRoot, "kubernetes-cluster", KUBERNETES_VERSION, "bin");
}

/** Identifies a provider build: another SDK version, module or flag means rebuild. */
export function providerStamp(sdkVersion: string): string {
  return buildStamp(sdkVersion, [
    KUBERNETES_PROVIDER_MODULE,
    KUBERNETES_PROVIDER_MODULE_VERSION,
    renderProviderGoMod("{{GO}}"),
    providerLdflags(sdkVersion),
  ]);
}

/** Identifies a cluster build. */
export function clusterStamp(): string {
  return buildStamp(KUBERNETES_VERSION, [
    renderClusterGoMod("{{GO}}", ["{{STAGING}}"]),
    JSON.stringify(CLUSTER_PACKAGES),
    KWOK_STAGE_FILES.join("\n"),
    clusterLdflags(),
  ]);
}
