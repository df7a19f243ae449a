import * as pulumi from "@pulumi/pulumi";
import { awsRegionArg, loadAws } from "./peer-packages";
import { defaultField, sinkSource } from "./sources";
import { type SinkValues, type SsmParameterSinkSettings } from "./types";
import { assertValidSink, secretValue } from "./values";

/** Arguments of an {@link SsmParameterSink}. */
export interface SsmParameterSinkArgs extends SsmParameterSinkSettings {
  /** The key's or token's values; pass the key's Outputs so the sink depends on the key. */
  values: SinkValues;
}

/**
 * Delivers a key's DSN (or a token) to an SSM SecureString parameter, updated in place on each
 * rotation (`overwrite`, so an existing parameter of that name is taken over on create).
 */
export class SsmParameterSink extends pulumi.ComponentResource {
  /** ARN of the parameter. */
  readonly parameterArn: pulumi.Output<string>;
  /** Name of the parameter. */
  readonly parameterName: pulumi.Output<string>;
  /** The parameter (`aws.ssm.Parameter`). */
  readonly parameter: pulumi.CustomResource;

  constructor(name: string, args: SsmParameterSinkArgs, opts?: pulumi.ComponentResourceOptions) {
    super("sentry-rotation:index:SsmParameterSink", name, {}, opts);
    const { values, ...settings } = args;
    const where = `sink "${name}"`;
    assertValidSink({ type: "ssmParameter", ...settings }, where, values);
    const aws = loadAws(where);
    const field = settings.value ?? defaultField(sinkSource(values));
    const parameter = new aws.ssm.Parameter(
      name,
      {
        name: settings.name,
        type: aws.ssm.ParameterType.SecureString,
        value: secretValue(values, field, `${where}.value`),
        keyId: settings.kmsKeyId,
        overwrite: true,
        description: settings.description,
        tags: settings.tags,
        ...awsRegionArg(settings.region, where),
      },
      { parent: this },
    );
    this.parameter = parameter;
    this.parameterArn = parameter.arn;
    this.parameterName = parameter.name;
    this.registerOutputs({ parameterArn: this.parameterArn, parameterName: this.parameterName });
  }
}
