import type { ResourceValidationPolicy } from "@pulumi/policy";
import { stackOfUrn } from "../../provider/audit/event";
import { exemptNames, read, stackPatterns, UNKNOWN_VALUE } from "../settings";
import { describeType, ROTATING_KEYS } from "../tokens";

/** The policy's name, as pack config and the preview output name it. */
export const ROTATION_WINDOW_REQUIRED = "sentry-rotation-window-required";

/** Stack names that count as production unless `stacks` is configured (`*` matches any text). */
export const PRODUCTION_STACKS = [
  "prod",
  "prod-*",
  "*-prod",
  "production",
  "production-*",
  "*-production",
];

/**
 * In production stacks, every rotating ClientKey, ClientKeyPair and OrgAuthToken sets
 * `rotationWindow`, so a due key rotates only in staffed hours, not on a 3 a.m. hotfix deploy.
 * Config: `stacks` (stack name patterns, `*` for any text; default {@link PRODUCTION_STACKS}) and
 * `exempt` (resource names allowed to go without). Keys that never rotate are left to
 * sentry-rotate-every-required.
 */
export const rotationWindowRequired: ResourceValidationPolicy = {
  name: ROTATION_WINDOW_REQUIRED,
  description:
    "Sentry keys in production stacks rotate only inside a rotation window (rotationWindow).",
  enforcementLevel: "mandatory",
  severity: "medium",
  configSchema: {
    properties: {
      stacks: {
        type: "array",
        items: { type: "string" },
        description: `Stack name patterns that need windows ("*" matches any text); default ${PRODUCTION_STACKS.join(", ")}.`,
      },
      exempt: {
        type: "array",
        items: { type: "string" },
        description: "Resource names allowed to rotate at any time (document why).",
      },
    },
  },
  validateResource: (args, reportViolation) => {
    if (!(ROTATING_KEYS as readonly string[]).includes(args.type)) return;
    const config = args.getConfig<Record<string, unknown>>();
    const patterns = stackPatterns(config, "stacks", PRODUCTION_STACKS, ROTATION_WINDOW_REQUIRED);
    if (exemptNames(config, ROTATION_WINDOW_REQUIRED).has(args.name)) return;
    const stack = stackOfUrn(args.urn);
    if (stack === undefined || !patterns.some((pattern) => pattern.test(stack))) return;
    const every = read(() => args.props.rotateEvery);
    if (every === undefined || every === null || every === "") return;
    const window = read(() => args.props.rotationWindow);
    if (window === UNKNOWN_VALUE || (window !== null && typeof window === "object")) return;
    reportViolation(
      `${describeType(args.type)} "${args.name}" in production stack "${stack}" has no rotationWindow, so once due it rotates on any \`pulumi up\`, a 3 a.m. hotfix deploy included. Set rotationWindow (e.g. { daysOfWeek: ["Tue", "Wed", "Thu"], startTime: "10:00", duration: "4h", timeZone: "Europe/Berlin" }; for the config-driven stack, sentry-rotation:rotationWindow covers every entry), or list "${args.name}" under ${ROTATION_WINDOW_REQUIRED}.exempt in the policy pack config with the reason in your exceptions register.`,
    );
  },
};
