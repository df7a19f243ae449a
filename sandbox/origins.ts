/**
 * A project's allowed domains (`allowedDomains`, Sentry's `sentry:origins`): which patterns the
 * API accepts, and whether a request's origin matches them, as Sentry and Relay decide. Pure.
 */

/** What Sentry shows for a project that never set its allowed domains: every origin. */
export const ALL_ORIGINS = ["*"] as const;

/** One allowed-domain pattern split as Sentry's `parse_uri_match` splits it. */
interface UriMatch {
  /** "*" or a scheme ("https"). */
  scheme: string;
  /** "*", "host", "*.host", "host:port" or "*:port". */
  domain: string;
  /** "*" or a path prefix (a trailing "*" is dropped when matching). */
  path: string;
}

const SCHEME = /^(?:\*|[a-z][a-z0-9+.-]*)$/;
const HOST = /^(?:\*|(?:\*\.)?[a-z0-9_-]+(?:\.[a-z0-9_-]+)*\.?)$/;
const PORT = /^(?:\*|\d{1,5})$/;

/** Lower-cases and trims a pattern and drops a trailing "/" (as Sentry stores origins). */
export function normalizeOrigin(pattern: string): string {
  const text = pattern.trim().toLowerCase();
  return text.length > 1 && text.endsWith("/") && !text.endsWith("://") ? text.slice(0, -1) : text;
}

function parseUriMatch(pattern: string): UriMatch | undefined {
  let rest = pattern;
  let scheme = "*";
  const schemeEnd = rest.indexOf("://");
  if (schemeEnd !== -1) {
    scheme = rest.slice(0, schemeEnd);
    rest = rest.slice(schemeEnd + 3);
  }
  const slash = rest.indexOf("/");
  const domain = slash === -1 ? rest : rest.slice(0, slash);
  const path = slash === -1 ? "*" : rest.slice(slash) || "*";
  const [host, port, extra] = domain.split(":");
  if (!SCHEME.test(scheme) || extra !== undefined || !host || !HOST.test(host)) return undefined;
  if (port !== undefined && !PORT.test(port)) return undefined;
  return { scheme, domain, path };
}

/** True when the API accepts `pattern` as an allowed domain (Sentry's OriginField). */
export function isAcceptableOrigin(pattern: string): boolean {
  const text = normalizeOrigin(pattern);
  return text === "*" || parseUriMatch(text) !== undefined;
}

/**
 * The origin a browser-style ingest request comes from, as Relay reads it: the `Origin` header,
 * else the `Referer`, each only when it is an http(s) URL. Undefined when neither is.
 */
export function requestOrigin(headers: { origin?: string; referer?: string }): URL | undefined {
  for (const value of [headers.origin, headers.referer]) {
    if (value === undefined) continue;
    try {
      const url = new URL(value.trim());
      if (url.protocol === "http:" || url.protocol === "https:") return url;
    } catch {
      // not a URL ("null" from a sandboxed frame, say): try the next header
    }
  }
  return undefined;
}

/**
 * Whether an ingest request from `origin` is accepted under `allowed` (Relay's check with the
 * project's `allowedDomains`): no origin at all passes, an empty list refuses everything, "*"
 * accepts everything; otherwise one pattern must match scheme, domain (exact, `*.domain` for
 * the domain and its subdomains, a bare domain at any port, `*:port`) and path prefix.
 */
export function isAllowedOrigin(origin: URL | undefined, allowed: readonly string[]): boolean {
  if (origin === undefined) return true;
  if (allowed.length === 0) return false;
  const patterns = allowed.map(normalizeOrigin);
  if (patterns.includes("*")) return true;
  const scheme = origin.protocol.slice(0, -1);
  const host = origin.hostname.toLowerCase();
  const domains = origin.port
    ? ["*", host, `${host}:${origin.port}`, `*:${origin.port}`]
    : ["*", host, `*:${defaultPort(scheme)}`];
  if (patterns.includes(`${scheme}://${origin.host}`.toLowerCase())) return true;
  return patterns.some((pattern) => {
    const bits = parseUriMatch(pattern);
    if (!bits) return false;
    if (bits.scheme !== "*" && bits.scheme !== scheme) return false;
    const [patternHost] = bits.domain.split(":");
    if (patternHost!.startsWith("*.") && patternHost !== "*") {
      const base = patternHost!.slice(2);
      if (host !== base && !host.endsWith(`.${base}`)) return false;
    } else if (!domains.includes(bits.domain)) {
      return false;
    }
    if (bits.path === "*") return true;
    const prefix = bits.path.endsWith("*") ? bits.path.slice(0, -1) : bits.path;
    return origin.pathname.startsWith(prefix);
  });
}

function defaultPort(scheme: string): string {
  return scheme === "https" ? "443" : "80";
}
