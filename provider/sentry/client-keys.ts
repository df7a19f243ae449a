/**
 * Typed calls for project client keys (DSNs): list (paginated, status filter), get, create,
 * update, delete, usage stats, and the organization-wide key list.
 */
import { describeValue } from "../describe-value";
import { InputError } from "../input-error";
import { CLIENT_KEY_NAME_MAX, nameProblem, rateLimitProblem } from "./key-fields";
import { paginate } from "./pagination";
import {
  organizationProjectKeysPath,
  projectKeyPath,
  projectKeyStatsPath,
  projectKeysPath,
} from "./paths";
import type { Transport } from "./transport";
import type {
  ClientKeyStatus,
  ClientKeyStatsBucket,
  ClientKeyStatsQuery,
  CreateClientKeyBody,
  ProjectKey,
  UpdateClientKeyBody,
} from "./types";

/** Filters and page size of a key list. */
export interface ListClientKeysOptions {
  /** Only active or only inactive keys. */
  status?: ClientKeyStatus;
  /** Page size, 1..100 (Sentry's default is 10). */
  perPage?: number;
}

/** Client-key calls of a SentryClient. */
export interface ClientKeysApi {
  /** Every key of a project, newest first, fetched page by page as you iterate. */
  list(org: string, project: string, options?: ListClientKeysOptions): AsyncIterable<ProjectKey>;
  /** Every key of a project, all pages collected. */
  listAll(org: string, project: string, options?: ListClientKeysOptions): Promise<ProjectKey[]>;
  /** One key by id (its public key). */
  get(org: string, project: string, keyId: string): Promise<ProjectKey>;
  /** Creates a key (never retried after it may have reached Sentry; see SentryApiError.maybeCommitted). */
  create(org: string, project: string, body?: CreateClientKeyBody): Promise<ProjectKey>;
  /**
   * Partially updates a key. Always sends `browserSdkVersion` (from `patch`, else `current`, else
   * a GET first), because a PUT without it resets the loader version to the project default.
   */
  update(
    org: string,
    project: string,
    keyId: string,
    patch: UpdateClientKeyBody,
    current?: ProjectKey,
  ): Promise<ProjectKey>;
  /** Deletes a key for good (needs project:admin). */
  delete(org: string, project: string, keyId: string): Promise<void>;
  /**
   * The key's usage, one zero-filled bucket per interval (Sentry's private key stats endpoint):
   * error events only, as Sentry's outcomes count them (see docs/resources.md).
   */
  stats(
    org: string,
    project: string,
    keyId: string,
    query: ClientKeyStatsQuery,
  ): Promise<ClientKeyStatsBucket[]>;
  /** Every key of every project of an organization, page by page. */
  listForOrganization(org: string, options?: ListClientKeysOptions): AsyncIterable<ProjectKey>;
  /** Every key of every project of an organization, all pages collected. */
  listAllForOrganization(org: string, options?: ListClientKeysOptions): Promise<ProjectKey[]>;
}

/** Builds the client-key calls over a transport. */
export function createClientKeysApi(transport: Transport): ClientKeysApi {
  const fetchPage =
    (scope: string) => async (path: string, query: Record<string, string | number | undefined>) =>
      transport.request<unknown>({
        method: "GET",
        path,
        query,
        scope,
        action: "listing client keys",
      });

  const api: ClientKeysApi = {
    list(org, project, options = {}) {
      const path = projectKeysPath(org, project);
      return paginate<ProjectKey>(fetchPage("project:read"), path, listQuery(options));
    },
    async listAll(org, project, options) {
      return collect(api.list(org, project, options));
    },
    async get(org, project, keyId) {
      const response = await transport.request<ProjectKey>({
        method: "GET",
        path: projectKeyPath(org, project, keyId),
        scope: "project:read",
        action: "reading a client key",
      });
      return response.data;
    },
    async create(org, project, body = {}) {
      const response = await transport.request<ProjectKey>({
        method: "POST",
        path: projectKeysPath(org, project),
        body: checkCreateBody(body),
        scope: "project:write",
        action: "creating a client key",
      });
      return response.data;
    },
    async update(org, project, keyId, patch, current) {
      const checked = checkUpdateBody(patch);
      if (current !== undefined && current.id !== keyId) {
        throw new InputError(
          "current",
          `is key ${current.id}, not ${keyId}: pass the key being updated`,
        );
      }
      const browserSdkVersion =
        checked.browserSdkVersion ??
        current?.browserSdkVersion ??
        (await api.get(org, project, keyId)).browserSdkVersion;
      const response = await transport.request<ProjectKey>({
        method: "PUT",
        path: projectKeyPath(org, project, keyId),
        body: { ...checked, browserSdkVersion },
        scope: "project:write",
        action: "updating a client key",
      });
      return response.data;
    },
    async delete(org, project, keyId) {
      await transport.request<void>({
        method: "DELETE",
        path: projectKeyPath(org, project, keyId),
        scope: "project:admin",
        action: "deleting a client key",
      });
    },
    async stats(org, project, keyId, query) {
      const response = await transport.request<ClientKeyStatsBucket[]>({
        method: "GET",
        path: projectKeyStatsPath(org, project, keyId),
        query: statsQuery(query),
        scope: "project:read",
        action: "reading a client key's usage",
      });
      return response.data;
    },
    listForOrganization(org, options = {}) {
      const path = organizationProjectKeysPath(org);
      return paginate<ProjectKey>(fetchPage("org:read"), path, listQuery(options));
    },
    async listAllForOrganization(org, options) {
      return collect(api.listForOrganization(org, options));
    },
  };
  return api;
}

/** Drains an async iterable into an array. */
export async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

function listQuery(options: ListClientKeysOptions): Record<string, string | number | undefined> {
  const { status, perPage } = options;
  if (status !== undefined && status !== "active" && status !== "inactive") {
    throw new InputError("status", `use "active" or "inactive", not ${describeValue(status)}`);
  }
  if (perPage !== undefined && (!Number.isInteger(perPage) || perPage < 1 || perPage > 100)) {
    throw new InputError(
      "perPage",
      `must be an integer from 1 to 100, got ${describeValue(perPage)}`,
    );
  }
  return { status, per_page: perPage };
}

// Sentry takes epoch seconds and a rollup it keeps: hourly or daily buckets.
function statsQuery(query: ClientKeyStatsQuery): Record<string, string | number> {
  const { since, until, resolution } = query;
  for (const [field, value] of [
    ["since", since],
    ["until", until],
  ] as const) {
    if (!(value instanceof Date) || Number.isNaN(value.getTime())) {
      throw new InputError(field, `must be a valid Date, got ${describeValue(value)}`);
    }
  }
  if (since.getTime() > until.getTime()) {
    throw new InputError("since", `is after until (${until.toISOString()}): swap them`);
  }
  if (resolution !== "1h" && resolution !== "1d") {
    throw new InputError("resolution", `use "1h" or "1d", not ${describeValue(resolution)}`);
  }
  return {
    since: Math.floor(since.getTime() / 1000),
    until: Math.floor(until.getTime() / 1000),
    resolution,
  };
}

function checkName(name: unknown): void {
  // Absent on create: Sentry picks a name.
  const problem = name === undefined ? undefined : nameProblem(name, CLIENT_KEY_NAME_MAX);
  if (problem) throw new InputError("name", problem);
}

function checkRateLimit(rateLimit: unknown, allowNull: boolean): void {
  if (rateLimit === undefined || (allowNull && rateLimit === null)) return;
  const problem = rateLimitProblem(rateLimit);
  if (problem) throw new InputError("rateLimit", problem);
}

function checkCreateBody(body: CreateClientKeyBody): CreateClientKeyBody {
  if (typeof body !== "object" || body === null) {
    throw new InputError("body", 'must be an object like { name: "my key" }');
  }
  if ("isActive" in body) {
    throw new InputError("isActive", "is not accepted on create: create the key, then update it");
  }
  checkName(body.name);
  checkRateLimit(body.rateLimit, false);
  return body;
}

function checkUpdateBody(patch: UpdateClientKeyBody): UpdateClientKeyBody {
  if (typeof patch !== "object" || patch === null) {
    throw new InputError("patch", "must be an object like { isActive: false }");
  }
  checkName(patch.name);
  checkRateLimit(patch.rateLimit, true);
  if (patch.isActive !== undefined && typeof patch.isActive !== "boolean") {
    throw new InputError("isActive", "must be true or false");
  }
  if (patch.browserSdkVersion !== undefined && typeof patch.browserSdkVersion !== "string") {
    throw new InputError("browserSdkVersion", 'must be a string such as "latest" or "8.x"');
  }
  return patch;
}
