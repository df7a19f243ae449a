/**
 * The type tokens the policies match. Dynamic resources get `pulumi-nodejs:dynamic/<module>:<type>`
 * (see docs/resources.md); components and sinks register their own tokens.
 */

/** A rotating Sentry client key (one key, replaced on rotation). */
export const CLIENT_KEY = "pulumi-nodejs:dynamic/sentry:ClientKey";
/** Two client keys with an overlap window (`RotatingClientKey` with `overlap`). */
export const CLIENT_KEY_PAIR = "pulumi-nodejs:dynamic/sentry:ClientKeyPair";
/** A rotating Sentry organization auth token. */
export const ORG_AUTH_TOKEN = "pulumi-nodejs:dynamic/sentry:OrgAuthToken";
/** A project's security settings (allowed domains and source fetching). */
export const PROJECT_SECURITY = "pulumi-nodejs:dynamic/sentry:ProjectSecurity";
/** The dotenv file a `DotenvFileSink` writes. */
export const DOTENV_FILE = "pulumi-nodejs:dynamic/sentry:DotenvFile";
/** The component wrapping a ClientKey or ClientKeyPair and its sinks. */
export const ROTATING_CLIENT_KEY = "sentry-rotation:index:RotatingClientKey";
/** The component wrapping an OrgAuthToken and its sinks. */
export const ROTATING_ORG_AUTH_TOKEN = "sentry-rotation:index:RotatingOrgAuthToken";
/** The sink that writes a Kubernetes Secret (and optionally a public-DSN ConfigMap). */
export const KUBERNETES_SECRET_SINK = "sentry-rotation:index:KubernetesSecretSink";
/** Any Kubernetes ConfigMap, ours or not. */
export const CONFIG_MAP = "kubernetes:core/v1:ConfigMap";
/** A server-side apply patch of a ConfigMap's data (the Kubernetes sink writes its data so). */
export const CONFIG_MAP_PATCH = "kubernetes:core/v1:ConfigMapPatch";
/** The patches a Kubernetes sink uses to restart workloads onto a new key. */
export const WORKLOAD_RESTARTS = [
  "kubernetes:apps/v1:DeploymentPatch",
  "kubernetes:apps/v1:StatefulSetPatch",
] as const;

/** Resources that hold a rotating key or token and carry `rotateEvery`. */
export const ROTATING_KEYS = [CLIENT_KEY, CLIENT_KEY_PAIR, ORG_AUTH_TOKEN] as const;
/** Resources that carry `onReplace`. */
export const CLIENT_KEYS = [CLIENT_KEY, CLIENT_KEY_PAIR] as const;

/** "client key", "client key pair" or "org auth token", for messages. */
export function describeType(type: string): string {
  switch (type) {
    case CLIENT_KEY:
      return "client key";
    case CLIENT_KEY_PAIR:
      return "client key pair";
    case ORG_AUTH_TOKEN:
      return "org auth token";
    default:
      return type;
  }
}
