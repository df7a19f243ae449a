/** Sinks: components that deliver a rotated Sentry key or token to its consumers. */
export { AwsSecretsManagerSink, defaultJsonFields } from "./aws-secrets-manager-sink";
export type { AwsSecretsManagerSinkArgs } from "./aws-secrets-manager-sink";
export { createSink, describeSink, describeSinkFor } from "./create-sink";
export { DotenvFileSink } from "./dotenv-file-sink";
export type { DotenvFileSinkArgs } from "./dotenv-file-sink";
export { GithubActionsSecretSink } from "./github-actions-secret-sink";
export type { GithubActionsSecretSinkArgs } from "./github-actions-secret-sink";
export { KubernetesSecretSink } from "./kubernetes-secret-sink";
export { KEY_ID_ANNOTATION_PREFIX, restartAnnotationKey } from "./restart-annotation";
export type { KubernetesSecretSinkArgs } from "./kubernetes-secret-sink";
export { defaultField, defaultMapping, defaultName, sinkSource } from "./sources";
export { sinkSpecProblems } from "./spec-problems";
export { SsmParameterSink } from "./ssm-parameter-sink";
export type { SsmParameterSinkArgs } from "./ssm-parameter-sink";
export { SINK_FIELDS, SINK_TYPES } from "./types";
export type {
  AwsSecretsManagerSinkSettings,
  AwsSecretsManagerSinkSpec,
  DotenvFileSinkSettings,
  DotenvFileSinkSpec,
  GithubActionsSecretSinkSettings,
  GithubActionsSecretSinkSpec,
  KubernetesSecretSinkSettings,
  KubernetesSecretSinkSpec,
  PublicDsnConfigMap,
  RestartWorkload,
  SinkField,
  SinkSource,
  SinkSpec,
  SinkType,
  SinkValues,
  SsmParameterSinkSettings,
  SsmParameterSinkSpec,
  StringMap,
} from "./types";
