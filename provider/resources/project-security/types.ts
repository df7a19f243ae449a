import type * as pulumi from "@pulumi/pulumi";

/**
 * What happens to the project's settings when the resource is deleted (removed from the program,
 * or the stack destroyed): "keep" leaves them as they are in Sentry (the default: removing the
 * resource never opens a project to every origin); "restore" puts back, for each setting the
 * resource manages, the value the project had before the resource first changed it.
 */
export type OnDelete = "keep" | "restore";

/** Arguments of a {@link ProjectSecurity}. A setting left out is read, never changed. */
export interface ProjectSecurityArgs {
  /** Organization slug; defaults to provider config `sentry-rotation:organization`, then `SENTRY_ORG`. */
  organization?: pulumi.Input<string>;
  /** Project slug. */
  project: pulumi.Input<string>;
  /**
   * Origins allowed to send events from a browser (Sentry's "Allowed Domains"): "*" for any,
   * "https://app.example.com", "*.example.com" (the domain and its subdomains), "example.com" (any
   * scheme and port). Relay refuses events whose Origin (else Referer) matches none with a 403;
   * requests without either header (servers, mobile apps) are never refused.
   */
  allowedDomains: pulumi.Input<pulumi.Input<string>[]>;
  /** Let Sentry fetch JavaScript sources and source maps from the allowed domains. */
  scrapeJavaScript?: pulumi.Input<boolean>;
  /** The token Sentry sends (in `securityTokenHeader`) when it fetches sources; stored as a secret. */
  securityToken?: pulumi.Input<string>;
  /** The header for `securityToken` (Sentry's default is `X-Sentry-Token`). */
  securityTokenHeader?: pulumi.Input<string>;
  /** Verify TLS certificates when fetching sources. */
  verifySSL?: pulumi.Input<boolean>;
  /** Never store the IP addresses of events. */
  scrubIPAddresses?: pulumi.Input<boolean>;
  /** On delete: "keep" (default) or "restore" (see {@link OnDelete}). */
  onDelete?: pulumi.Input<OnDelete>;
}

/** The settings a ProjectSecurity may state; an absent one is not managed. */
export interface ManagedSettings {
  allowedDomains: string[];
  scrapeJavaScript?: boolean;
  securityToken?: string;
  securityTokenHeader?: string;
  verifySSL?: boolean;
  scrubIPAddresses?: boolean;
}

/** The checked, plain inputs. */
export interface ProjectSecurityInputs extends ManagedSettings {
  organization: string;
  project: string;
  onDelete: OnDelete;
  /** The resource's own URN, set by the resource class, for the audit trail. */
  auditUrn?: string;
}

/** Every setting as Sentry holds it, but the token (which is `currentSecurityToken`). */
export interface CurrentSettings {
  allowedDomains: string[];
  scrapeJavaScript: boolean;
  securityTokenHeader: string | null;
  verifySSL: boolean;
  scrubIPAddresses: boolean;
}

/** What the project held before this resource first changed it, token included (a secret). */
export interface PreviousSettings extends CurrentSettings {
  securityToken: string;
}

/** The state: the stated inputs, and what Sentry held at the last create, update or refresh. */
export interface ProjectSecurityOutputs extends ProjectSecurityInputs {
  /** Numeric project id. */
  projectId: string;
  /** Sentry's settings, read back after every change and refresh: what the diff compares. */
  current: CurrentSettings;
  /** Sentry's security token (a secret). */
  currentSecurityToken: string;
  /** The settings before the resource changed them: what `onDelete: "restore"` puts back. */
  previous: PreviousSettings;
}

/** Outputs that are secret: the engine encrypts them in state. */
export const PROJECT_SECURITY_SECRET_OUTPUTS = [
  "securityToken",
  "currentSecurityToken",
  "previous",
] as const;
