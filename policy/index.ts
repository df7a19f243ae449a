/**
 * The CrossGuard policy pack for Sentry key rotation. Run it with
 * `pulumi preview --policy-pack policy [--policy-pack-config policy/config/<stack>.json]`;
 * see docs/policy-template.md for each policy and its settings.
 */
import { PolicyPack } from "@pulumi/policy";
import { clockFromEnvironment } from "../provider/rotation";
import { POLICY_PACK_NAME, sentryRotationPolicies } from "./policies";

// "Now" is read at each check, honouring SENTRY_ROTATION_NOW as the provider does, so
// `SENTRY_ROTATION_NOW=+30d pulumi preview --policy-pack policy` shows what will be too old then.
const clock = { now: () => clockFromEnvironment(process.env).now() };

new PolicyPack(POLICY_PACK_NAME, {
  description:
    "Sentry keys rotate on schedule, never grow too old, and never leak into ConfigMaps.",
  policies: sentryRotationPolicies(clock),
});
