/** Reads the public key an ingest request authenticates with, in any of Relay's four forms. */

/** The public key, or the 401 detail Relay answers with. */
export type IngestAuth = { ok: true; publicKey: string } | { ok: false; detail: string };

const MISSING = "missing authorization information";
const BAD = "bad x-sentry-auth header";
const MULTIPLE = "multiple authorization payloads detected";

/**
 * Accepts `X-Sentry-Auth: Sentry sentry_key=...`, `Authorization: Sentry ...`,
 * `Authorization: Basic base64(public:secret)` and `?sentry_key=`; exactly one of them.
 */
export function readIngestAuth(headers: {
  xSentryAuth?: string;
  authorization?: string;
  sentryKeyParam?: string | null;
}): IngestAuth {
  const found: Array<() => string | undefined> = [];
  if (headers.xSentryAuth !== undefined)
    found.push(() => keyFromPairs(headers.xSentryAuth!, false));
  const authorization = headers.authorization?.trim();
  if (authorization && /^sentry\s/i.test(authorization))
    found.push(() => keyFromPairs(authorization, true));
  else if (authorization && /^basic\s/i.test(authorization))
    found.push(() => keyFromBasic(authorization));
  if (headers.sentryKeyParam !== undefined && headers.sentryKeyParam !== null) {
    found.push(() => headers.sentryKeyParam ?? undefined);
  }
  if (found.length === 0) return { ok: false, detail: MISSING };
  if (found.length > 1) return { ok: false, detail: MULTIPLE };
  const publicKey = found[0]!()?.trim().toLowerCase();
  if (!publicKey || !/^[0-9a-f]{32}$/.test(publicKey)) return { ok: false, detail: BAD };
  return { ok: true, publicKey };
}

// "Sentry sentry_version=7, sentry_key=abc, ..." (the "Sentry " prefix is optional in X-Sentry-Auth).
function keyFromPairs(value: string, prefixRequired: boolean): string | undefined {
  const trimmed = value.trim();
  const hasPrefix = /^sentry\s/i.test(trimmed);
  if (prefixRequired && !hasPrefix) return undefined;
  const body = hasPrefix ? trimmed.replace(/^sentry\s+/i, "") : trimmed;
  for (const pair of body.split(",")) {
    const [name, ...rest] = pair.split("=");
    const key = name?.trim().replace(/^sentry_/, "");
    if (key === "key") return rest.join("=").trim();
  }
  return undefined;
}

function keyFromBasic(value: string): string | undefined {
  const encoded = value.replace(/^basic\s+/i, "").trim();
  const decoded = Buffer.from(encoded, "base64").toString("utf8");
  const user = decoded.split(":")[0];
  return user === "" ? undefined : user;
}
