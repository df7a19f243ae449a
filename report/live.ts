/** The live half of the report: what Sentry lists for each organization, and key usage. I/O. */
import { type KeyUsage, readKeyUsage } from "../provider/lifecycle/usage";
import { createSentryClient, type SentryClient } from "../provider/sentry";
import type { ManagedKey } from "./model";
import type { LiveInventory } from "./unmanaged";

/** A client for `url` with the token from SENTRY_AUTH_TOKEN (never from a flag). */
export function reportClient(url: string, token: string): SentryClient {
  return createSentryClient({ baseUrl: url, token });
}

/** Lists the client keys (all projects) and active org auth tokens of each organization. */
export async function readLiveInventory(
  client: SentryClient,
  organizations: string[],
): Promise<LiveInventory[]> {
  const inventories: LiveInventory[] = [];
  for (const organization of organizations) {
    const keys = await client.clientKeys.listAllForOrganization(organization, { perPage: 100 });
    const tokens = await client.orgAuthTokens.list(organization);
    inventories.push({
      organization,
      // Only the fields the report shows: never a key's secret or its DSNs.
      clientKeys: keys.map(({ id, name, projectId, isActive, dateCreated }) => ({
        id,
        name,
        projectId,
        isActive,
        dateCreated,
      })),
      orgAuthTokens: tokens.map(({ id, name, tokenLastCharacters, dateCreated, dateLastUsed }) => ({
        id,
        name,
        tokenLastCharacters,
        dateCreated,
        dateLastUsed,
      })),
    });
  }
  return inventories;
}

/** The window of the usage column. */
export const USAGE_WINDOW_MS = 24 * 3_600_000;

/**
 * Each managed client key's error events in the 24 hours before `now` (Sentry's clock: the real
 * time, not `--now`), by key id, for the keys Sentry still lists (`live`). A key whose stats cannot
 * be read gets an unknown usage saying why; this never throws.
 */
export async function readKeyUsages(
  client: SentryClient,
  keys: readonly ManagedKey[],
  live: readonly LiveInventory[],
  now: Date,
): Promise<Map<string, KeyUsage>> {
  const listed = new Set(live.flatMap((l) => l.clientKeys.map((k) => k.id)));
  const usages = new Map<string, KeyUsage>();
  const since = new Date(now.getTime() - USAGE_WINDOW_MS);
  for (const { keyType, organization, project, keyId } of keys) {
    if (keyType !== "client-key" || !organization || !project || !keyId) continue;
    if (!listed.has(keyId) || usages.has(keyId)) continue;
    usages.set(keyId, await readKeyUsage(client, { organization, project, keyId }, since, now));
  }
  return usages;
}
