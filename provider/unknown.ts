/**
 * The value the engine sends for an input not yet known during preview (Pulumi's
 * `UnknownStringValue`, sdk/nodejs/runtime/rpc.ts).
 */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** True when `value` is, or contains, an input the engine does not know yet. Safe for cycles. */
export function containsUnknown(value: unknown, seen = new Set<object>()): boolean {
  if (value === UNKNOWN) return true;
  if (value === null || typeof value !== "object" || seen.has(value)) return false;
  seen.add(value);
  const items: unknown[] = Array.isArray(value) ? value : Object.values(value);
  return items.some((item) => containsUnknown(item, seen));
}
