/**
 * API paths of the calls the client makes, built from checked, URL-encoded segments.
 */
import { describeValue } from "../describe-value";
import { InputError } from "../input-error";

/** Checks one path segment (an org slug, project slug or id) and URL-encodes it. */
export function segment(field: string, value: unknown): string {
  if (typeof value !== "string" || value.trim() === "") {
    throw new InputError(field, `must be a non-empty string, got ${describeValue(value)}`);
  }
  if (value !== value.trim()) {
    throw new InputError(field, `"${value}" has leading or trailing spaces: remove them`);
  }
  return encodeURIComponent(value);
}

/** `/api/0/projects/{org}/{project}/` */
export function projectPath(org: string, project: string): string {
  return `/api/0/projects/${segment("organization", org)}/${segment("project", project)}/`;
}

/** `/api/0/projects/{org}/{project}/keys/` */
export function projectKeysPath(org: string, project: string): string {
  return `/api/0/projects/${segment("organization", org)}/${segment("project", project)}/keys/`;
}

/** `/api/0/projects/{org}/{project}/keys/{keyId}/` */
export function projectKeyPath(org: string, project: string, keyId: string): string {
  return `${projectKeysPath(org, project)}${segment("keyId", keyId)}/`;
}

/** `/api/0/projects/{org}/{project}/keys/{keyId}/stats/` (private: not in the OpenAPI schema) */
export function projectKeyStatsPath(org: string, project: string, keyId: string): string {
  return `${projectKeyPath(org, project, keyId)}stats/`;
}

/** `/api/0/organizations/{org}/project-keys/` */
export function organizationProjectKeysPath(org: string): string {
  return `/api/0/organizations/${segment("organization", org)}/project-keys/`;
}

/** `/api/0/organizations/{org}/org-auth-tokens/` */
export function orgAuthTokensPath(org: string): string {
  return `/api/0/organizations/${segment("organization", org)}/org-auth-tokens/`;
}

/** `/api/0/organizations/{org}/org-auth-tokens/{tokenId}/` */
export function orgAuthTokenPath(org: string, tokenId: string): string {
  return `${orgAuthTokensPath(org)}${segment("tokenId", tokenId)}/`;
}
