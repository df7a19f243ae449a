/**
 * `createSentryClient`: the entry point the provider uses. Options are resolved (and SENTRY_URL
 * read) here, at creation time.
 */
import { createClientKeysApi, type ClientKeysApi } from "./client-keys";
import { resolveClientOptions, type SentryClientOptions } from "./options";
import { createOrgAuthTokensApi, type OrgAuthTokensApi } from "./org-auth-tokens";
import { createProjectsApi, type ProjectsApi } from "./projects";
import { Transport } from "./transport";
import type { AuthInfo } from "./types";

/** A Sentry API client bound to one base URL and token. */
export interface SentryClient {
  /** Base URL in use (from the options, SENTRY_URL or the default). */
  readonly baseUrl: string;
  /** Project client keys (DSNs). */
  readonly clientKeys: ClientKeysApi;
  /** Organization auth tokens. */
  readonly orgAuthTokens: OrgAuthTokensApi;
  /** Project details and security settings. */
  readonly projects: ProjectsApi;
  /** GET /api/0/: the token's scopes and user (`auth` is null when Sentry did not accept it). */
  authInfo(): Promise<AuthInfo>;
}

/** Creates a client; throws InputError when an option is wrong. */
export function createSentryClient(options: SentryClientOptions): SentryClient {
  const transport = new Transport(resolveClientOptions(options));
  return {
    baseUrl: transport.options.baseUrl,
    clientKeys: createClientKeysApi(transport),
    orgAuthTokens: createOrgAuthTokensApi(transport),
    projects: createProjectsApi(transport),
    async authInfo() {
      const response = await transport.request<AuthInfo>({
        method: "GET",
        path: "/api/0/",
        action: "reading auth info",
      });
      return response.data;
    },
  };
}
