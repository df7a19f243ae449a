import type * as pulumi from "@pulumi/pulumi";
import type { RotationWindow } from "../../rotation/window";
import type { Connection } from "../../settings";
import type { ConnectionArgs } from "../connection-args";

/** Arguments of an {@link OrgAuthToken}. */
export interface OrgAuthTokenArgs {
  /** Organization slug; defaults to provider config `sentry-rotation:organization`, then `SENTRY_ORG`. */
  organization?: pulumi.Input<string>;
  /** Token name shown in Sentry (at most 255 characters). */
  name: pulumi.Input<string>;
  /** Rotation period such as "30d" or "P30D"; without it the token never rotates. */
  rotateEvery?: pulumi.Input<string>;
  /** Any change to a value here forces a rotation now (emergencies: a leaked token). */
  rotationTriggers?: pulumi.Input<Record<string, pulumi.Input<string>>>;
  /**
   * When scheduled rotations may happen (see `ClientKeyArgs.rotationWindow`); a change of
   * `rotationTriggers` ignores it.
   */
  rotationWindow?: pulumi.Input<RotationWindow>;
  /** The Sentry this token is made in and the API token for it, instead of the stack's. */
  connection?: pulumi.Input<ConnectionArgs>;
}

/** The checked, plain inputs the provider works with. */
export interface OrgAuthTokenInputs {
  organization: string;
  name: string;
  rotateEvery?: string;
  rotationTriggers?: Record<string, string>;
  rotationWindow?: RotationWindow;
  /** The resource's own Sentry and token, when it states one (see `resolveConnection`). */
  connection?: Connection;
  /** The resource's own URN, set by the resource class, for the audit trail. */
  auditUrn?: string;
}

/** What tells apart a token made by a create Sentry never confirmed: the tokens there before it. */
export interface UnconfirmedTokenCreate {
  /** Ids of the organization's tokens before the create; a token of the same name not here is its. */
  tokensBefore: string[];
}

/** The state of an org auth token: its inputs plus what Sentry made of them. */
export interface OrgAuthTokenOutputs extends OrgAuthTokenInputs {
  tokenId: string;
  /** The token itself: Sentry shows it once, at creation. */
  token: string;
  tokenLastCharacters: string;
  scopes: string[];
  createdAt: string;
  rotateAt?: string;
  /** The schedule in words (`next at <when> (rotateEvery 30d)`); the preview's story hangs here. */
  rotation?: string;
  /**
   * Set (with no token) when Sentry never confirmed the create: the next `up` revokes any token
   * that create made before making a new one.
   */
  unconfirmedCreate?: UnconfirmedTokenCreate;
}

/** Outputs that are secret: the engine encrypts them in state. */
export const ORG_AUTH_TOKEN_SECRET_OUTPUTS = ["token", "connection"] as const;
