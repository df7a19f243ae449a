/**
 * A project's security settings: their defaults, and the PUT body that changes them, validated
 * as Sentry's project details serializer does (same fields, same 400 bodies). Pure.
 */
import { ALL_ORIGINS, isAcceptableOrigin, normalizeOrigin } from "./origins";
import type { ProjectSecurityRecord } from "./state";
import {
  booleanField,
  pythonTypeName,
  validateObject,
  type Field,
  type Outcome,
} from "./validation";

/** The settings as the API shows them (every field present). */
export interface ProjectSecurity {
  allowedDomains: string[];
  securityToken: string;
  securityTokenHeader: string | null;
  verifySSL: boolean;
  scrubIPAddresses: boolean;
  scrapeJavaScript: boolean;
}

/** The settings with Sentry's defaults for those never set (`securityToken` must be set). */
export function effectiveSecurity(
  record: ProjectSecurityRecord | undefined,
): Omit<ProjectSecurity, "securityToken"> & { securityToken?: string } {
  return {
    allowedDomains: record?.allowedDomains ? [...record.allowedDomains] : [...ALL_ORIGINS],
    ...(record?.securityToken === undefined ? {} : { securityToken: record.securityToken }),
    securityTokenHeader: record?.securityTokenHeader ?? null,
    verifySSL: record?.verifySSL ?? false,
    scrubIPAddresses: record?.scrubIPAddresses ?? false,
    scrapeJavaScript: record?.scrapeJavaScript ?? true,
  };
}

const EMPTY_DOMAINS = "Empty value will block all requests, use * to accept from all domains";
const SECURITY_TOKEN = /^[-a-zA-Z0-9+/=\s]+$/;
const TOKEN_HEADER = /^[a-zA-Z0-9_-]+$/;
const NO_MATCH = "This value does not match the required pattern.";

// ListField(child=OriginField(allow_blank=True)): blanks are dropped, an empty result is refused.
const allowedDomainsField: Field<string[]> = (value) => {
  if (!Array.isArray(value)) {
    return {
      ok: false,
      errors: [`Expected a list of items but got type "${pythonTypeName(value)}".`],
    };
  }
  const errors: Record<string, string[]> = {};
  const kept: string[] = [];
  value.forEach((item, index) => {
    if (typeof item !== "string") errors[index] = ["Not a valid string."];
    else if (item.trim() === "") return;
    else if (!isAcceptableOrigin(item)) errors[index] = [`${item} is not an acceptable domain`];
    else kept.push(normalizeOrigin(item));
  });
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  if (kept.length === 0) return { ok: false, errors: [EMPTY_DOMAINS] };
  return { ok: true, value: [...new Set(kept)] };
};

// The error never repeats the value: it is a secret.
const securityTokenField: Field<string> = (value) => {
  if (typeof value !== "string") return { ok: false, errors: ["Not a valid string."] };
  const text = value.trim();
  if (text.length > 255)
    return { ok: false, errors: ["Ensure this field has no more than 255 characters."] };
  if (text !== "" && !SECURITY_TOKEN.test(text)) return { ok: false, errors: [NO_MATCH] };
  return { ok: true, value: text };
};

// Blank or null puts the default header (X-Sentry-Token) back.
const tokenHeaderField: Field<string | null> = (value) => {
  if (value === null) return { ok: true, value: null };
  if (typeof value !== "string") return { ok: false, errors: ["Not a valid string."] };
  const text = value.trim();
  if (text === "") return { ok: true, value: null };
  if (text.length > 64)
    return { ok: false, errors: ["Ensure this field has no more than 64 characters."] };
  return TOKEN_HEADER.test(text) ? { ok: true, value: text } : { ok: false, errors: [NO_MATCH] };
};

/**
 * The security settings a project PUT changes; other fields of the body are ignored (the sandbox
 * emulates only these). A partial update: absent fields keep their value.
 */
export function parseSecurityUpdate(body: unknown): Outcome<Partial<ProjectSecurity>> {
  return validateObject<ProjectSecurity>(body, {
    allowedDomains: allowedDomainsField,
    securityToken: securityTokenField,
    securityTokenHeader: tokenHeaderField,
    verifySSL: booleanField,
    scrubIPAddresses: booleanField,
    scrapeJavaScript: booleanField,
  });
}
