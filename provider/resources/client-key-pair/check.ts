import { checkInputs, type CheckFailure, type FieldRules } from "../../check-failures";
import * as rules from "../../field-rules";
import { parseDuration } from "../../rotation";
import { addDuration } from "../../rotation/duration";
import { type ProviderDefaults } from "../../settings";
import { UNKNOWN } from "../../unknown";
import { CLIENT_KEY_FIELD_RULES, withKeyDefaults } from "../client-key/check";
import { type ClientKeyPairInputs } from "./types";

const FIELD_RULES = {
  ...CLIENT_KEY_FIELD_RULES,
  rotateEvery: rules.required(rules.duration),
  overlap: rules.required(rules.duration),
} satisfies FieldRules<ClientKeyPairInputs, "auditUrn">;

/** Validates a ClientKeyPair's inputs: a ClientKey's, plus an overlap no longer than the period. */
export function checkClientKeyPair(
  olds: Record<string, unknown>,
  news: Record<string, unknown>,
  defaults: ProviderDefaults,
): { inputs: ClientKeyPairInputs; failures: CheckFailure[] } {
  const checked = checkInputs<ClientKeyPairInputs, "auditUrn">(
    withKeyDefaults(olds, news, defaults),
    FIELD_RULES,
  );
  const overlapProblem = checked.failures.length === 0 ? overlapTooLong(checked.inputs) : undefined;
  if (overlapProblem) checked.failures.push({ property: "overlap", reason: overlapProblem });
  return checked;
}

function overlapTooLong(inputs: ClientKeyPairInputs): string | undefined {
  const { rotateEvery, overlap } = inputs;
  if (rotateEvery === UNKNOWN || overlap === UNKNOWN) return undefined;
  const from = new Date(Date.UTC(2000, 0, 1));
  const periodEnd = addDuration(from, parseDuration(rotateEvery, "rotateEvery"));
  const overlapEnd = addDuration(from, parseDuration(overlap, "overlap"));
  return overlapEnd > periodEnd
    ? `overlap: "${String(overlap)}" is longer than rotateEvery "${String(rotateEvery)}"; the previous key must be retired before the next rotation, so use an overlap no longer than the period.`
    : undefined;
}
