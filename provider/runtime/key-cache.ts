/**
 * One paginated list of a project's client keys, shared by the reads of every resource of that
 * project in one provider host process. A `pulumi refresh` of a fleet then costs one list call per
 * project page instead of one GET per key.
 *
 * Never stale across operations, nor after a write: the engine starts a provider host per
 * `pulumi` command and the lists live in that host's context, with its one client
 * (provider/runtime/context.ts). A list answers reads only,
 * for SHARED_LIST_TTL_MS after it arrived, and any key write made through the same client
 * (create, update, delete) drops its project's list at once; a list that was in flight during
 * such a write serves only the reads already waiting for it. A key missing from the list is not
 * taken as gone: the caller asks for it alone (it may be newer than the list), so only Sentry's
 * own 404 drops a key from state.
 */
import type { ClientKeysApi, ProjectKey } from "../sentry";

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

/** The shared lists of one client, and that client's key calls with every write watched. */
export interface SharedKeyLists {
  /** The client-key calls to use: writes through them drop their project's list. */
  readonly clientKeys: ClientKeysApi;
  /**
   * The key as its project's shared list shows it, or undefined when the list does not hold it or
   * could not be fetched (then ask Sentry for the key alone, which also reports a real 404).
   */
  find(where: SharedKeyLocation): Promise<ProjectKey | undefined>;
}

/**
 * Shared lists over `api`. The client built with them must use the returned `clientKeys`, whose
 * writes (create, update, delete) make their project's list stale before and after the call.
 */
export function createSharedKeyLists(
  api: ClientKeysApi,
  now: () => number = Date.now,
): SharedKeyLists {
  const lists = new Map<string, SharedList>();
  // Writes started per project, so a list fetched across a write is not kept.
  const writes = new Map<string, number>();
  const forget = (organization: string, project: string): void => {
    const name = projectName(organization, project);
    lists.delete(name);
    writes.set(name, (writes.get(name) ?? 0) + 1);
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
  const fetchList = (organization: string, project: string): SharedList => {
    const name = projectName(organization, project);
    const writesBefore = writes.get(name) ?? 0;
    const list: SharedList = { expiresAt: Infinity, keys: Promise.resolve(undefined) };
    list.keys = api.listAll(organization, project, { perPage: PAGE_SIZE }).then(
      (keys) => new Map(keys.map((key) => [key.id, key])),
      // A failed list is not an answer: the reads fall back to one GET each, which report the error.
      () => undefined,
    );
    void list.keys.then(() => {
      const written = (writes.get(name) ?? 0) !== writesBefore;
      list.expiresAt = written ? 0 : now() + SHARED_LIST_TTL_MS;
    });
    return list;
  };
  return {
    clientKeys: {
      ...api,
      create: watched(api.create.bind(api)),
      update: watched(api.update.bind(api)),
      delete: watched(api.delete.bind(api)),
    },
    async find(where) {
      const project = projectName(where.organization, where.project);
      let list = lists.get(project);
      if (!list || list.expiresAt <= now()) {
        dropExpired(lists, now());
        list = fetchList(where.organization, where.project);
        lists.set(project, list);
      }
      return (await list.keys)?.get(where.keyId);
    },
  };
}

function projectName(organization: string, project: string): string {
  return `${organization}/${project}`;
}

function dropExpired(lists: Map<string, SharedList>, at: number): void {
  for (const [project, list] of lists) if (list.expiresAt <= at) lists.delete(project);
}
