import type * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { loadKubernetes } from "./peer-packages";
import { defaultMapping, sinkSource } from "./sources";
import { type KubernetesSecretSinkSettings, type RestartWorkload, type SinkValues } from "./types";
import { assertValidSink, secretValues } from "./values";

/** The pod-template annotation that rolls a workload onto a new key. */
export const KEY_ID_ANNOTATION = "sentry-rotation/key-id";

/** Arguments of a {@link KubernetesSecretSink}. */
export interface KubernetesSecretSinkArgs extends KubernetesSecretSinkSettings {
  /** The key's or token's values; pass the key's Outputs so the sink depends on the key. */
  values: SinkValues;
}

/**
 * Delivers a key or token to a Kubernetes Secret (and the public DSN to an optional ConfigMap),
 * then rolls the listed Deployments/StatefulSets by setting the pod-template annotation
 * `sentry-rotation/key-id` with server-side apply patches. The patches depend on the Secret, and
 * the provider waits for each rollout, so with the engine's create-before-delete the old key is
 * deleted only once the pods run with the new one. Pass a Kubernetes provider in `opts.provider`.
 */
export class KubernetesSecretSink extends pulumi.ComponentResource {
  /** The Secret (`k8s.core.v1.Secret`). */
  readonly secret: pulumi.CustomResource;
  /** The ConfigMap holding the public DSN (`k8s.core.v1.ConfigMap`), when requested. */
  readonly configMap?: pulumi.CustomResource;
  /** One patch per restarted workload (`DeploymentPatch` or `StatefulSetPatch`). */
  readonly restarts: pulumi.CustomResource[];

  constructor(
    name: string,
    args: KubernetesSecretSinkArgs,
    opts?: pulumi.ComponentResourceOptions,
  ) {
    super("sentry-rotation:index:KubernetesSecretSink", name, {}, opts);
    const { values, ...settings } = args;
    const where = `sink "${name}"`;
    assertValidSink({ type: "kubernetesSecret", ...settings }, where, values);
    const k8sSdk = loadKubernetes(where);
    const { namespace, labels } = settings;
    const data = settings.data ?? defaultMapping(sinkSource(values));
    this.secret = new k8sSdk.core.v1.Secret(
      name,
      {
        metadata: { name: settings.name, namespace, labels },
        type: "Opaque",
        stringData: secretValues(values, data, `${where}.data`),
      },
      { parent: this },
    );
    if (settings.configMap) {
      this.configMap = new k8sSdk.core.v1.ConfigMap(
        `${name}-public-dsn`,
        {
          metadata: { name: settings.configMap.name, namespace, labels },
          // The public DSN only: it ships in front-end bundles anyway. Never dsnSecret or a token.
          data: {
            [settings.configMap.key ?? "SENTRY_DSN"]: publicDsn(values, `${where}.configMap`),
          },
        },
        { parent: this },
      );
    }
    const dependsOn = this.configMap ? [this.secret, this.configMap] : [this.secret];
    this.restarts = (settings.restartWorkloads ?? []).map((workload) =>
      restartPatch(k8sSdk, name, workload, namespace, values.keyId, { parent: this, dependsOn }),
    );
    this.registerOutputs({});
  }
}

function publicDsn(values: SinkValues, where: string): pulumi.Input<string> {
  if (values.dsn === undefined) {
    throw new Error(
      `${where}: needs a client key's public DSN; an org auth token has none. Remove configMap.`,
    );
  }
  return values.dsn;
}

function restartPatch(
  k8sSdk: typeof k8s,
  sinkName: string,
  workload: RestartWorkload,
  defaultNamespace: string | undefined,
  keyId: pulumi.Input<string>,
  opts: pulumi.CustomResourceOptions,
): k8s.apps.v1.DeploymentPatch | k8s.apps.v1.StatefulSetPatch {
  const namespace = workload.namespace ?? defaultNamespace;
  const name = `${sinkName}-restart-${workload.kind.toLowerCase()}-${namespace ?? "default"}-${workload.name}`;
  const patch = {
    metadata: { name: workload.name, namespace },
    spec: { template: { metadata: { annotations: { [KEY_ID_ANNOTATION]: keyId } } } },
  };
  return workload.kind === "Deployment"
    ? new k8sSdk.apps.v1.DeploymentPatch(name, patch, opts)
    : new k8sSdk.apps.v1.StatefulSetPatch(name, patch, opts);
}
