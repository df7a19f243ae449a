import * as pulumi from "@pulumi/pulumi";
import { awsRegionArg, loadAws } from "./peer-packages";
import { sinkSource } from "./sources";
import {
  type AwsSecretsManagerSinkSettings,
  SINK_FIELDS,
  type SinkField,
  type SinkSource,
  type SinkValues,
} from "./types";
import { assertValidSink, secretValue } from "./values";

/** Arguments of an {@link AwsSecretsManagerSink}. */
export interface AwsSecretsManagerSinkArgs extends AwsSecretsManagerSinkSettings {
  /** The key's or token's values; pass the key's Outputs so the sink depends on the key. */
  values: SinkValues;
}

/**
 * Delivers a key or token to AWS Secrets Manager: each rotation puts a new secret version holding
 * JSON (`{"dsn":...,"publicKey":...,"keyId":...,"rotatedAt":...}`, or `token` for tokens), which
 * becomes AWSCURRENT; AWS moves AWSPREVIOUS to the version it replaces, so consumers can fall back
 * to the previous key while the rollout runs. The secret is created (`name`) or an existing one
 * is used (`secretId`).
 */
export class AwsSecretsManagerSink extends pulumi.ComponentResource {
  /** ARN of the secret. */
  readonly secretArn: pulumi.Output<string>;
  /** Version id of the version holding the current key (AWSCURRENT). */
  readonly versionId: pulumi.Output<string>;
  /** The secret (`aws.secretsmanager.Secret`), when the sink created it. */
  readonly secret?: pulumi.CustomResource;
  /** The secret version holding the current key (`aws.secretsmanager.SecretVersion`). */
  readonly version: pulumi.CustomResource;

  constructor(
    name: string,
    args: AwsSecretsManagerSinkArgs,
    opts?: pulumi.ComponentResourceOptions,
  ) {
    super("sentry-rotation:index:AwsSecretsManagerSink", name, {}, opts);
    const { values, ...settings } = args;
    const where = `sink "${name}"`;
    assertValidSink({ type: "awsSecretsManager", ...settings }, where, values);
    const aws = loadAws(where);
    const region = awsRegionArg(settings.region, where);
    let secret: InstanceType<typeof aws.secretsmanager.Secret> | undefined;
    if (settings.name !== undefined) {
      secret = new aws.secretsmanager.Secret(
        name,
        {
          name: settings.name,
          description: settings.description,
          kmsKeyId: settings.kmsKeyId,
          tags: settings.tags,
          recoveryWindowInDays: settings.recoveryWindowInDays,
          ...region,
        },
        { parent: this },
      );
    }
    const fields = settings.fields ?? defaultJsonFields(sinkSource(values));
    this.secret = secret;
    const version = new aws.secretsmanager.SecretVersion(
      name,
      {
        secretId: secret ? secret.arn : (settings.secretId as string),
        secretString: secretJson(values, fields, `${where}.fields`),
        ...region,
      },
      {
        parent: this,
        // A new secretString forces a new version; PutSecretValue makes it AWSCURRENT and AWS moves
        // AWSPREVIOUS to the former current version. The provider's Delete of the replaced version
        // strips every label its STATE lists except AWSCURRENT: harmless while that state still says
        // AWSCURRENT, but after a refresh of a pending-delete version it would strip AWSPREVIOUS.
        // Retaining replaced versions leaves the labels to AWS alone (it deprecates old versions
        // itself), so AWSCURRENT = new JSON and AWSPREVIOUS = previous JSON after every rotation.
        retainOnDelete: true,
        // The new version exists before the old one leaves state (the engine's default, stated).
        deleteBeforeReplace: false,
      },
    );
    this.version = version;
    this.secretArn = version.arn;
    this.versionId = version.versionId;
    this.registerOutputs({ secretArn: this.secretArn, versionId: this.versionId });
  }
}

/** The JSON fields of a version by default. */
export function defaultJsonFields(source: SinkSource): SinkField[] {
  return source === "orgAuthToken"
    ? ["token", "keyId", "rotatedAt"]
    : ["dsn", "publicKey", "keyId", "rotatedAt"];
}

/** The version's JSON, fields in a fixed order so an unchanged key never makes a new version. */
function secretJson(values: SinkValues, fields: SinkField[], where: string): pulumi.Output<string> {
  const ordered = SINK_FIELDS.filter((f) => fields.includes(f));
  const parts = ordered.map((field) => secretValue(values, field, where));
  return pulumi.secret(
    pulumi
      .all(parts)
      .apply((resolved) =>
        JSON.stringify(Object.fromEntries(ordered.map((field, i) => [field, resolved[i]]))),
      ),
  );
}
