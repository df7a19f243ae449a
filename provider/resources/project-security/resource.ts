import * as pulumi from "@pulumi/pulumi";
import { auditUrnOf, serializedProvider, withSecretOutputs } from "../serialized-provider";
import {
  type CurrentSettings,
  type OnDelete,
  PROJECT_SECURITY_SECRET_OUTPUTS,
  type ProjectSecurityArgs,
} from "./types";

/**
 * A Sentry project's allowed domains and related security settings, kept as the program states
 * them: each `pulumi up` after a `refresh` puts back what someone changed in Sentry (drift), and
 * records it in the audit trail. Settings the program leaves out are read, never changed.
 * Type token `pulumi-nodejs:dynamic/sentry:ProjectSecurity`; resource id `<organization>/<project>`.
 * Deleting it keeps the settings unless `onDelete: "restore"`.
 */
export class ProjectSecurity extends pulumi.dynamic.Resource {
  /** Organization slug. */
  declare readonly organization: pulumi.Output<string>;
  /** Project slug. */
  declare readonly project: pulumi.Output<string>;
  /** Numeric project id. */
  declare readonly projectId: pulumi.Output<string>;
  /** The allowed domains as the program states them (as Sentry holds them for `get`). */
  declare readonly allowedDomains: pulumi.Output<string[]>;
  /** Every setting as Sentry held it at the last apply or refresh (the token is apart). */
  declare readonly current: pulumi.Output<CurrentSettings>;
  /** The security token Sentry holds; a Pulumi secret. */
  declare readonly currentSecurityToken: pulumi.Output<string>;
  /** What happens to the settings when the resource is deleted. */
  declare readonly onDelete: pulumi.Output<OnDelete>;

  constructor(name: string, args: ProjectSecurityArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      serializedProvider("ProjectSecurity"),
      name,
      { ...OUTPUTS, ...args, auditUrn: auditUrnOf("ProjectSecurity", name, opts) },
      withSecretOutputs(opts, PROJECT_SECURITY_SECRET_OUTPUTS),
      "sentry",
      "ProjectSecurity",
    );
  }

  /**
   * Reads a project's settings without managing them (read-only adoption): nothing is changed in
   * Sentry, now or when the resource leaves the program. `id` is `<organization>/<project>`.
   * To manage them from then on, declare a ProjectSecurity with the values it shows.
   */
  static get(
    name: string,
    id: pulumi.Input<string>,
    opts?: pulumi.CustomResourceOptions,
  ): ProjectSecurity {
    return new ProjectSecurity(name, READ_ARGS as ProjectSecurityArgs, { ...opts, id });
  }
}

// Output-only properties must be named (as undefined) for Pulumi to expose them on the resource.
/**
 * The settings a read (get) resolves from Sentry: named so the SDK makes an output for each (a
 * property the program never registers stays undefined, whatever the read returned).
 */
const READ_ARGS: Partial<ProjectSecurityArgs> = {
  organization: undefined,
  project: undefined,
  allowedDomains: undefined,
  scrapeJavaScript: undefined,
  securityToken: undefined,
  securityTokenHeader: undefined,
  verifySSL: undefined,
  scrubIPAddresses: undefined,
  onDelete: undefined,
} satisfies Record<keyof ProjectSecurityArgs, undefined>;

const OUTPUTS = {
  projectId: undefined,
  current: undefined,
  currentSecurityToken: undefined,
  previous: undefined,
};
