import {
  checkInputs,
  dropUndefined,
  type CheckFailure,
  type FieldRules,
} from "../../check-failures";
import * as rules from "../../field-rules";
import { ORG_AUTH_TOKEN_NAME_MAX } from "../../sentry/key-fields";
import { type ProviderDefaults } from "../../settings";
import { type OrgAuthTokenInputs } from "./types";

const FIELD_RULES = {
  organization: rules.organization,
  name: rules.required(rules.name(ORG_AUTH_TOKEN_NAME_MAX)),
  rotateEvery: rules.optional(rules.duration),
  rotationTriggers: rules.optional(rules.stringMap),
  rotationWindow: rules.optional(rules.rotationWindow),
  connection: rules.optional(rules.connection),
} satisfies FieldRules<OrgAuthTokenInputs, "auditUrn">;

/** Validates an OrgAuthToken's inputs and fills in defaults; pure, like `checkClientKey`. */
export function checkOrgAuthToken(
  _olds: Record<string, unknown>,
  news: Record<string, unknown>,
  defaults: ProviderDefaults,
): { inputs: OrgAuthTokenInputs; failures: CheckFailure[] } {
  const inputs = dropUndefined({
    ...news,
    organization: news.organization ?? defaults.organization,
  });
  return checkInputs<OrgAuthTokenInputs, "auditUrn">(inputs, FIELD_RULES);
}
