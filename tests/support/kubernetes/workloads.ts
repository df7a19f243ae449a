/**
 * The workloads and readings the Kubernetes e2e tests share: a team's Deployment made outside
 * Pulumi, its rollout state, Secret and ConfigMap values, and who owns which fields.
 */
import { waitFor, type KubeApi, type KubeObject } from "./kube-api";

/** The field manager of the "team" that made the Deployment outside Pulumi. */
export const TEAM_MANAGER = "team-app";

/** URL of a namespaced object (or collection, without `name`). */
export function objectPath(
  kind: "deployments" | "replicasets" | "secrets" | "configmaps" | "pods",
  namespace: string,
  name?: string,
): string {
  const group = kind === "deployments" || kind === "replicasets" ? "/apis/apps/v1" : "/api/v1";
  return `${group}/namespaces/${namespace}/${kind}${name ? `/${name}` : ""}`;
}

/**
 * Creates, as `team-app`, a Deployment whose pods read SENTRY_DSN from the Secret `secretName`,
 * and waits for its first rollout.
 */
export async function createTeamDeployment(
  api: KubeApi,
  namespace: string,
  name: string,
  secretName: string,
  replicas = 2,
): Promise<KubeObject> {
  const labels = { app: name };
  await api.create(`${objectPath("deployments", namespace)}?fieldManager=${TEAM_MANAGER}`, {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name, namespace, labels },
    spec: {
      replicas,
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: {
          containers: [
            {
              name: "app",
              image: "registry.example.com/team/app:1.0.0",
              env: [
                {
                  name: "SENTRY_DSN",
                  valueFrom: { secretKeyRef: { name: secretName, key: "SENTRY_DSN" } },
                },
              ],
            },
          ],
        },
      },
    },
  });
  return waitForRollout(api, namespace, name);
}

/** Waits until the Deployment's current pod template runs on all replicas, all available. */
export function waitForRollout(api: KubeApi, namespace: string, name: string): Promise<KubeObject> {
  return waitFor(
    `the rollout of deployment ${namespace}/${name}`,
    async () => {
      const deployment = await api.get(objectPath("deployments", namespace, name));
      return deployment && rolloutComplete(deployment) ? deployment : undefined;
    },
    { timeoutMs: 60_000 },
  );
}

/** True when the Deployment's status shows its current template on every replica, all available. */
export function rolloutComplete(deployment: KubeObject): boolean {
  const replicas = Number((deployment.spec as { replicas?: number }).replicas ?? 1);
  const status = (deployment.status ?? {}) as Record<string, number | undefined>;
  return (
    (status.observedGeneration ?? 0) >= (deployment.metadata.generation ?? 0) &&
    status.updatedReplicas === replicas &&
    status.replicas === replicas &&
    status.availableReplicas === replicas
  );
}

/** The pod-template annotations of a Deployment (or ReplicaSet). */
export function templateAnnotations(workload: KubeObject): Record<string, string> {
  const template = (workload.spec as { template?: { metadata?: { annotations?: unknown } } })
    .template;
  return (template?.metadata?.annotations ?? {}) as Record<string, string>;
}

/** A decoded Secret data value. */
export function secretValue(secret: KubeObject | undefined, key: string): string | undefined {
  const encoded = secret?.data?.[key];
  return encoded === undefined ? undefined : Buffer.from(encoded, "base64").toString("utf8");
}

/** Field managers of an object, by name. */
export function managers(object: KubeObject): string[] {
  return (object.metadata.managedFields ?? []).map((f) => f.manager);
}

/** The pod-template annotation keys a manager owns, from its managedFields entry. */
export function ownedTemplateAnnotations(object: KubeObject, manager: string): string[] {
  const owned: string[] = [];
  for (const entry of object.metadata.managedFields ?? []) {
    if (entry.manager !== manager) continue;
    const fields = entry.fieldsV1 as Record<string, Record<string, Record<string, unknown>>>;
    const annotations =
      (fields?.["f:spec"]?.["f:template"] as Record<string, Record<string, object>> | undefined)?.[
        "f:metadata"
      ]?.["f:annotations"] ?? {};
    owned.push(...Object.keys(annotations).map((k) => k.replace(/^f:/, "")));
  }
  return owned;
}
