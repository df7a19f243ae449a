import {
  checkInputs,
  dropUndefined,
  type CheckFailure,
  type FieldRule,
  type FieldRules,
} from "../../check-failures";
import { describeValue } from "../../describe-value";
import * as rules from "../../field-rules";
import { type ProviderDefaults } from "../../settings";
import { type SinkReceiptInputs } from "./types";

const text: FieldRule = (value) =>
  typeof value === "string" && value.trim() !== ""
    ? undefined
    : `must be a non-blank string, got ${describeValue(value)}.`;

const FIELD_RULES = {
  keyType: rules.required(rules.oneOf("client-key", "org-auth-token")),
  organization: rules.organization,
  project: rules.optional(rules.slug),
  keyId: rules.required(text),
  tokenLastCharacters: rules.optional(text),
  sink: rules.required(text),
  auditUrn: rules.optional(text),
} satisfies FieldRules<SinkReceiptInputs>;

/** Validates a SinkReceipt's inputs (the components set them; a user rarely does). Pure. */
export function checkSinkReceipt(
  _olds: Record<string, unknown>,
  news: Record<string, unknown>,
  defaults: ProviderDefaults,
): { inputs: SinkReceiptInputs; failures: CheckFailure[] } {
  const inputs = dropUndefined({
    ...news,
    organization: news.organization ?? defaults.organization,
  });
  return checkInputs<SinkReceiptInputs>(inputs, FIELD_RULES);
}
