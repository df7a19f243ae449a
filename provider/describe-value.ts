/**
 * How every error message shows a value the user gave: JSON where possible, and never a crash,
 * whatever the value is (bigint, symbol, cyclic or hostile objects, objects without toString).
 */

/** Longest rendering kept in a message: a bad value is shown to be recognised, not in full. */
const MAX_LENGTH = 200;

/** A value as an error message shows it. Safe for any JavaScript value. */
export function describeValue(value: unknown): string {
  const text = render(value);
  return text.length > MAX_LENGTH ? `${text.slice(0, MAX_LENGTH)}…` : text;
}

function render(value: unknown): string {
  switch (typeof value) {
    case "undefined":
      return "undefined";
    case "number":
      // JSON would print NaN and the infinities as null.
      return Object.is(value, -0) ? "-0" : String(value);
    case "bigint":
      return `${value.toString()}n`;
    case "symbol":
      return value.description === undefined ? "a symbol" : `Symbol(${value.description})`;
    case "function":
      return "a function";
    default:
      break;
  }
  try {
    const json = JSON.stringify(value);
    if (typeof json === "string") return json;
  } catch {
    // Cyclic structures, a bigint inside, a throwing toJSON or getter: fall through to the type.
  }
  return value === null ? "null" : "an object";
}
