import {
  checkInputs,
  dropUndefined,
  type CheckFailure,
  type FieldRules,
} from "../../check-failures";
import * as rules from "../../field-rules";
import { type ProviderDefaults } from "../../settings";
import type { ProjectSecurityInputs } from "./types";

/** The rule for each ProjectSecurity input. */
export const PROJECT_SECURITY_FIELD_RULES = {
  organization: rules.organization,
  project: rules.required(rules.slug),
  allowedDomains: rules.required(rules.allowedDomains),
  scrapeJavaScript: rules.optional(rules.boolean),
  securityToken: rules.optional(rules.securityToken),
  securityTokenHeader: rules.optional(rules.securityTokenHeader),
  verifySSL: rules.optional(rules.boolean),
  scrubIPAddresses: rules.optional(rules.boolean),
  onDelete: rules.optional(rules.oneOf("keep", "restore")),
} satisfies FieldRules<ProjectSecurityInputs, "auditUrn">;

/** Validates a ProjectSecurity's inputs and fills in defaults. Pure; a bad token is never shown. */
export function checkProjectSecurity(
  _olds: Record<string, unknown>,
  news: Record<string, unknown>,
  defaults: ProviderDefaults,
): { inputs: ProjectSecurityInputs; failures: CheckFailure[] } {
  const inputs = dropUndefined({
    ...news,
    organization: news.organization ?? defaults.organization,
    onDelete: news.onDelete ?? "keep",
  });
  return checkInputs<ProjectSecurityInputs, "auditUrn">(inputs, PROJECT_SECURITY_FIELD_RULES);
}
