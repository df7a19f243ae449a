import * as pulumi from "@pulumi/pulumi";

/** A resource's or component's own connection, as a program passes it. */
export interface ConnectionArgs {
  /** The Sentry base URL, e.g. `https://sentry.io` or a self-hosted Sentry's. */
  url: pulumi.Input<string>;
  /** The organization slug its keys default to (a resource's `organization` wins). */
  organization?: pulumi.Input<string>;
  /** The API token for this Sentry (`config.requireSecret(...)`); stored encrypted in any case. */
  authToken: pulumi.Input<string>;
}

/**
 * The args with their `connection`, if any, made a Pulumi secret: the engine then keeps it
 * encrypted in state as an input and (by name) as an output, even when the program passed the
 * token as a plain string.
 */
export function withSecretConnection<Args extends { connection?: pulumi.Input<ConnectionArgs> }>(
  args: Args,
): Args {
  return args.connection === undefined
    ? args
    : { ...args, connection: pulumi.secret(args.connection) };
}
