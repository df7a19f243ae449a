/** Builds the rotating components from the parsed stack config; returns the stack outputs. */
import * as pulumi from "@pulumi/pulumi";
import { RotatingClientKey } from "../components/rotating-client-key";
import { RotatingOrgAuthToken } from "../components/rotating-org-auth-token";
import { describeSink, type SinkSpec } from "../components/sinks";
import { type StackConfig, type StackConnection } from "./config";

/** What the stack exports for each key or token: nothing secret. */
export interface RotationSummary {
  keyId: pulumi.Output<string>;
  nextRotationAt: pulumi.Output<string | undefined>;
  sinks: string[];
}

/** Creates one component per entry and summarises them for the stack outputs. */
export function buildStack(config: StackConfig): {
  keys: Record<string, RotationSummary>;
  tokens: Record<string, RotationSummary>;
} {
  const keys = Object.fromEntries(
    config.keys.map(({ name, keyName, sinks, connection, ...args }) => {
      const key = new RotatingClientKey(name, {
        ...args,
        name: keyName ?? name,
        sinks,
        ...connectionArg(config, connection),
      });
      return [name, summary(key.current.keyId, key.nextRotationAt, sinks)];
    }),
  );
  const tokens = Object.fromEntries(
    config.tokens.map(({ name, tokenName, sinks, connection, ...args }) => {
      const token = new RotatingOrgAuthToken(name, {
        ...args,
        name: tokenName ?? name,
        sinks,
        ...connectionArg(config, connection),
      });
      return [name, summary(token.tokenId, token.nextRotationAt, sinks)];
    }),
  );
  return { keys, tokens };
}

function summary(
  keyId: pulumi.Output<string>,
  nextRotationAt: pulumi.Output<string | undefined>,
  sinks: SinkSpec[],
): RotationSummary {
  return { keyId, nextRotationAt, sinks: sinks.map(describeSink) };
}

// The named connection, as a secret (it holds a token); none: the stack's own Sentry.
function connectionArg(
  config: StackConfig,
  name: string | undefined,
): { connection?: pulumi.Output<StackConnection> } {
  return name === undefined ? {} : { connection: pulumi.secret(config.connections[name]!) };
}
