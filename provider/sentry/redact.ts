/**
 * Scrubs Sentry secrets from any text before it reaches a message, a log line or a serialized
 * error. Pure; applied by the one place that converts HTTP failures (errors.ts) and by anything
 * that prints user-supplied strings.
 */

/** What replaces a secret. */
export const REDACTED = "[REDACTED]";

// Token prefixes: user, org auth token, internal integration. Org tokens are base64 + "_" + secret.
const TOKEN_PATTERN = /\b(sntry[usi]_)[A-Za-z0-9_+/=-]+/g;
// Credentials after an Authorization scheme (Basic only when it looks like base64, not prose).
const BEARER_PATTERN = /\b(Bearer)\s+[^\s,"']+/gi;
const BASIC_PATTERN = /\b(Basic)\s+[A-Za-z0-9+/]{8,}={0,2}/g;
// DSN secret: scheme://public:SECRET@host
const DSN_SECRET_PATTERN = /(:\/\/[0-9a-f]{32}):[0-9a-f]{32}@/gi;
// Ingest auth parameter (X-Sentry-Auth, query string).
const SENTRY_SECRET_PARAM_PATTERN = /\b(sentry_secret=)[0-9a-f]+/gi;

/**
 * Returns `text` with Sentry tokens, Authorization credentials, DSN secrets and every string in
 * `knownSecrets` (e.g. the client's own token, which may be a legacy 64-hex token without prefix)
 * replaced by `[REDACTED]`.
 */
export function redact(text: string, knownSecrets: readonly string[] = []): string {
  let out = text;
  for (const secret of knownSecrets) {
    // Short strings would shred unrelated text; real tokens are far longer.
    if (secret.length >= 8) out = out.split(secret).join(REDACTED);
  }
  return out
    .replace(TOKEN_PATTERN, `$1${REDACTED}`)
    .replace(BEARER_PATTERN, `$1 ${REDACTED}`)
    .replace(BASIC_PATTERN, `$1 ${REDACTED}`)
    .replace(DSN_SECRET_PATTERN, `$1:${REDACTED}@`)
    .replace(SENTRY_SECRET_PARAM_PATTERN, `$1${REDACTED}`);
}

/** True when `text` still contains something `redact` would remove. */
export function containsSecret(text: string, knownSecrets: readonly string[] = []): boolean {
  return redact(text, knownSecrets) !== text;
}
