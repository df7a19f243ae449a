/**
 * The repository's own Pulumi program (Pulumi.yaml `main`): rotates the keys and tokens listed in
 * stack config, with no code. See docs/config-stack.md.
 */
import * as pulumi from "@pulumi/pulumi";
import * as runtimeConfig from "@pulumi/pulumi/runtime/config";
import { CONFIG_KEYS, parseStackConfig } from "./config";
import { buildStack } from "./program";

const config = new pulumi.Config("sentry-rotation");
const stack = buildStack(
  parseStackConfig({
    keys: config.getObject("keys"),
    tokens: config.getObject("tokens"),
    rotationWindow: config.getObject("rotationWindow"),
    // Read as the SDK stores it (`getObject` would warn of the secret); passed on as secrets only.
    connections: parseJson(runtimeConfig.getConfig(CONFIG_KEYS.connections)),
    connectionsSecret: isConfigSecret(CONFIG_KEYS.connections),
  }),
);

/** Per key: current key id, next rotation and the sinks it feeds (no secrets). */
export const keys = stack.keys;
/** Per org auth token: token id, next rotation and the sinks it feeds (no secrets). */
export const tokens = stack.tokens;

function parseJson(text: string | undefined): unknown {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text; // reported by parseStackConfig as "must be a map"
  }
}

// The SDK's own record of which config keys are secret (runtime/config, marked internal there).
function isConfigSecret(key: string): boolean {
  const check = (runtimeConfig as { isConfigSecret?: (k: string) => boolean }).isConfigSecret;
  return check ? check(key) : true; // an SDK without it: not checked
}
