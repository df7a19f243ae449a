/**
 * Django REST framework-style input validation: the same coercions and the same 400 messages
 * Sentry's serializers produce, as pure functions.
 */

/** A validated value, or the DRF error body for it. */
export type Outcome<T> = { ok: true; value: T } | { ok: false; errors: unknown };
/** Validates one field value. */
export type Field<T> = (value: unknown) => Outcome<T>;

const ok = <T>(value: T): Outcome<T> => ({ ok: true, value });
const fail = (...messages: string[]): Outcome<never> => ({ ok: false, errors: messages });

/** Python's name for a JSON value's type, as DRF prints it. */
export function pythonTypeName(value: unknown): string {
  if (value === null) return "NoneType";
  if (Array.isArray(value)) return "list";
  if (typeof value === "string") return "str";
  if (typeof value === "boolean") return "bool";
  if (typeof value === "number") return Number.isInteger(value) ? "int" : "float";
  return "dict";
}

/** True for a JSON object (not an array, not null). */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

const NOT_NULL = "This field may not be null.";

/** DRF CharField: strings (numbers are coerced), whitespace trimmed, optional max length. */
export function charField(opts: {
  maxLength?: number;
  allowBlank?: boolean;
  allowNull?: boolean;
}): Field<string | null> {
  return (value) => {
    if (value === null) return opts.allowNull ? ok(null) : fail(NOT_NULL);
    if (typeof value !== "string" && typeof value !== "number") return fail("Not a valid string.");
    const text = String(value).trim();
    if (text === "" && !opts.allowBlank) return fail("This field may not be blank.");
    if (opts.maxLength !== undefined && text.length > opts.maxLength) {
      return fail(`Ensure this field has no more than ${opts.maxLength} characters.`);
    }
    return ok(text);
  };
}

/** DRF IntegerField (Sentry's EmptyIntegerField when `emptyIsNull`): "10", 10.0 and 10 are 10. */
export function integerField(opts: {
  min?: number;
  max?: number;
  allowNull?: boolean;
  emptyIsNull?: boolean;
}): Field<number | null> {
  return (value) => {
    if (value === "" && opts.emptyIsNull) return ok(null);
    if (value === null) return opts.allowNull ? ok(null) : fail(NOT_NULL);
    const invalid = fail("A valid integer is required.");
    let parsed: number;
    if (typeof value === "number") {
      if (!Number.isInteger(value)) return invalid;
      parsed = value;
    } else if (typeof value === "string") {
      if (value.length > 1000) return fail("String value too large.");
      const digits = value.replace(/\.0*\s*$/, "").trim();
      if (!/^[+-]?\d+$/.test(digits)) return invalid;
      parsed = Number(digits);
    } else {
      return invalid;
    }
    if (!Number.isSafeInteger(parsed)) return invalid;
    if (opts.min !== undefined && parsed < opts.min) {
      return fail(`Ensure this value is greater than or equal to ${opts.min}.`);
    }
    if (opts.max !== undefined && parsed > opts.max) {
      return fail(`Ensure this value is less than or equal to ${opts.max}.`);
    }
    return ok(parsed);
  };
}

const TRUE_VALUES = new Set<unknown>([
  "t",
  "T",
  "y",
  "Y",
  "yes",
  "Yes",
  "YES",
  "true",
  "True",
  "TRUE",
  "on",
  "On",
  "ON",
  "1",
  1,
  true,
]);
const FALSE_VALUES = new Set<unknown>([
  "f",
  "F",
  "n",
  "N",
  "no",
  "No",
  "NO",
  "false",
  "False",
  "FALSE",
  "off",
  "Off",
  "OFF",
  "0",
  0,
  false,
]);

/** DRF BooleanField, with its string spellings ("true", "1", "yes", ...). */
export const booleanField: Field<boolean> = (value) => {
  if (value === null) return fail(NOT_NULL);
  if (TRUE_VALUES.has(value)) return ok(true);
  if (FALSE_VALUES.has(value)) return ok(false);
  return fail("Must be a valid boolean.");
};

/** DRF ChoiceField over string choices. */
export function choiceField(choices: readonly string[]): Field<string> {
  return (value) => {
    if (value === null) return fail(NOT_NULL);
    const text =
      typeof value === "string" || typeof value === "number"
        ? String(value)
        : JSON.stringify(value);
    return choices.includes(text) ? ok(text) : fail(`"${text}" is not a valid choice.`);
  };
}

/** DRF RegexField: a string matching `pattern`. */
export function regexField(pattern: RegExp, opts: { allowNull?: boolean }): Field<string | null> {
  return (value) => {
    if (value === null) return opts.allowNull ? ok(null) : fail(NOT_NULL);
    if (typeof value !== "string" && typeof value !== "number") return fail("Not a valid string.");
    const text = String(value).trim();
    return pattern.test(text) ? ok(text) : fail("This value does not match the required pattern.");
  };
}

/** A DRF (nested) serializer: validates the fields present, ignores unknown ones. */
export function objectOf<T extends object>(
  fields: { [K in keyof T]-?: Field<T[K]> },
  opts: { allowNull?: boolean } = {},
): Field<Partial<T> | null> {
  return (data) => {
    if (data === null) return opts.allowNull ? ok(null) : fail(NOT_NULL);
    return validateObject(data, fields);
  };
}

/** Validates a request body (or nested object) against `fields`; the DRF error body on failure. */
export function validateObject<T extends object>(
  data: unknown,
  fields: { [K in keyof T]-?: Field<T[K]> },
): Outcome<Partial<T>> {
  if (data === null) return { ok: false, errors: { non_field_errors: ["No data provided"] } };
  if (!isPlainObject(data)) {
    const message = `Invalid data. Expected a dictionary, but got ${pythonTypeName(data)}.`;
    return { ok: false, errors: { non_field_errors: [message] } };
  }
  const value: Partial<T> = {};
  const errors: Record<string, unknown> = {};
  for (const name of Object.keys(fields) as (keyof T & string)[]) {
    if (!(name in data) || data[name] === undefined) continue;
    const outcome = fields[name](data[name]);
    if (outcome.ok) value[name] = outcome.value;
    else errors[name] = outcome.errors;
  }
  return Object.keys(errors).length > 0 ? { ok: false, errors } : ok(value);
}
