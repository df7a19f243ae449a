import type * as pulumi from "@pulumi/pulumi";
import { AwsSecretsManagerSink } from "./aws-secrets-manager-sink";
import { DotenvFileSink } from "./dotenv-file-sink";
import { GithubActionsSecretSink } from "./github-actions-secret-sink";
import { KubernetesSecretSink } from "./kubernetes-secret-sink";
import { defaultName } from "./sources";
import { sinkSpecProblems } from "./spec-problems";
import { type SinkSource, type SinkSpec, type SinkValues } from "./types";
import { DYNAMIC_RESOURCES, type ResourceClasses } from "../resource-classes";
import { SsmParameterSink } from "./ssm-parameter-sink";

/** Builds the sink component a spec describes, fed with `values` (the key's Outputs). */
export function createSink(
  name: string,
  spec: SinkSpec,
  values: SinkValues,
  opts?: pulumi.ComponentResourceOptions,
  resources: ResourceClasses = DYNAMIC_RESOURCES,
): pulumi.ComponentResource {
  const { type, ...settings } = spec;
  switch (type) {
    case "awsSecretsManager":
      return new AwsSecretsManagerSink(name, { ...settings, values }, opts);
    case "ssmParameter":
      return new SsmParameterSink(
        name,
        { ...(settings as Omit<typeof spec, "type">), values },
        opts,
      );
    case "kubernetesSecret":
      return new KubernetesSecretSink(
        name,
        { ...(settings as Omit<typeof spec, "type">), values },
        opts,
      );
    case "githubActionsSecret":
      return new GithubActionsSecretSink(
        name,
        { ...(settings as Omit<typeof spec, "type">), values },
        opts,
      );
    case "dotenvFile":
      return new DotenvFileSink(
        name,
        { ...(settings as Omit<typeof spec, "type">), values },
        opts,
        resources,
      );
    default:
      throw new Error(sinkSpecProblems(spec, `sink "${name}"`).join("\n"));
  }
}

/**
 * One line naming where a sink delivers, for stack outputs, e.g. "aws-secrets-manager:prod/sentry".
 * Never a value.
 */
export function describeSink(spec: SinkSpec): string {
  return describeSinkFor(spec, undefined);
}

/** Like {@link describeSink}, with default secret names spelled out for the given source. */
export function describeSinkFor(spec: SinkSpec, source: SinkSource | undefined): string {
  switch (spec.type) {
    case "awsSecretsManager":
      return `aws-secrets-manager:${spec.name ?? spec.secretId}`;
    case "ssmParameter":
      return `ssm-parameter:${spec.name}`;
    case "kubernetesSecret":
      return `kubernetes-secret:${spec.namespace ? `${spec.namespace}/` : ""}${spec.name}`;
    case "githubActionsSecret": {
      const secretName =
        spec.secretName ?? (source ? defaultName(source) : "<SENTRY_DSN or SENTRY_AUTH_TOKEN>");
      const env = spec.environment ? `environments/${spec.environment}/` : "";
      return `github-actions-secret:${spec.repository}/${env}${secretName}`;
    }
    case "dotenvFile":
      return `dotenv-file:${spec.path}`;
    default:
      return `unknown-sink:${String((spec as { type?: unknown }).type)}`;
  }
}
