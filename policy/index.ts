/**
 * The CrossGuard policy pack for Sentry key rotation. It ships compiled (dist/policy) and is run
 * from the package's policy/ folder, whose package.json points here:
 * `pulumi preview --policy-pack node_modules/pulumi-sentry-rotation/policy [--policy-pack-config <file>]`;
 * see docs/policy-template.md for each policy and its settings.
 */
import { PolicyPack } from "@pulumi/policy";
import { clockFromEnvironment } from "../provider/rotation";
import { POLICY_PACK_NAME, sentryRotationPolicies } from "./policies";

// "Now" is read at each check, honouring SENTRY_ROTATION_NOW as the provider does, so
// `SENTRY_ROTATION_NOW=+30d pulumi preview --policy-pack ...` shows what will be too old then.
const clock = { now: () => clockFromEnvironment(process.env).now() };

new PolicyPack(POLICY_PACK_NAME, {
  description:
    "Sentry keys rotate on schedule, never grow too old, and never leak into ConfigMaps.",
  policies: sentryRotationPolicies(clock),
});
