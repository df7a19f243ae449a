/**
 * The repository's own Pulumi program (Pulumi.yaml `main`): rotates the keys and tokens listed in
 * stack config, with no code. See docs/config-stack.md.
 */
import * as pulumi from "@pulumi/pulumi";
import { parseStackConfig } from "./config";
import { buildStack } from "./program";

const config = new pulumi.Config("sentry-rotation");
const stack = buildStack(
  parseStackConfig({
    keys: config.getObject("keys"),
    tokens: config.getObject("tokens"),
    rotationWindow: config.getObject("rotationWindow"),
  }),
);

/** Per key: current key id, next rotation and the sinks it feeds (no secrets). */
export const keys = stack.keys;
/** Per org auth token: token id, next rotation and the sinks it feeds (no secrets). */
export const tokens = stack.tokens;
