import type { ResourceValidationPolicy } from "@pulumi/policy";
import { InputError } from "../../provider/input-error";
import type { Clock } from "../../provider/rotation";
import { instant, read } from "../settings";
import { CLIENT_KEYS, describeType } from "../tokens";

/** The policy's name. */
export const ON_REPLACE_DEACTIVATE = "sentry-on-replace-deactivate";

/**
 * `onReplace: "deactivate"` keeps every replaced key in Sentry, deactivated, for ever: one more
 * dormant credential per rotation, which anyone with project:write can re-enable. It is meant for a
 * limited time (a migration where a rollback must stay possible). "For ever" means: without an end
 * date. A key may use it only while `allowUntil` in the pack config maps its resource name to a
 * date still in the future, e.g. `{ "web": "2027-03-31" }`. Advisory by default; set the policy's
 * enforcementLevel to "mandatory" to block previews.
 */
export function onReplaceDeactivate(clock: Clock): ResourceValidationPolicy {
  return {
    name: ON_REPLACE_DEACTIVATE,
    description: 'onReplace "deactivate" is time-boxed: old keys are deleted, not kept for ever.',
    enforcementLevel: "advisory",
    severity: "medium",
    configSchema: {
      properties: {
        allowUntil: {
          type: "object",
          additionalProperties: { type: "string" },
          description: 'Resource name to the date (ISO 8601) until which "deactivate" is allowed.',
        },
      },
    },
    validateResource: (args, reportViolation) => {
      if (!(CLIENT_KEYS as readonly string[]).includes(args.type)) return;
      if (read(() => args.props.onReplace) !== "deactivate") return;
      const until = allowedUntil(args.getConfig<Record<string, unknown>>(), args.name);
      const now = clock.now();
      if (until && now.getTime() < until.getTime()) return;
      const what = `${describeType(args.type)} "${args.name}" has onReplace "deactivate"`;
      const why = until
        ? `its exception ended ${until.toISOString()}`
        : "with no end date, every rotation leaves one more deactivated key in Sentry";
      reportViolation(
        `${what}: ${why}. Remove onReplace (old keys are then deleted) once rollback is no longer needed, and delete the deactivated keys in Sentry; or set ${ON_REPLACE_DEACTIVATE}.allowUntil.${args.name} to an end date in the policy pack config.`,
      );
    },
  };
}

function allowedUntil(config: Record<string, unknown>, name: string): Date | undefined {
  const allow = config.allowUntil ?? {};
  if (typeof allow !== "object" || allow === null || Array.isArray(allow)) {
    throw new InputError(
      `${ON_REPLACE_DEACTIVATE}.allowUntil`,
      `must map resource names to dates, such as { "web": "2027-03-31" }, got ${JSON.stringify(allow)}.`,
    );
  }
  const value = (allow as Record<string, unknown>)[name];
  if (value === undefined) return undefined;
  const until = instant(value);
  if (!until) {
    throw new InputError(
      `${ON_REPLACE_DEACTIVATE}.allowUntil.${name}`,
      `${JSON.stringify(value)} is not a date; use ISO 8601 such as "2027-03-31".`,
    );
  }
  return until;
}
