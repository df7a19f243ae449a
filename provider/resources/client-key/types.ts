import type * as pulumi from "@pulumi/pulumi";
import type { RotationWindow } from "../../rotation/window";
import type { Connection } from "../../settings";
import type { DsnForm, DsnVariants } from "../../sentry/dsn-forms";
import type { ConnectionArgs } from "../connection-args";

/** What happens to a client key that is replaced or destroyed. */
export type OnReplace = "delete" | "deactivate";

/** Arguments of a {@link ClientKey}. */
export interface ClientKeyArgs {
  /** Organization slug; defaults to provider config `sentry-rotation:organization`, then `SENTRY_ORG`. */
  organization?: pulumi.Input<string>;
  /** Project slug the key belongs to. */
  project: pulumi.Input<string>;
  /** Key name shown in Sentry (at most 64 characters). */
  name: pulumi.Input<string>;
  /** Rotation period such as "90d" or "P90D"; without it the key never rotates. */
  rotateEvery?: pulumi.Input<string>;
  /** Any change to a value here forces a rotation now (emergencies: a leaked DSN). */
  rotationTriggers?: pulumi.Input<Record<string, pulumi.Input<string>>>;
  /**
   * When scheduled rotations may happen: days and a start time, or a cron expression, with a
   * duration and an IANA time zone. A key due outside it waits for the next opening; a change of
   * `rotationTriggers` ignores it.
   */
  rotationWindow?: pulumi.Input<RotationWindow>;
  /** Ingest rate limit of this key: `count` events per `window` seconds. */
  rateLimit?: pulumi.Input<{ window: pulumi.Input<number>; count: pulumi.Input<number> }>;
  /** JavaScript loader SDK version: "latest" or "<major>.x"; kept as Sentry has it when omitted. */
  browserSdkVersion?: pulumi.Input<string>;
  /** JavaScript loader feature flags. */
  dynamicSdkLoaderOptions?: pulumi.Input<LoaderOptions>;
  /**
   * The DSN forms to keep in the `dsn` output, such as `["csp", "security"]`, or `["all"]`; none
   * by default (the public DSN is `dsnPublic`, the secret one `dsnSecret`, the CSP URL `dsnCsp`).
   * Each form costs state in every checkpoint of a rotation: ask only for what you use.
   */
  dsnForms?: pulumi.Input<pulumi.Input<DsnForm | "all">[]>;
  /** Whether the key accepts events (default true). */
  isActive?: pulumi.Input<boolean>;
  /** What happens to the old key on rotation or destroy: "delete" (default) or "deactivate". */
  onReplace?: pulumi.Input<OnReplace>;
  /**
   * Adopt this existing key (its 32-hex id, as in the DSN) instead of creating one; it then rotates
   * like any other. Read only when the resource is first created (dynamic resources cannot use
   * `pulumi import`).
   */
  existingKeyId?: pulumi.Input<string>;
  /**
   * The Sentry this key lives in and the token for it, instead of the stack's
   * (`sentry-rotation:url`/`authToken`/`organization`): for a stack that rotates keys in two
   * organizations or two Sentry servers. Kept encrypted in state, whatever is passed.
   */
  connection?: pulumi.Input<ConnectionArgs>;
}

/** The JavaScript loader's feature flags. */
export interface LoaderOptions {
  /** Load Session Replay. */
  hasReplay?: boolean;
  /** Load tracing. */
  hasPerformance?: boolean;
  /** Load the debug bundle. */
  hasDebug?: boolean;
  /** Load user feedback. */
  hasFeedback?: boolean;
  /** Load logs and metrics. */
  hasLogsAndMetrics?: boolean;
}

/** The checked, plain inputs the provider works with. */
export interface ClientKeyInputs {
  organization: string;
  project: string;
  name: string;
  rotateEvery?: string;
  rotationTriggers?: Record<string, string>;
  rotationWindow?: RotationWindow;
  rateLimit?: { window: number; count: number };
  browserSdkVersion?: string;
  dynamicSdkLoaderOptions?: LoaderOptions;
  dsnForms?: string[];
  isActive: boolean;
  onReplace: OnReplace;
  existingKeyId?: string;
  /** The resource's own Sentry and token, when it states one (see `resolveConnection`). */
  connection?: Connection;
  /** The resource's own URN, set by the resource class, for the audit trail. */
  auditUrn?: string;
}

/** The state of a client key: its inputs plus what Sentry made of them. */
export interface ClientKeyOutputs extends ClientKeyInputs {
  keyId: string;
  publicKey: string;
  secretKey: string;
  dsnPublic: string;
  dsnSecret: string;
  dsnCsp: string;
  /** The forms named in `dsnForms`. */
  dsn: DsnVariants;
  projectId: number;
  createdAt: string;
  rotateAt?: string;
  /** The schedule in words (`next at <when> (rotateEvery 90d)`); the preview's story hangs here. */
  rotation?: string;
  /**
   * The loader version Sentry reports, sent back on every update: Sentry resets it to the
   * project's default on an update that omits it (see `ClientKeysApi.update`).
   */
  currentBrowserSdkVersion: string;
}

export type { DsnVariants };

/** Outputs that are secret: the engine encrypts them in state. */
export const CLIENT_KEY_SECRET_OUTPUTS = ["secretKey", "dsnSecret", "connection"] as const;
