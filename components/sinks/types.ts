import type * as pulumi from "@pulumi/pulumi";

/** The values a rotating key or token hands to its sinks. */
export interface SinkValues {
  /** Client key id or org auth token id. */
  keyId: pulumi.Input<string>;
  /** createdAt of the current key (ISO 8601). */
  rotatedAt: pulumi.Input<string>;
  /** Public DSN (client keys). */
  dsn?: pulumi.Input<string>;
  /** Secret DSN (client keys), a Pulumi secret. */
  dsnSecret?: pulumi.Input<string>;
  /** Public key (client keys). */
  publicKey?: pulumi.Input<string>;
  /** The org auth token (tokens), a Pulumi secret. */
  token?: pulumi.Input<string>;
}

/** A value a sink can deliver: one of the {@link SinkValues}. */
export type SinkField = "dsn" | "dsnSecret" | "publicKey" | "keyId" | "rotatedAt" | "token";

/** Every {@link SinkField}, in the order JSON payloads list them. */
export const SINK_FIELDS: readonly SinkField[] = [
  "dsn",
  "dsnSecret",
  "publicKey",
  "keyId",
  "rotatedAt",
  "token",
];

/** What the sink receives: a client key (DSNs) or an org auth token. */
export type SinkSource = "clientKey" | "orgAuthToken";

/** A map of tag or label names to values. */
export type StringMap = Record<string, string>;

/** Settings of an {@link AwsSecretsManagerSink}. Exactly one of `name` and `secretId`. */
export interface AwsSecretsManagerSinkSettings {
  /** Name of a secret the sink creates, e.g. "prod/sentry". */
  name?: string;
  /** Name or ARN of an existing secret to put the versions in (the sink does not create it). */
  secretId?: string;
  /** Description of the created secret. */
  description?: string;
  /** KMS key (id, ARN or alias) encrypting the created secret; AWS's default key otherwise. */
  kmsKeyId?: pulumi.Input<string>;
  /** Tags of the created secret. */
  tags?: StringMap;
  /** Days AWS keeps the created secret after `pulumi destroy` (0, or 7 to 30; AWS default 30). */
  recoveryWindowInDays?: number;
  /** AWS region of the secret; the provider's region otherwise. */
  region?: string;
  /** JSON fields of each version; default dsn, publicKey, keyId, rotatedAt (keys) or token, keyId, rotatedAt (tokens). */
  fields?: SinkField[];
}

/** Settings of an {@link SsmParameterSink}. */
export interface SsmParameterSinkSettings {
  /** Parameter name, e.g. "/prod/sentry/dsn" (a name with "/" starts with "/"). */
  name: string;
  /** What the parameter holds; default "dsn" (keys) or "token" (tokens). */
  value?: SinkField;
  /** KMS key (id, ARN or alias) encrypting the SecureString; the account's aws/ssm key otherwise. */
  kmsKeyId?: pulumi.Input<string>;
  /** Description of the parameter. */
  description?: string;
  /** Tags of the parameter. */
  tags?: StringMap;
  /** AWS region of the parameter; the provider's region otherwise. */
  region?: string;
}

/** A Deployment or StatefulSet whose pods restart when the key changes. */
export interface RestartWorkload {
  /** Kind of workload. */
  kind: "Deployment" | "StatefulSet";
  /** Name of the workload. */
  name: string;
  /** Namespace of the workload; the Secret's namespace otherwise. */
  namespace?: string;
}

/** A ConfigMap holding the public DSN (front ends read it; never a secret). */
export interface PublicDsnConfigMap {
  /** ConfigMap name. */
  name: string;
  /** Data key of the public DSN; default "SENTRY_DSN". */
  key?: string;
}

/** Settings of a {@link KubernetesSecretSink}. */
export interface KubernetesSecretSinkSettings {
  /** Secret name. */
  name: string;
  /** Namespace of the Secret (and ConfigMap); the provider's namespace otherwise. */
  namespace?: string;
  /** Secret data key to value; default { SENTRY_DSN: "dsn" } (keys) or { SENTRY_AUTH_TOKEN: "token" } (tokens). */
  data?: Record<string, SinkField>;
  /** Also write the public DSN to this ConfigMap (client keys only). */
  configMap?: PublicDsnConfigMap;
  /** Workloads rolled (pod-template annotation `sentry-rotation/key-id`) after the Secret changes. */
  restartWorkloads?: RestartWorkload[];
  /** Labels of the Secret and ConfigMap. */
  labels?: StringMap;
}

/** Settings of a {@link GithubActionsSecretSink}. */
export interface GithubActionsSecretSinkSettings {
  /** Repository name, without the owner (set the owner with `pulumi config set github:owner <org>`). */
  repository: string;
  /** Secret name; default SENTRY_DSN (keys) or SENTRY_AUTH_TOKEN (tokens). */
  secretName?: string;
  /** Deployment environment: makes it an environment secret instead of a repository secret. */
  environment?: string;
  /** What the secret holds; default "dsn" (keys) or "token" (tokens). */
  value?: SinkField;
}

/** Settings of a {@link DotenvFileSink}. */
export interface DotenvFileSinkSettings {
  /** The .env file: absolute, or relative to the program's working directory. */
  path: string;
  /** Variable name to value; default { SENTRY_DSN: "dsn" } (keys) or { SENTRY_AUTH_TOKEN: "token" } (tokens). */
  variables?: Record<string, SinkField>;
}

/** An AWS Secrets Manager sink as plain data. */
export interface AwsSecretsManagerSinkSpec extends AwsSecretsManagerSinkSettings {
  /** Sink type. */
  type: "awsSecretsManager";
  /** KMS key id, ARN or alias. */
  kmsKeyId?: string;
}

/** An SSM parameter sink as plain data. */
export interface SsmParameterSinkSpec extends SsmParameterSinkSettings {
  /** Sink type. */
  type: "ssmParameter";
  /** KMS key id, ARN or alias. */
  kmsKeyId?: string;
}

/** A Kubernetes Secret sink as plain data. */
export interface KubernetesSecretSinkSpec extends KubernetesSecretSinkSettings {
  /** Sink type. */
  type: "kubernetesSecret";
}

/** A GitHub Actions secret sink as plain data. */
export interface GithubActionsSecretSinkSpec extends GithubActionsSecretSinkSettings {
  /** Sink type. */
  type: "githubActionsSecret";
}

/** A dotenv file sink as plain data. */
export interface DotenvFileSinkSpec extends DotenvFileSinkSettings {
  /** Sink type. */
  type: "dotenvFile";
}

/** A sink as plain data: what the rotating components' `sinks` arg and the stack config hold. */
export type SinkSpec =
  | AwsSecretsManagerSinkSpec
  | SsmParameterSinkSpec
  | KubernetesSecretSinkSpec
  | GithubActionsSecretSinkSpec
  | DotenvFileSinkSpec;

/** A sink type name, the `type` of a {@link SinkSpec}. */
export type SinkType = SinkSpec["type"];

/** Every sink type. */
export const SINK_TYPES: readonly SinkType[] = [
  "awsSecretsManager",
  "ssmParameter",
  "kubernetesSecret",
  "githubActionsSecret",
  "dotenvFile",
];
