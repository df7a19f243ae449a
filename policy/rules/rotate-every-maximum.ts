import type { ResourceValidationPolicy } from "@pulumi/policy";
import type { Duration } from "luxon";
import { parseDuration } from "../../provider/rotation";
import { durationSetting, exemptNames, longerThan, read, UNKNOWN_VALUE } from "../settings";
import { describeType, ORG_AUTH_TOKEN, ROTATING_KEYS } from "../tokens";

/** The policy's name. */
export const ROTATE_EVERY_MAXIMUM = "sentry-rotate-every-maximum";
/** The longest period allowed when the pack config sets none. */
export const DEFAULT_MAXIMUM = "90d";

/**
 * `rotateEvery` must be no longer than a maximum: `maximum` (default 90d) for client keys, and
 * `orgAuthTokenMaximum` (default: `maximum`) for org auth tokens. Calendar units are compared as
 * measured from 2000-01-01 (so "P3M", 91 days, exceeds "90d"). Mandatory by default.
 */
export const rotateEveryMaximum: ResourceValidationPolicy = {
  name: ROTATE_EVERY_MAXIMUM,
  description: "Sentry keys rotate at least as often as the maximum period allows.",
  enforcementLevel: "mandatory",
  severity: "medium",
  configSchema: {
    properties: {
      maximum: {
        type: "string",
        default: DEFAULT_MAXIMUM,
        description: 'Longest rotateEvery for client keys, e.g. "90d" or "P3M".',
      },
      orgAuthTokenMaximum: {
        type: "string",
        description: "Longest rotateEvery for org auth tokens; defaults to maximum.",
      },
      exempt: {
        type: "array",
        items: { type: "string" },
        description: "Resource names allowed a longer period.",
      },
    },
  },
  validateResource: (args, reportViolation) => {
    if (!(ROTATING_KEYS as readonly string[]).includes(args.type)) return;
    const config = args.getConfig<Record<string, unknown>>();
    if (exemptNames(config, ROTATE_EVERY_MAXIMUM).has(args.name)) return;
    const every = read(() => args.props.rotateEvery);
    // A missing period is sentry-rotate-every-required's business; a bad one fails the provider's check.
    if (every === UNKNOWN_VALUE || typeof every !== "string" || every.trim() === "") return;
    const maximum = maximumFor(args.type, config);
    const period = parsedOrUndefined(every);
    if (!period || !longerThan(period, maximum.duration)) return;
    reportViolation(
      `${describeType(args.type)} "${args.name}" rotates every ${every}, longer than the maximum ${maximum.text}. Set rotateEvery to ${maximum.text} or less, or list "${args.name}" under ${ROTATE_EVERY_MAXIMUM}.exempt in the policy pack config.`,
    );
  },
};

function maximumFor(type: string, config: Record<string, unknown>) {
  const maximum = durationSetting(config, "maximum", DEFAULT_MAXIMUM, ROTATE_EVERY_MAXIMUM);
  return type === ORG_AUTH_TOKEN && config.orgAuthTokenMaximum !== undefined
    ? durationSetting(config, "orgAuthTokenMaximum", maximum.text, ROTATE_EVERY_MAXIMUM)
    : maximum;
}

// A malformed period is left to the provider's check, which names the field and the fix.
function parsedOrUndefined(every: string): Duration | undefined {
  try {
    return parseDuration(every, "rotateEvery");
  } catch {
    return undefined;
  }
}
