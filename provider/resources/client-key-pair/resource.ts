import * as pulumi from "@pulumi/pulumi";
import { outputsForPreview } from "../../preview-diff";
import { withSecretConnection } from "../connection-args";
import { auditUrnOf, serializedProvider, withSecretOutputs } from "../serialized-provider";
import {
  type ClientKeyPairArgs,
  CLIENT_KEY_PAIR_SECRET_OUTPUTS,
  type CurrentKey,
  type PreviousKey,
} from "./types";

/**
 * Two client keys with an overlap window: when the period is up, a new key becomes current and the
 * old one stays valid for `overlap` (for consumers that cache it), is then deactivated, and is
 * deleted at the latest at the next rotation. Rotation is an in-place update of the pair, so the
 * engine updates dependents after the new key exists. Type token
 * `pulumi-nodejs:dynamic/sentry:ClientKeyPair`. Most programs use `RotatingClientKey` instead.
 */
export class ClientKeyPair extends pulumi.dynamic.Resource {
  /** The key in use (no secrets: see `dsnSecret`, `secretKey`). */
  declare readonly current: pulumi.Output<CurrentKey>;
  /** The key current before the last rotation, while it exists. */
  declare readonly previous: pulumi.Output<PreviousKey | undefined>;
  /** The current key's secret key; a Pulumi secret. */
  declare readonly secretKey: pulumi.Output<string>;
  /** The current key's secret DSN; a Pulumi secret. */
  declare readonly dsnSecret: pulumi.Output<string>;
  /** The previous key's secret DSN; a Pulumi secret. */
  declare readonly previousDsnSecret: pulumi.Output<string | undefined>;
  /** Keys whose removal is pending from a failed run. */
  declare readonly retiring: pulumi.Output<string[]>;
  /** When the next rotation is due (ISO 8601). */
  declare readonly nextRotationAt: pulumi.Output<string>;
  /** The schedule in words, e.g. `next at 2027-03-01T00:00:00Z (rotateEvery 30d, overlap 7d)`. */
  declare readonly rotation: pulumi.Output<string>;

  constructor(name: string, args: ClientKeyPairArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      serializedProvider("ClientKeyPair"),
      name,
      {
        ...outputsForPreview(OUTPUTS, pulumi.runtime.isDryRun(), pulumi.unknown),
        ...withSecretConnection(args),
        auditUrn: auditUrnOf("ClientKeyPair", name, opts),
      },
      withSecretOutputs(opts, CLIENT_KEY_PAIR_SECRET_OUTPUTS),
      "sentry",
      "ClientKeyPair",
    );
  }
}

// Output-only properties must be named (as undefined) for Pulumi to expose them on the resource.
const OUTPUTS = {
  current: undefined,
  previous: undefined,
  secretKey: undefined,
  dsnSecret: undefined,
  previousDsnSecret: undefined,
  retiring: undefined,
  nextRotationAt: undefined,
  rotation: undefined,
};
