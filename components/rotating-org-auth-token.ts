import * as pulumi from "@pulumi/pulumi";
import { withSecretConnection } from "../provider/resources/connection-args";
import { type OrgAuthToken } from "../provider/resources/org-auth-token/resource";
import { type OrgAuthTokenArgs } from "../provider/resources/org-auth-token/types";
import { type SinkReceipt } from "../provider/resources/sink-receipt/resource";
import { deliverToSinks } from "./deliver";
import { DYNAMIC_RESOURCES, type ResourceClasses } from "./resource-classes";
import { type SinkSpec } from "./sinks";

/** Arguments of a {@link RotatingOrgAuthToken}. */
export interface RotatingOrgAuthTokenArgs extends OrgAuthTokenArgs {
  /** Where the token is delivered (a GitHub Actions secret for sentry-cli, typically). */
  sinks?: SinkSpec[];
}

/**
 * A Sentry organization auth token that rotates on schedule and delivers itself to its sinks. The
 * new token is created and delivered before the old one is revoked. No overlap: the old token
 * stops working once its replacement is in every sink.
 */
export class RotatingOrgAuthToken extends pulumi.ComponentResource {
  /** The token's id. */
  readonly tokenId: pulumi.Output<string>;
  /** The token (`sntrys_...`); a Pulumi secret. */
  readonly token: pulumi.Output<string>;
  /** Its last characters, as Sentry's UI shows them. */
  readonly tokenLastCharacters: pulumi.Output<string>;
  /** When Sentry created it. */
  readonly createdAt: pulumi.Output<string>;
  /** When the next rotation is due. */
  readonly nextRotationAt: pulumi.Output<string | undefined>;
  /** The sink components, in the order given. */
  readonly sinks: pulumi.ComponentResource[];
  /** One receipt per sink: records `sink-updated` once that sink holds the current token. */
  readonly receipts: SinkReceipt[];
  /** The underlying resource. */
  readonly resource: OrgAuthToken;

  constructor(
    name: string,
    args: RotatingOrgAuthTokenArgs,
    opts?: pulumi.ComponentResourceOptions,
    resources: ResourceClasses = DYNAMIC_RESOURCES,
  ) {
    // The engine records a component's args: its connection goes there as a secret too.
    super("sentry-rotation:index:RotatingOrgAuthToken", name, withSecretConnection(args), opts);
    const { sinks = [], ...tokenArgs } = args;
    this.resource = resources.orgAuthToken(name, tokenArgs, { parent: this });
    this.tokenId = this.resource.tokenId;
    this.token = this.resource.token;
    this.tokenLastCharacters = this.resource.tokenLastCharacters;
    this.createdAt = this.resource.createdAt;
    this.nextRotationAt = this.resource.rotateAt;
    const values = { keyId: this.tokenId, rotatedAt: this.createdAt, token: this.token };
    ({ sinks: this.sinks, receipts: this.receipts } = deliverToSinks(
      name,
      this,
      sinks,
      values,
      "orgAuthToken",
      {
        keyType: "org-auth-token",
        organization: tokenArgs.organization,
        keyId: this.tokenId,
        tokenLastCharacters: this.tokenLastCharacters,
        auditUrn: this.resource.urn,
      },
      resources,
    ));
    this.registerOutputs({
      tokenId: this.tokenId,
      token: this.token,
      tokenLastCharacters: this.tokenLastCharacters,
      nextRotationAt: this.nextRotationAt,
    });
  }
}
