/**
 * One paginated list of a project's client keys, shared by the reads of every resource of that
 * project in one provider host process. A `pulumi refresh` of a fleet then costs one list call per
 * project page instead of one GET per key.
 *
 * Never stale across operations, nor after a write: the engine starts a provider host per
 * `pulumi` command and the cache lives in that process, per client. A list answers reads only,
 * for SHARED_LIST_TTL_MS after it arrived, and any key write made through the same client
 * (create, update, delete) drops its project's list at once; a list that was in flight during
 * such a write serves only the reads already waiting for it. A key missing from the list is not
 * taken as gone: the caller asks for it alone (it may be newer than the list), so only Sentry's
 * own 404 drops a key from state.
 */
import type { ClientKeysApi, ProjectKey, SentryClient } from "../sentry";

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

interface ClientLists {
  lists: Map<string, SharedList>;
  /** Writes started per project, so a list fetched across a write is not kept. */
  writes: Map<string, number>;
}

const byClient = new WeakMap<SentryClient, ClientLists>();

/**
 * The key as its project's shared list shows it, or undefined when the list does not hold it or
 * could not be fetched (then ask Sentry for the key alone, which also reports a real 404).
 */
export async function keyFromSharedList(
  client: SentryClient,
  where: SharedKeyLocation,
  now: () => number = Date.now,
): Promise<ProjectKey | undefined> {
  const state = listsOf(client);
  const project = projectName(where.organization, where.project);
  let list = state.lists.get(project);
  if (!list || list.expiresAt <= now()) {
    dropExpired(state.lists, now());
    list = fetchList(client, state, where.organization, where.project, now);
    state.lists.set(project, list);
  }
  return (await list.keys)?.get(where.keyId);
}

function listsOf(client: SentryClient): ClientLists {
  let state = byClient.get(client);
  if (!state) {
    state = { lists: new Map(), writes: new Map() };
    byClient.set(client, state);
    forgetOnWrite(client.clientKeys, state);
  }
  return state;
}

// Every key write through this client makes its project's list stale, before and after the call.
function forgetOnWrite(api: ClientKeysApi, state: ClientLists): void {
  const forget = (organization: string, project: string): void => {
    const name = projectName(organization, project);
    state.lists.delete(name);
    state.writes.set(name, (state.writes.get(name) ?? 0) + 1);
  };
  const watched =
    <A extends [string, string, ...unknown[]], R>(write: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      forget(args[0], args[1]);
      try {
        return await write(...args);
      } finally {
        forget(args[0], args[1]);
      }
    };
  api.create = watched(api.create);
  api.update = watched(api.update);
  api.delete = watched(api.delete);
}

function fetchList(
  client: SentryClient,
  state: ClientLists,
  organization: string,
  project: string,
  now: () => number,
): SharedList {
  const name = projectName(organization, project);
  const writesBefore = state.writes.get(name) ?? 0;
  const list: SharedList = { expiresAt: Infinity, keys: Promise.resolve(undefined) };
  list.keys = client.clientKeys.listAll(organization, project, { perPage: PAGE_SIZE }).then(
    (keys) => new Map(keys.map((key) => [key.id, key])),
    // A failed list is not an answer: the reads fall back to one GET each, which report the error.
    () => undefined,
  );
  void list.keys.then(() => {
    const written = (state.writes.get(name) ?? 0) !== writesBefore;
    list.expiresAt = written ? 0 : now() + SHARED_LIST_TTL_MS;
  });
  return list;
}

function projectName(organization: string, project: string): string {
  return `${organization}/${project}`;
}

function dropExpired(lists: Map<string, SharedList>, at: number): void {
  for (const [project, list] of lists) if (list.expiresAt <= at) lists.delete(project);
}
