import type { ResourceValidationPolicy } from "@pulumi/policy";
import { exemptNames, read, UNKNOWN_VALUE } from "../settings";
import { describeType, ROTATING_KEYS } from "../tokens";

/** The policy's name, as pack config and the preview output name it. */
export const ROTATE_EVERY_REQUIRED = "sentry-rotate-every-required";

/**
 * Every ClientKey, ClientKeyPair and OrgAuthToken must set `rotateEvery`: without it the key never
 * rotates. Config: `exempt` (resource names allowed to go without). Mandatory by default.
 */
export const rotateEveryRequired: ResourceValidationPolicy = {
  name: ROTATE_EVERY_REQUIRED,
  description: "Every Sentry client key and org auth token rotates on a schedule (rotateEvery).",
  enforcementLevel: "mandatory",
  severity: "high",
  configSchema: {
    properties: {
      exempt: {
        type: "array",
        items: { type: "string" },
        description: "Resource names allowed to have no rotateEvery (document why).",
      },
    },
  },
  validateResource: (args, reportViolation) => {
    if (!(ROTATING_KEYS as readonly string[]).includes(args.type)) return;
    if (exemptNames(args.getConfig(), ROTATE_EVERY_REQUIRED).has(args.name)) return;
    const every = read(() => args.props.rotateEvery);
    if (every === UNKNOWN_VALUE || (typeof every === "string" && every.trim() !== "")) return;
    reportViolation(
      `${describeType(args.type)} "${args.name}" has no rotateEvery, so it never rotates. Set rotateEvery (e.g. "90d"; see docs/policy-template.md for frequencies by risk), or list "${args.name}" under ${ROTATE_EVERY_REQUIRED}.exempt in the policy pack config with the reason in your exceptions register.`,
    );
  },
};
