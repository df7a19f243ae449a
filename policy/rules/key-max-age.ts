import type { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import type { Duration } from "luxon";
import { parseDuration, type Clock } from "../../provider/rotation";
import {
  after,
  daysBetween,
  durationSetting,
  exemptNames,
  instant,
  read,
  UNKNOWN_VALUE,
} from "../settings";
import { CLIENT_KEY, CLIENT_KEY_PAIR, describeType, ORG_AUTH_TOKEN } from "../tokens";
import { DEFAULT_MAXIMUM } from "./rotate-every-maximum";

/** The policy's name. */
export const KEY_MAX_AGE = "sentry-key-max-age";
/** How long past the maximum a key may live when the pack config sets no grace. */
export const DEFAULT_GRACE = "7d";

/** One live key found in the stack: where it is and when Sentry created it. */
interface LiveKey {
  resource: PolicyResource;
  label: string;
  createdAt: Date;
  /** Extra allowance on top of maximum + grace (a pair's previous key: its overlap). */
  extra: Duration[];
}

/**
 * No active key may be older than `maximum` (default 90d) plus `grace` (default 7d), counted from
 * `createdAt` in the stack's state: this catches a schedule that stopped running, a rotation that
 * keeps failing, or a key exempted too long. A pair's previous key, while still active, is allowed
 * its overlap on top. Keys deactivated in Sentry are not counted (they accept no events). Keys being
 * created or rotated in this very preview have no `createdAt` yet and are checked on `pulumi up`.
 * Reads "now" from `clock` (the pack passes SENTRY_ROTATION_NOW-aware time). Mandatory by default.
 */
export function keyMaxAge(clock: Clock): StackValidationPolicy {
  return {
    name: KEY_MAX_AGE,
    description: "No active Sentry key is older than the maximum rotation period plus a grace.",
    enforcementLevel: "mandatory",
    severity: "high",
    configSchema: {
      properties: {
        maximum: {
          type: "string",
          default: DEFAULT_MAXIMUM,
          description: "The maximum rotation period, as in sentry-rotate-every-maximum.",
        },
        grace: {
          type: "string",
          default: DEFAULT_GRACE,
          description: "How long past the maximum a key may live (failed runs, holidays).",
        },
        exempt: { type: "array", items: { type: "string" }, description: "Resource names." },
      },
    },
    validateStack: (args, reportViolation) => {
      const config = args.getConfig<Record<string, unknown>>();
      const maximum = durationSetting(config, "maximum", DEFAULT_MAXIMUM, KEY_MAX_AGE);
      const grace = durationSetting(config, "grace", DEFAULT_GRACE, KEY_MAX_AGE);
      const exempt = exemptNames(config, KEY_MAX_AGE);
      const now = clock.now();
      for (const key of args.resources.flatMap(liveKeys)) {
        if (exempt.has(key.resource.name)) continue;
        const limit = after(key.createdAt, maximum.duration, grace.duration, ...key.extra);
        if (now.getTime() <= limit.getTime()) continue;
        const allowance = key.extra.length ? " + its overlap" : "";
        reportViolation(
          `${key.label} was created ${key.createdAt.toISOString()}, ${daysBetween(key.createdAt, now)} days ago: older than the maximum ${maximum.text} + grace ${grace.text}${allowance}. Rotate it now (docs/runbook.md, "Rotate one key now") and check that the scheduled rotation runs and succeeds.`,
          key.resource.urn,
        );
      }
    },
  };
}

/** The active keys a resource holds, with their creation instants; none when unknown. */
function liveKeys(resource: PolicyResource): LiveKey[] {
  const props = resource.props;
  const label = (suffix = "") => `${describeType(resource.type)} "${resource.name}"${suffix}`;
  switch (resource.type) {
    case CLIENT_KEY:
    case ORG_AUTH_TOKEN: {
      if (read(() => props.isActive) === false) return [];
      const createdAt = instant(read(() => props.createdAt));
      const id = read(() => props.keyId ?? props.tokenId);
      const suffix = typeof id === "string" ? ` (${id})` : "";
      return createdAt ? [{ resource, label: label(suffix), createdAt, extra: [] }] : [];
    }
    case CLIENT_KEY_PAIR:
      return pairKeys(resource, label);
    default:
      return [];
  }
}

function pairKeys(resource: PolicyResource, label: (suffix?: string) => string): LiveKey[] {
  const keys: LiveKey[] = [];
  const current = known(() => resource.props.current);
  if (current && read(() => current.isActive) !== false) {
    const createdAt = instant(read(() => current.createdAt));
    const suffix = ` current key ${String(read(() => current.keyId))}`;
    if (createdAt) keys.push({ resource, label: label(suffix), createdAt, extra: [] });
  }
  // The previous key is meant to live on for the overlap after its successor went live.
  const previous = known(() => resource.props.previous);
  const overlap = overlapOf(read(() => resource.props.overlap));
  if (previous && read(() => previous.isActive) === true && overlap) {
    const createdAt = instant(read(() => previous.createdAt));
    const suffix = ` previous key ${String(read(() => previous.keyId))}`;
    if (createdAt) keys.push({ resource, label: label(suffix), createdAt, extra: [overlap] });
  }
  return keys;
}

// A nested object of the state, or undefined when absent or not known yet.
function known(get: () => unknown): Record<string, unknown> | undefined {
  const value = read(get);
  return value !== UNKNOWN_VALUE && value !== null && typeof value === "object"
    ? (value as Record<string, unknown>)
    : undefined;
}

function overlapOf(overlap: unknown): Duration | undefined {
  try {
    return parseDuration(overlap, "overlap");
  } catch {
    return undefined;
  }
}
