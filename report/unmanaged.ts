/**
 * What Sentry holds beside the stacks: keys and tokens no stack manages (they never rotate), and
 * managed ones Sentry no longer has. Pure: the live lists are read elsewhere (live.ts).
 */
import type { ManagedKey } from "./model";

/** A client key as listed by Sentry, reduced to what the report shows (never its secret). */
export interface LiveClientKey {
  id: string;
  name: string;
  projectId: number;
  isActive: boolean;
  dateCreated: string | null;
}

/** An org auth token as listed by Sentry (active ones only). */
export interface LiveOrgAuthToken {
  id: string;
  name: string;
  tokenLastCharacters: string;
  dateCreated: string;
  dateLastUsed: string | null;
}

/** Everything Sentry lists for one organization. */
export interface LiveInventory {
  organization: string;
  clientKeys: LiveClientKey[];
  orgAuthTokens: LiveOrgAuthToken[];
}

/** A key or token in Sentry that no given stack manages. */
export interface UnmanagedKey {
  keyType: "client-key" | "org-auth-token";
  organization: string;
  /** Project slug when a managed key of the same project tells it, else `#<projectId>`. */
  project?: string;
  keyId?: string;
  tokenId?: string;
  tokenLastCharacters?: string;
  name: string;
  isActive: boolean;
  createdAt?: string;
  lastUsedAt?: string;
}

/** The keys and tokens of `live` that none of `managed` is. */
export function unmanagedKeys(live: LiveInventory[], managed: ManagedKey[]): UnmanagedKey[] {
  const keyIds = new Set(managed.map((k) => k.keyId).filter(Boolean));
  const tokenIds = new Set(managed.map((k) => k.tokenId).filter(Boolean));
  const slugs = new Map(
    managed
      .filter((k) => k.projectId !== undefined && k.project)
      .map((k) => [`${k.organization}/${k.projectId}`, k.project as string]),
  );
  return live.flatMap(({ organization, clientKeys, orgAuthTokens }) => [
    ...clientKeys
      .filter((key) => !keyIds.has(key.id))
      .map((key): UnmanagedKey => ({
        keyType: "client-key",
        organization,
        project: slugs.get(`${organization}/${key.projectId}`) ?? `#${key.projectId}`,
        keyId: key.id,
        name: key.name,
        isActive: key.isActive,
        ...(key.dateCreated ? { createdAt: key.dateCreated } : {}),
      })),
    ...orgAuthTokens
      .filter((token) => !tokenIds.has(token.id))
      .map((token): UnmanagedKey => ({
        keyType: "org-auth-token",
        organization,
        tokenId: token.id,
        tokenLastCharacters: token.tokenLastCharacters,
        name: token.name,
        isActive: true,
        createdAt: token.dateCreated,
        ...(token.dateLastUsed ? { lastUsedAt: token.dateLastUsed } : {}),
      })),
  ]);
}

/**
 * Whether Sentry still has a managed key: true or false when its organization was listed,
 * undefined when it was not. Keys being removed (retiring, pending delete) may well be gone.
 */
export function presentInSentry(key: ManagedKey, live: LiveInventory[]): boolean | undefined {
  const inventory = live.find((l) => l.organization === key.organization);
  if (!inventory) return undefined;
  if (key.keyType === "org-auth-token") {
    return inventory.orgAuthTokens.some((t) => t.id === key.tokenId);
  }
  return inventory.clientKeys.some((k) => k.id === key.keyId);
}
