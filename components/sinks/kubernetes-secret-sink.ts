import type * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { loadKubernetes } from "./peer-packages";
import { restartAnnotationKey } from "./restart-annotation";
import { defaultMapping, sinkSource } from "./sources";
import { type KubernetesSecretSinkSettings, type RestartWorkload, type SinkValues } from "./types";
import { assertValidSink, secretValues } from "./values";

/** Arguments of a {@link KubernetesSecretSink}. */
export interface KubernetesSecretSinkArgs extends KubernetesSecretSinkSettings {
  /** The key's or token's values; pass the key's Outputs so the sink depends on the key. */
  values: SinkValues;
}

/**
 * Delivers a key or token to a Kubernetes Secret (and the public DSN to an optional ConfigMap),
 * then rolls the listed Deployments/StatefulSets by setting a pod-template annotation of this sink
 * (`sentry-rotation/key-id.<sink name>`, see {@link restartAnnotationKey}) with server-side apply
 * patches. The patches depend on the new values, and the provider waits for each rollout, so with
 * the engine's create-before-delete the old key is deleted only once the pods run with the new one.
 *
 * The Secret and ConfigMap are each a resource that owns the object (made once, deleted on
 * destroy) plus a patch that owns its data. A rotation updates the patch in place, so the object
 * never disappears: a Secret or ConfigMap resource whose data changes is otherwise replaced,
 * deleted and then created under the same name, unless the provider has `enableSecretMutable` /
 * `enableConfigMapMutable`. Needs server-side apply (the provider's default). Pass a Kubernetes
 * provider in `opts.provider`.
 */
export class KubernetesSecretSink extends pulumi.ComponentResource {
  /** The Secret object (`k8s.core.v1.Secret`: name, namespace, labels, type); data in {@link secretData}. */
  readonly secret: pulumi.CustomResource;
  /** The Secret's data (`k8s.core.v1.SecretPatch`), updated in place on each rotation. */
  readonly secretData: pulumi.CustomResource;
  /** The ConfigMap of the public DSN (`k8s.core.v1.ConfigMap`), when requested; data in {@link configMapData}. */
  readonly configMap?: pulumi.CustomResource;
  /** The ConfigMap's data (`k8s.core.v1.ConfigMapPatch`), updated in place on each rotation. */
  readonly configMapData?: pulumi.CustomResource;
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
    const mapping = settings.data ?? defaultMapping(sinkSource(values));
    const metadata = { name: settings.name, namespace };
    this.secret = new k8sSdk.core.v1.Secret(
      name,
      { metadata: { ...metadata, labels }, type: "Opaque" },
      { parent: this },
    );
    this.secretData = new k8sSdk.core.v1.SecretPatch(
      `${name}-data`,
      // `data`, not `stringData`: server-side apply tracks who owns each data key only there.
      { metadata, data: base64Values(secretValues(values, mapping, `${where}.data`)) },
      { parent: this, dependsOn: [this.secret] },
    );
    if (settings.configMap) {
      const configMapMetadata = { name: settings.configMap.name, namespace };
      this.configMap = new k8sSdk.core.v1.ConfigMap(
        `${name}-public-dsn`,
        { metadata: { ...configMapMetadata, labels } },
        { parent: this },
      );
      this.configMapData = new k8sSdk.core.v1.ConfigMapPatch(
        `${name}-public-dsn-data`,
        {
          metadata: configMapMetadata,
          // The public DSN only: it ships in front-end bundles anyway. Never dsnSecret or a token.
          data: {
            [settings.configMap.key ?? "SENTRY_DSN"]: publicDsn(values, `${where}.configMap`),
          },
        },
        { parent: this, dependsOn: [this.configMap] },
      );
    }
    const dependsOn = this.configMapData
      ? [this.secretData, this.configMapData]
      : [this.secretData];
    const annotation = restartAnnotationKey(name);
    this.restarts = (settings.restartWorkloads ?? []).map((workload) =>
      restartPatch(
        k8sSdk,
        name,
        workload,
        namespace,
        { [annotation]: values.keyId },
        { parent: this, dependsOn },
      ),
    );
    this.registerOutputs({});
  }
}

/** Base64 of each value (Secret `data`), still secret. */
function base64Values(
  values: Record<string, pulumi.Output<string>>,
): Record<string, pulumi.Output<string>> {
  return Object.fromEntries(
    Object.entries(values).map(([key, value]) => [
      key,
      // A value can be missing under Pulumi mocks (unit tests of a user's program): pass it on.
      value.apply((v) => (v === undefined ? v : Buffer.from(v, "utf8").toString("base64"))),
    ]),
  );
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
  annotations: Record<string, pulumi.Input<string>>,
  opts: pulumi.CustomResourceOptions,
): k8s.apps.v1.DeploymentPatch | k8s.apps.v1.StatefulSetPatch {
  const namespace = workload.namespace ?? defaultNamespace;
  const name = `${sinkName}-restart-${workload.kind.toLowerCase()}-${namespace ?? "default"}-${workload.name}`;
  const patch = {
    metadata: { name: workload.name, namespace },
    spec: { template: { metadata: { annotations } } },
  };
  return workload.kind === "Deployment"
    ? new k8sSdk.apps.v1.DeploymentPatch(name, patch, opts)
    : new k8sSdk.apps.v1.StatefulSetPatch(name, patch, opts);
}
