/**
 * DSN helpers (after sentry-javascript's dsn.ts): parse a DSN into its parts and write it back
 * with or without the secret. Unlike an SDK, bad input throws an InputError naming the field and
 * the fix; messages never repeat the DSN's secret.
 */
import { InputError } from "../input-error";
import { REDACTED, redact } from "./redact";

/** The parts of a DSN `{protocol}://{publicKey}[:{secretKey}]@{host}[:{port}]/{path/}{projectId}`. */
export interface DsnParts {
  /** "http" or "https". */
  protocol: "http" | "https";
  /** Public key (32 hex on Sentry): what SDKs authenticate with. */
  publicKey: string;
  /** Secret key of legacy DSNs; absent in public DSNs. */
  secretKey?: string;
  /** Host name (IPv6 in brackets). */
  host: string;
  /** Port, absent when default. */
  port?: string;
  /** Path prefix before the project id, without slashes at either end ("" for none). */
  path: string;
  /** Numeric project id. */
  projectId: string;
}

/** Parses a DSN; throws InputError (naming `field`) when it is not one. */
export function parseDsn(dsn: string, field = "dsn"): DsnParts {
  // Never repeat a secret, whatever its shape.
  const shown =
    typeof dsn === "string"
      ? `"${redact(dsn).replace(/(:\/\/[^:@/\s]*):[^@/\s]*@/, `$1:${REDACTED}@`)}"`
      : String(dsn);
  const fail = (problem: string): never => {
    throw new InputError(
      field,
      `${shown} is not a Sentry DSN (${problem}): expected https://PUBLIC_KEY@HOST/PROJECT_ID`,
    );
  };
  if (typeof dsn !== "string" || dsn.trim() === "") return fail("empty");
  let url: URL;
  try {
    url = new URL(dsn.trim());
  } catch {
    return fail("not a URL");
  }
  const protocol = url.protocol.replace(/:$/, "");
  if (protocol !== "http" && protocol !== "https") return fail(`scheme ${protocol}`);
  if (!url.username) return fail("no public key before @");
  if (url.search || url.hash) return fail("query or fragment");
  const segments = url.pathname.split("/").filter(Boolean);
  const projectId = segments.pop();
  if (!projectId || !/^\d+$/.test(projectId))
    return fail("the last path segment must be the numeric project id");
  const parts: DsnParts = {
    protocol,
    publicKey: decodeURIComponent(url.username),
    host: url.hostname,
    path: segments.join("/"),
    projectId,
  };
  if (url.password) parts.secretKey = decodeURIComponent(url.password);
  if (url.port) parts.port = url.port;
  return parts;
}

/** Writes a DSN; the secret is included only with `{ withSecret: true }` and when known. */
export function formatDsn(parts: DsnParts, options: { withSecret?: boolean } = {}): string {
  const secret = options.withSecret && parts.secretKey ? `:${parts.secretKey}` : "";
  const port = parts.port ? `:${parts.port}` : "";
  const path = parts.path ? `${parts.path}/` : "";
  return `${parts.protocol}://${parts.publicKey}${secret}@${parts.host}${port}/${path}${parts.projectId}`;
}

/** The public form of any DSN (secret removed). */
export function publicDsn(dsn: string, field = "dsn"): string {
  return formatDsn(parseDsn(dsn, field));
}
