/** API authentication: bearer tokens, the principal behind them, and scope checks. */
import { ApiError, DETAIL, forbidden } from "./errors";
import { hashToken } from "./ids";
import type { SandboxState } from "./state";

/** Every scope a sandbox user token may hold. */
export const USER_SCOPES = [
  "alerts:read",
  "alerts:write",
  "event:admin",
  "event:read",
  "event:write",
  "member:admin",
  "member:read",
  "member:write",
  "org:admin",
  "org:integrations",
  "org:read",
  "org:write",
  "project:admin",
  "project:read",
  "project:releases",
  "project:write",
  "team:admin",
  "team:read",
  "team:write",
] as const;

/** The only scope of an org auth token. */
export const ORG_TOKEN_SCOPES = ["org:ci"] as const;

/** Who is calling: a user token or an org auth token, with its scopes. */
export interface Principal {
  kind: "user" | "org";
  id: number;
  scopes: readonly string[];
  /** Set for org auth tokens: the only organization they may touch. */
  organizationId?: number;
}

/** What the Authorization header carries. */
export type Credentials =
  { kind: "none" } | { kind: "malformed"; detail: string } | { kind: "bearer"; token: string };

/** Reads the Authorization header; anything but `Bearer` counts as no credentials. */
export function readCredentials(header: string | undefined): Credentials {
  if (header === undefined) return { kind: "none" };
  const parts = header.trim().split(/\s+/);
  if (parts[0]?.toLowerCase() !== "bearer") return { kind: "none" };
  if (parts.length === 1) {
    return { kind: "malformed", detail: "Invalid token header. No credentials provided." };
  }
  if (parts.length > 2) {
    return {
      kind: "malformed",
      detail: "Invalid token header. Token string should not contain spaces.",
    };
  }
  return { kind: "bearer", token: parts[1]! };
}

/** The principal a token belongs to, or undefined for an unknown or deactivated token. */
export function resolveToken(state: SandboxState, token: string): Principal | undefined {
  const hashed = hashToken(token);
  const user = state.userTokens.find((t) => t.tokenHashed === hashed);
  if (user) return { kind: "user", id: user.id, scopes: user.scopes };
  const org = state.orgAuthTokens.find(
    (t) => t.tokenHashed === hashed && t.dateDeactivated === null,
  );
  if (org)
    return { kind: "org", id: org.id, scopes: org.scopes, organizationId: org.organizationId };
  return undefined;
}

/** The principal for the credentials: null when none were sent, 401 for bad or unknown ones. */
export function authenticate(state: SandboxState, credentials: Credentials): Principal | null {
  if (credentials.kind === "none") return null;
  if (credentials.kind === "malformed") throw new ApiError(401, { detail: credentials.detail });
  const principal = resolveToken(state, credentials.token);
  if (!principal) throw new ApiError(401, { detail: DETAIL.invalidToken });
  return principal;
}

/** 401 unless someone is authenticated. */
export function requireAuthenticated(principal: Principal | null): Principal {
  if (!principal) throw new ApiError(401, { detail: DETAIL.noCredentials });
  return principal;
}

/** 403 unless the principal holds one of `anyOf`. */
export function requireScope(principal: Principal, anyOf: readonly string[]): void {
  if (!anyOf.some((scope) => principal.scopes.includes(scope))) throw forbidden();
}

/** 403 when an org auth token reaches for another organization. */
export function requireOrganizationAccess(principal: Principal, organizationId: number): void {
  if (principal.organizationId !== undefined && principal.organizationId !== organizationId) {
    throw forbidden();
  }
}
