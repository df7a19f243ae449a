/**
 * One paginated list of a project's client keys, shared by the reads of every resource of that
 * project in one provider host process. A `pulumi refresh` of a fleet then costs one list call per
 * project page instead of one GET per key.
 *
 * Never stale across operations: the engine starts a provider host per `pulumi` command and the
 * cache lives in that process, per configured client. Within one command a list answers reads
 * only (writes never look here) for SHARED_LIST_TTL_MS after it arrived; the engine reads a
 * resource before it writes it (refresh, `up --refresh`), so no read sees this process's own
 * writes through it. A key missing from the list is not taken as gone: the caller asks for it
 * alone (it may be newer than the list), so only Sentry's own 404 drops a key from state.
 */
import type { ProjectKey, SentryClient } from "../sentry";

/** How long a fetched list answers reads: a refresh's burst of reads, not a later command. */
export const SHARED_LIST_TTL_MS = 10_000;
/** Sentry's largest page. */
const PAGE_SIZE = 100;

/** Where a key lives. */
export interface SharedKeyLocation {
  organization: string;
  project: string;
  keyId: string;
}

interface SharedList {
  /** Infinity while the list is being fetched: concurrent reads wait for the same fetch. */
  expiresAt: number;
  /** The project's keys by id; undefined when the list could not be fetched. */
  keys: Promise<Map<string, ProjectKey> | undefined>;
}

const listsByClient = new WeakMap<SentryClient, Map<string, SharedList>>();

/**
 * The key as its project's shared list shows it, or undefined when the list does not hold it or
 * could not be fetched (then ask Sentry for the key alone, which also reports a real 404).
 */
export async function keyFromSharedList(
  client: SentryClient,
  where: SharedKeyLocation,
  now: () => number = Date.now,
): Promise<ProjectKey | undefined> {
  let lists = listsByClient.get(client);
  if (!lists) {
    lists = new Map();
    listsByClient.set(client, lists);
  }
  const project = `${where.organization}/${where.project}`;
  let list = lists.get(project);
  if (!list || list.expiresAt <= now()) {
    dropExpired(lists, now());
    list = fetchList(client, where.organization, where.project, now);
    lists.set(project, list);
  }
  return (await list.keys)?.get(where.keyId);
}

function fetchList(
  client: SentryClient,
  organization: string,
  project: string,
  now: () => number,
): SharedList {
  const list: SharedList = { expiresAt: Infinity, keys: Promise.resolve(undefined) };
  list.keys = client.clientKeys.listAll(organization, project, { perPage: PAGE_SIZE }).then(
    (keys) => new Map(keys.map((key) => [key.id, key])),
    // A failed list is not an answer: the reads fall back to one GET each, which report the error.
    () => undefined,
  );
  void list.keys.then(() => (list.expiresAt = now() + SHARED_LIST_TTL_MS));
  return list;
}

function dropExpired(lists: Map<string, SharedList>, at: number): void {
  for (const [project, list] of lists) if (list.expiresAt <= at) lists.delete(project);
}
