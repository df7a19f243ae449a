/**
 * The limits Sentry puts on a project's security settings, each written once: the provider's
 * check (provider/field-rules.ts) and the client's request check both ask these. Each returns the
 * problem (without the field name) or undefined when the value is fine.
 */
import { describeValue } from "../describe-value";

/** The longest security token Sentry stores. */
export const SECURITY_TOKEN_MAX = 255;
/** The longest security token header name Sentry stores. */
export const SECURITY_TOKEN_HEADER_MAX = 64;

const HOST = /^(?:\*|(?:\*\.)?[a-z0-9_-]+(?:\.[a-z0-9_-]+)*\.?)$/;
const SCHEME = /^(?:\*|[a-z][a-z0-9+.-]*)$/;
const PORT = /^(?:\*|\d{1,5})$/;

/** One allowed-domain pattern: "*", "example.com", "*.example.com", "https://app.example.com:8443", "*:443". */
export function originPatternProblem(value: unknown): string | undefined {
  const example = 'such as "https://app.example.com", "*.example.com" or "*"';
  if (typeof value !== "string" || value.trim() === "") {
    return `must be a non-blank origin pattern ${example}, got ${describeValue(value)}.`;
  }
  const text = value.trim().toLowerCase().replace(/\/$/, "");
  if (text === "*") return undefined;
  const schemeEnd = text.indexOf("://");
  const scheme = schemeEnd === -1 ? "*" : text.slice(0, schemeEnd);
  const rest = schemeEnd === -1 ? text : text.slice(schemeEnd + 3);
  const [host, port, extra] = rest.split("/")[0]!.split(":");
  const fine =
    SCHEME.test(scheme) &&
    extra === undefined &&
    host !== undefined &&
    HOST.test(host) &&
    (port === undefined || PORT.test(port));
  return fine
    ? undefined
    : `${describeValue(value)} is not an origin pattern Sentry accepts: use a scheme, host and port, ${example}.`;
}

/** A list of allowed-domain patterns; Sentry refuses an empty list. */
export function allowedDomainsProblem(value: unknown): string | undefined {
  if (!Array.isArray(value)) {
    return `must be a list of origin patterns such as ["https://app.example.com"], got ${describeValue(value)}.`;
  }
  if (value.length === 0) {
    return 'must not be empty: Sentry would refuse every browser event. Use ["*"] to allow any origin.';
  }
  for (const [index, item] of value.entries()) {
    const problem = originPatternProblem(item);
    if (problem) return `entry ${index} ${problem}`;
  }
  return undefined;
}

/** The security token: base64-like characters and spaces, at most 255. Never shows the value. */
export function securityTokenProblem(value: unknown): string | undefined {
  if (typeof value !== "string") return "must be a string (a Pulumi secret).";
  if (value.length > SECURITY_TOKEN_MAX) {
    return `is ${value.length} characters long; Sentry allows at most ${SECURITY_TOKEN_MAX}.`;
  }
  return /^[-a-zA-Z0-9+/=\s]*$/.test(value)
    ? undefined
    : "has characters Sentry refuses: use letters, digits, and - + / = only (the value is not shown).";
}

/** The header Sentry sends the security token in, such as "X-Sentry-Token". */
export function securityTokenHeaderProblem(value: unknown): string | undefined {
  if (typeof value !== "string" || !/^[a-zA-Z0-9_-]+$/.test(value)) {
    return `must be a header name of letters, digits, "-" and "_", such as "X-Sentry-Token", got ${describeValue(value)}.`;
  }
  return value.length > SECURITY_TOKEN_HEADER_MAX
    ? `is ${value.length} characters long; Sentry allows at most ${SECURITY_TOKEN_HEADER_MAX}.`
    : undefined;
}
