import * as pulumi from "@pulumi/pulumi";
import { outputsForPreview } from "../../preview-diff";
import { withSecretConnection } from "../connection-args";
import { auditUrnOf, serializedProvider, withSecretOutputs } from "../serialized-provider";
import {
  type ClientKeyArgs,
  CLIENT_KEY_SECRET_OUTPUTS,
  type DsnVariants,
  type OnReplace,
} from "./types";

/**
 * A Sentry project client key (a DSN) that rotates itself: once `rotateEvery` has passed, the next
 * `pulumi up` creates a new key, updates everything that depends on it, then removes the old key.
 * Type token `pulumi-nodejs:dynamic/sentry:ClientKey`; resource id `org/project/keyId`.
 */
export class ClientKey extends pulumi.dynamic.Resource {
  /** Organization slug. */
  declare readonly organization: pulumi.Output<string>;
  /** Project slug. */
  declare readonly project: pulumi.Output<string>;
  /** Key name in Sentry. */
  declare readonly name: pulumi.Output<string>;
  /** The key id: its 32-hex public key. */
  declare readonly keyId: pulumi.Output<string>;
  /** The public key (same as keyId). */
  declare readonly publicKey: pulumi.Output<string>;
  /** The secret key (legacy); a Pulumi secret. */
  declare readonly secretKey: pulumi.Output<string>;
  /** The DSN SDKs are configured with. */
  declare readonly dsnPublic: pulumi.Output<string>;
  /** The DSN including the secret key (legacy server SDKs); a Pulumi secret. */
  declare readonly dsnSecret: pulumi.Output<string>;
  /** The CSP report URL. */
  declare readonly dsnCsp: pulumi.Output<string>;
  /** Every other DSN form (security, minidump, unreal, crons, cdn, otlp, ...), none secret. */
  declare readonly dsn: pulumi.Output<DsnVariants>;
  /** Numeric project id. */
  declare readonly projectId: pulumi.Output<number>;
  /** Whether the key accepts events. */
  declare readonly isActive: pulumi.Output<boolean>;
  /** When Sentry created the key (ISO 8601). */
  declare readonly createdAt: pulumi.Output<string>;
  /** When the key is due for rotation (ISO 8601); absent without `rotateEvery`. */
  declare readonly rotateAt: pulumi.Output<string | undefined>;
  /** The schedule in words, e.g. `next at 2027-03-01T00:00:00Z (rotateEvery 90d)`. */
  declare readonly rotation: pulumi.Output<string>;
  /** What happens to the old key on rotation. */
  declare readonly onReplace: pulumi.Output<OnReplace>;

  constructor(name: string, args: ClientKeyArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      serializedProvider("ClientKey"),
      name,
      {
        ...outputsForPreview(OUTPUTS, pulumi.runtime.isDryRun(), pulumi.unknown),
        ...withSecretConnection(args),
        auditUrn: auditUrnOf("ClientKey", name, opts),
      },
      withSecretOutputs(opts, CLIENT_KEY_SECRET_OUTPUTS),
      "sentry",
      "ClientKey",
    );
  }
}

// Output-only properties must be named (as undefined) for Pulumi to expose them on the resource.
const OUTPUTS = {
  keyId: undefined,
  publicKey: undefined,
  secretKey: undefined,
  dsnPublic: undefined,
  dsnSecret: undefined,
  dsnCsp: undefined,
  dsn: undefined,
  projectId: undefined,
  createdAt: undefined,
  rotateAt: undefined,
  rotation: undefined,
};
