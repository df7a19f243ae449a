import { UNKNOWN } from "./unknown";

/** One invalid input, as the engine's Check reports it. */
export interface CheckFailure {
  /** The input at fault. */
  property: string;
  /** What is wrong and how to fix it. */
  reason: string;
}

/** A validator for one input: returns a problem, or nothing when the value is fine. */
export type FieldRule = (value: unknown) => string | undefined;

/**
 * The rule of every input of a kind, typed against its inputs interface (`satisfies`), so a new
 * input does not compile without its rule. `Except` names inputs no user writes (the audit URN).
 */
export type FieldRules<Inputs, Except extends keyof Inputs = never> = {
  readonly [Field in Exclude<keyof Inputs, Except>]-?: FieldRule;
};

/**
 * A kind's check: its rules applied to the inputs with defaults filled in. The inputs are returned
 * as the kind's type, which the rules table is typed against; the engine creates or updates only
 * with inputs whose failures are empty.
 */
export function checkInputs<Inputs, Except extends keyof Inputs = never>(
  inputs: Record<string, unknown>,
  rules: FieldRules<Inputs, Except>,
): { inputs: Inputs; failures: CheckFailure[] } {
  const failures = checkFields(inputs, rules as Record<string, FieldRule>);
  return { inputs: inputs as Inputs, failures };
}

/** Applies each field's rule to `inputs`, skipping values unknown during preview. */
export function checkFields(
  inputs: Record<string, unknown>,
  rules: Record<string, FieldRule>,
): CheckFailure[] {
  const failures: CheckFailure[] = [];
  for (const [property, rule] of Object.entries(rules)) {
    const value = inputs[property];
    if (value === UNKNOWN) continue;
    const reason = rule(value);
    if (reason) failures.push({ property, reason: `${property}: ${reason}` });
  }
  return failures;
}

/** The record without its undefined entries (absent and undefined mean the same to Pulumi). */
export function dropUndefined(record: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).filter(([, v]) => v !== undefined));
}
