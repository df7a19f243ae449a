import { checkInputs, type CheckFailure, type FieldRules } from "../../check-failures";
import * as rules from "../../field-rules";
import { DEFAULT_RETIREMENT_GATE } from "../../lifecycle/retirement-gate";
import { parseDuration } from "../../rotation";
import { addDuration } from "../../rotation/duration";
import { type ProviderDefaults } from "../../settings";
import { containsUnknown, UNKNOWN } from "../../unknown";
import { CLIENT_KEY_FIELD_RULES, withKeyDefaults } from "../client-key/check";
import { type ClientKeyPairInputs } from "./types";

const FIELD_RULES = {
  ...CLIENT_KEY_FIELD_RULES,
  rotateEvery: rules.required(rules.duration),
  overlap: rules.required(rules.duration),
  retirement: rules.optional(rules.retirementGate),
  revokePrevious: rules.optional(rules.revokeMarker),
} satisfies FieldRules<ClientKeyPairInputs, "auditUrn">;

/**
 * Validates a ClientKeyPair's inputs: a ClientKey's, plus an overlap no longer than the period,
 * and a retirement gate (defaults filled in) whose maximum hold fits after the overlap.
 */
export function checkClientKeyPair(
  olds: Record<string, unknown>,
  news: Record<string, unknown>,
  defaults: ProviderDefaults,
): { inputs: ClientKeyPairInputs; failures: CheckFailure[] } {
  const checked = checkInputs<ClientKeyPairInputs, "auditUrn">(
    withGateDefaults(withKeyDefaults(olds, news, defaults)),
    FIELD_RULES,
  );
  const overlapProblem = checked.failures.length === 0 ? overlapTooLong(checked.inputs) : undefined;
  if (overlapProblem) checked.failures.push({ property: "overlap", reason: overlapProblem });
  const holdProblem = checked.failures.length === 0 ? holdTooLong(checked.inputs) : undefined;
  if (holdProblem) checked.failures.push({ property: "retirement", reason: holdProblem });
  return checked;
}

// `retirement: {}` turns the gate on with its defaults.
function withGateDefaults(inputs: Record<string, unknown>): Record<string, unknown> {
  const gate = inputs.retirement;
  if (gate === null || typeof gate !== "object" || Array.isArray(gate)) return inputs;
  const given = gate as Record<string, unknown>;
  return {
    ...inputs,
    retirement: {
      ...given,
      quietPeriod: given.quietPeriod ?? DEFAULT_RETIREMENT_GATE.quietPeriod,
      maxHold: given.maxHold ?? DEFAULT_RETIREMENT_GATE.maxHold,
    },
  };
}

const FROM = new Date(Date.UTC(2000, 0, 1));
const end = (...periods: Array<[string, string]>): Date =>
  periods.reduce((at, [value, field]) => addDuration(at, parseDuration(value, field)), FROM);

function overlapTooLong(inputs: ClientKeyPairInputs): string | undefined {
  const { rotateEvery, overlap } = inputs;
  if (rotateEvery === UNKNOWN || overlap === UNKNOWN) return undefined;
  return end([overlap, "overlap"]) > end([rotateEvery, "rotateEvery"])
    ? `overlap: "${String(overlap)}" is longer than rotateEvery "${String(rotateEvery)}"; the previous key must be retired before the next rotation, so use an overlap no longer than the period.`
    : undefined;
}

function holdTooLong(inputs: ClientKeyPairInputs): string | undefined {
  const { rotateEvery, overlap, retirement } = inputs;
  if (!retirement || containsUnknown([rotateEvery, overlap, retirement])) return undefined;
  const { maxHold } = retirement;
  return end([overlap, "overlap"], [maxHold, "retirement.maxHold"]) >
    end([rotateEvery, "rotateEvery"])
    ? `retirement: maxHold "${maxHold}" after the overlap "${overlap}" ends later than the next rotation (rotateEvery "${rotateEvery}"); a held key must be retired before its successor rotates, so use a maxHold of at most rotateEvery minus overlap.`
    : undefined;
}
