/**
 * Typed calls for organization auth tokens (`sntrys_`, private but stable API): list, create,
 * get, rename, delete. The token value is returned by `create` only; Sentry never shows it again.
 */
import { InputError } from "../input-error";
import { nameProblem, ORG_AUTH_TOKEN_NAME_MAX } from "./key-fields";
import { orgAuthTokenPath, orgAuthTokensPath } from "./paths";
import type { Transport } from "./transport";
import type { NewOrgAuthToken, OrgAuthToken } from "./types";

/** Org-auth-token calls of a SentryClient. */
export interface OrgAuthTokensApi {
  /** Active tokens of an organization (Sentry does not paginate this list). */
  list(org: string): Promise<OrgAuthToken[]>;
  /**
   * Creates a token and returns it with its value, the only time it is readable. Never retried once
   * it may have reached Sentry (see SentryApiError.maybeCommitted): each creation e-mails the owners.
   */
  create(org: string, body: { name: string }): Promise<NewOrgAuthToken>;
  /** One token by id (404 once deleted). */
  get(org: string, tokenId: string): Promise<OrgAuthToken>;
  /** Renames a token (Sentry answers 204 without a body). */
  update(org: string, tokenId: string, body: { name: string }): Promise<void>;
  /** Deactivates a token: it stops working at once and disappears from the list. */
  delete(org: string, tokenId: string): Promise<void>;
}

/** Builds the org-auth-token calls over a transport. */
export function createOrgAuthTokensApi(transport: Transport): OrgAuthTokensApi {
  return {
    async list(org) {
      const response = await transport.request<OrgAuthToken[]>({
        method: "GET",
        path: orgAuthTokensPath(org),
        scope: "org:read",
        action: "listing org auth tokens",
      });
      return response.data;
    },
    async create(org, body) {
      const response = await transport.request<NewOrgAuthToken>({
        method: "POST",
        path: orgAuthTokensPath(org),
        body: { name: checkTokenName(body?.name) },
        scope: "org:write",
        action: "creating an org auth token",
      });
      return response.data;
    },
    async get(org, tokenId) {
      const response = await transport.request<OrgAuthToken>({
        method: "GET",
        path: orgAuthTokenPath(org, tokenId),
        scope: "org:read",
        action: "reading an org auth token",
      });
      return response.data;
    },
    async update(org, tokenId, body) {
      await transport.request<void>({
        method: "PUT",
        path: orgAuthTokenPath(org, tokenId),
        body: { name: checkTokenName(body?.name) },
        scope: "org:write",
        action: "renaming an org auth token",
      });
    },
    async delete(org, tokenId) {
      await transport.request<void>({
        method: "DELETE",
        path: orgAuthTokenPath(org, tokenId),
        scope: "org:write",
        action: "deleting an org auth token",
      });
    },
  };
}

function checkTokenName(name: unknown): string {
  const problem = nameProblem(name, ORG_AUTH_TOKEN_NAME_MAX);
  if (problem) throw new InputError("name", problem);
  return name as string;
}
