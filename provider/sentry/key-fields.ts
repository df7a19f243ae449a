/**
 * The limits Sentry puts on key and token fields, each written once: the provider's check
 * (provider/field-rules.ts) and the client's request checks both ask these. Each returns the
 * problem (what is wrong and how to fix it, without the field name) or undefined when it is fine.
 */
import { describeValue } from "../describe-value";

/** The longest client key name Sentry stores. */
export const CLIENT_KEY_NAME_MAX = 64;
/** The longest org auth token name Sentry stores. */
export const ORG_AUTH_TOKEN_NAME_MAX = 255;
/** Sentry's bounds for a client key's rate-limit window, in seconds. */
export const RATE_LIMIT_WINDOW_MAX = 86_400;

/** A non-blank name of at most `max` characters. */
export function nameProblem(value: unknown, max: number): string | undefined {
  if (typeof value !== "string" || value.trim() === "") {
    return `must be a non-blank string, got ${describeValue(value)}.`;
  }
  return value.length > max
    ? `is ${value.length} characters long; Sentry allows at most ${max}. Shorten it.`
    : undefined;
}

/** A client key rate limit: `{ window: seconds 1..86400, count: events >= 1 }`. */
export function rateLimitProblem(value: unknown): string | undefined {
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    return `must be { window, count }, such as { window: 60, count: 1000 }, got ${describeValue(value)}.`;
  }
  const { window, count, ...rest } = value as Record<string, unknown>;
  const extra = Object.keys(rest);
  if (extra.length) return `has unknown field(s) ${extra.join(", ")}; only window and count.`;
  if (!isWholeNumberIn(window, 1, RATE_LIMIT_WINDOW_MAX)) {
    return `window must be a whole number of seconds from 1 to ${RATE_LIMIT_WINDOW_MAX}, got ${describeValue(window)}.`;
  }
  if (!isWholeNumberIn(count, 1, Infinity)) {
    return `count must be a whole number of events of at least 1, got ${describeValue(count)}.`;
  }
  return undefined;
}

function isWholeNumberIn(value: unknown, min: number, max: number): boolean {
  return typeof value === "number" && Number.isInteger(value) && value >= min && value <= max;
}
