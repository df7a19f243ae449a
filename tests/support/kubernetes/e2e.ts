/**
 * Setup of the real-Kubernetes end-to-end tests: the Kubernetes provider plugin and the cluster
 * binaries (found in the engine cache or built once per machine, like the Pulumi CLI), a running
 * cluster, and what a Pulumi workspace needs to deploy to it without downloading anything.
 */
import {
  ensureKubernetesParts,
  type KubernetesParts,
} from "../../../scripts/pulumi-engine/kubernetes";
import type { WorkspaceOptions } from "../../../testkit/workspace";
import { buildLog, buildOnce } from "../build-once";
import { startKubernetesCluster, type KubernetesCluster } from "./cluster";

/**
 * A cold build of the provider plugin and the cluster binaries (both at once) takes about 18 min on
 * an idle 2-core machine and took 41 min on a busy one (docs/engine.md): allow for a slow day.
 */
export const KUBERNETES_SETUP_TIMEOUT_MS = 60 * 60_000;

/**
 * The Kubernetes parts, built if missing. Skips (fails under CI) only when they can be neither found
 * nor built, i.e. without Go.
 */
export const e2eKubernetesParts: (ctx: Mocha.Context) => Promise<KubernetesParts> = buildOnce(() =>
  ensureKubernetesParts({ log: buildLog("kubernetes") }),
);

/** Starts a cluster with the built binaries, logging its start-up like the builds. */
export function startE2eCluster(built: KubernetesParts): Promise<KubernetesCluster> {
  return startKubernetesCluster({
    binDir: built.clusterBinDir,
    nodes: 3,
    log: buildLog("kubernetes"),
  });
}

/**
 * Workspace settings for programs that use @pulumi/kubernetes: the plugin on PATH (an ambient
 * plugin: the engine takes it for any requested version), downloads off, and the test cluster as
 * the default provider's cluster.
 */
export function kubernetesWorkspace(
  built: KubernetesParts,
  cluster: KubernetesCluster,
): Pick<WorkspaceOptions, "env" | "pluginDirs"> {
  return {
    pluginDirs: [built.providerBinDir],
    env: {
      KUBECONFIG: cluster.kubeconfig,
      PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
    },
  };
}
