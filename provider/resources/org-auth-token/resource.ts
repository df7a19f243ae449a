import * as pulumi from "@pulumi/pulumi";
import { outputsForPreview } from "../../preview-diff";
import { withSecretConnection } from "../connection-args";
import { auditUrnOf, serializedProvider, withSecretOutputs } from "../serialized-provider";
import { type OrgAuthTokenArgs, ORG_AUTH_TOKEN_SECRET_OUTPUTS } from "./types";

/**
 * A Sentry organization auth token (`sntrys_`, scope org:ci, as sentry-cli uses in CI) that rotates
 * itself like {@link ClientKey}. Needs a user or internal-integration token with org:write, and
 * Sentry emails the organization's owners on every creation. Type token
 * `pulumi-nodejs:dynamic/sentry:OrgAuthToken`; resource id `org/tokenId`.
 */
export class OrgAuthToken extends pulumi.dynamic.Resource {
  /** Organization slug. */
  declare readonly organization: pulumi.Output<string>;
  /** Token name in Sentry. */
  declare readonly name: pulumi.Output<string>;
  /** Token id. */
  declare readonly tokenId: pulumi.Output<string>;
  /** The token (`sntrys_...`), known only from its creation; a Pulumi secret. */
  declare readonly token: pulumi.Output<string>;
  /** The token's last characters, for recognising it in Sentry's UI. */
  declare readonly tokenLastCharacters: pulumi.Output<string>;
  /** The token's scopes (org:ci). */
  declare readonly scopes: pulumi.Output<string[]>;
  /** When Sentry created the token (ISO 8601). */
  declare readonly createdAt: pulumi.Output<string>;
  /** When the token is due for rotation (ISO 8601); absent without `rotateEvery`. */
  declare readonly rotateAt: pulumi.Output<string | undefined>;
  /** The schedule in words, e.g. `next at 2027-03-01T00:00:00Z (rotateEvery 30d)`. */
  declare readonly rotation: pulumi.Output<string>;

  constructor(name: string, args: OrgAuthTokenArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      serializedProvider("OrgAuthToken"),
      name,
      {
        ...outputsForPreview(OUTPUTS, pulumi.runtime.isDryRun(), pulumi.unknown),
        ...withSecretConnection(args),
        auditUrn: auditUrnOf("OrgAuthToken", name, opts),
      },
      withSecretOutputs(opts, ORG_AUTH_TOKEN_SECRET_OUTPUTS),
      "sentry",
      "OrgAuthToken",
    );
  }
}

// Output-only properties must be named (as undefined) for Pulumi to expose them on the resource.
const OUTPUTS = {
  tokenId: undefined,
  token: undefined,
  tokenLastCharacters: undefined,
  scopes: undefined,
  createdAt: undefined,
  rotateAt: undefined,
  rotation: undefined,
};
