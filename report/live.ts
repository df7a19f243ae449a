/** The live half of the report: what Sentry lists for each organization. I/O. */
import { createSentryClient, type SentryClient } from "../provider/sentry";
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
