import type { ResourceValidationPolicy } from "@pulumi/policy";
import { stackOfUrn } from "../../provider/audit/event";
import { exemptNames, read, stackPatterns, UNKNOWN_VALUE } from "../settings";
import { PROJECT_SECURITY } from "../tokens";
import { PRODUCTION_STACKS } from "./rotation-window-required";

/** The policy's name, as pack config and the preview output name it. */
export const PROJECT_SECURITY_ANY_DOMAIN = "sentry-project-security-no-any-domain";

/**
 * In production stacks, a ProjectSecurity does not let every origin send browser events: its
 * `allowedDomains` is neither empty nor holds "*" (either lets any web page that learns the public
 * DSN fill the project with events). Config: `stacks` (stack name patterns, `*` for any text;
 * default {@link PRODUCTION_STACKS}) and `exempt` (resource names allowed to accept any origin).
 */
export const projectSecurityAnyDomain: ResourceValidationPolicy = {
  name: PROJECT_SECURITY_ANY_DOMAIN,
  description:
    'ProjectSecurity in production stacks lists the origins allowed to send events (allowedDomains without "*").',
  enforcementLevel: "mandatory",
  severity: "high",
  configSchema: {
    properties: {
      stacks: {
        type: "array",
        items: { type: "string" },
        description: `Stack name patterns the rule applies to ("*" matches any text); default ${PRODUCTION_STACKS.join(", ")}.`,
      },
      exempt: {
        type: "array",
        items: { type: "string" },
        description:
          "ProjectSecurity names allowed to accept events from any origin (document why).",
      },
    },
  },
  validateResource: (args, reportViolation) => {
    if (args.type !== PROJECT_SECURITY) return;
    const config = args.getConfig<Record<string, unknown>>();
    const patterns = stackPatterns(
      config,
      "stacks",
      PRODUCTION_STACKS,
      PROJECT_SECURITY_ANY_DOMAIN,
    );
    if (exemptNames(config, PROJECT_SECURITY_ANY_DOMAIN).has(args.name)) return;
    const stack = stackOfUrn(args.urn);
    if (stack === undefined || !patterns.some((pattern) => pattern.test(stack))) return;
    const domains = read(() => args.props.allowedDomains);
    if (domains === UNKNOWN_VALUE || !Array.isArray(domains)) return;
    const items = Array.from({ length: domains.length }, (_, i) => read(() => domains[i]));
    const any = domains.length === 0 || items.some((item) => item === "*");
    if (!any) return;
    const what = domains.length === 0 ? "an empty allowedDomains" : 'allowedDomains ["*"]';
    reportViolation(
      `ProjectSecurity "${args.name}" in production stack "${stack}" has ${what}, so any web page that learns the public DSN can send events to the project. Set allowedDomains to the origins your app is served from (e.g. ["https://app.example.com", "*.example.com"]), or list "${args.name}" under ${PROJECT_SECURITY_ANY_DOMAIN}.exempt in the policy pack config with the reason in your exceptions register.`,
    );
  },
};
