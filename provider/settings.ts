/** The provider config namespace: `pulumi config set --secret sentry-rotation:authToken ...`. */
export const CONFIG_NAMESPACE = "sentry-rotation";

/** Where the provider's connection settings come from, resolved at configure time. */
export interface ProviderSettings {
  /** The Sentry API token; never serialized, logged or stored in state. */
  authToken?: string;
  /** The Sentry base URL. */
  url: string;
  /** The default organization slug for resources that name none. */
  organization?: string;
  /** Append audit events as JSON lines to this file. */
  auditLog?: string;
  /** POST audit events to this URL (Slack-compatible); a credential, never logged. */
  auditWebhook?: string;
  /** How long past its rotateAt a key may stay before it is reported overdue (default "1d"). */
  overdueGrace?: string;
}

/** Settings the provider knows that a resource may leave out. */
export interface ProviderDefaults {
  /** From `sentry-rotation:organization` or `SENTRY_ORG`. */
  organization?: string;
}

/** Anything that answers `get("sentry-rotation:authToken")`, like the dynamic provider's config. */
export interface ConfigSource {
  get(key: string): string | undefined;
}

/**
 * A connection a resource or component states for itself, overriding the stack's: where its
 * Sentry is, the organization its keys default to, and the API token for it (a Pulumi secret).
 */
export interface Connection {
  /** The Sentry base URL, e.g. `https://sentry.io` or a self-hosted Sentry's. */
  url?: string;
  /** The organization slug the resource's keys default to. */
  organization?: string;
  /** The API token for this Sentry; kept encrypted in state. */
  authToken?: string;
}

/** A connection once resolved: the URL always known, the token and organization when given. */
export interface ResolvedConnection {
  url: string;
  organization?: string;
  authToken?: string;
}

/** The Sentry a connection reaches when no URL is given. */
export const DEFAULT_SENTRY_URL = "https://sentry.io";

/**
 * The one resolution of where a call goes and with which token. It has two callers:
 *
 * - a resource's (or component's) own `connection` (`explicit`): taken whole. Nothing of it falls
 *   back to the provider's settings or the environment, so a token is only ever sent to the URL
 *   it was given with (an explicit one without `url` means sentry.io);
 * - a provider instance, with no `explicit`: its settings `config` field by field, then
 *   `SENTRY_AUTH_TOKEN`, `SENTRY_URL`, `SENTRY_ORG` (as sentry-cli reads them). For the dynamic
 *   provider and the plugin's default provider `config` is the stack's `sentry-rotation:*`
 *   config; for an explicit plugin provider it is that provider's own arguments
 *   (plugin/provider-config.ts), so each of its fields wins over the environment.
 *
 * `resolveSettings` is the provider-instance caller; `ProviderContext.withConnection` (a
 * resource's connection, both front doors) the explicit one. Pure: every source is passed in.
 */
export function resolveConnection(
  explicit: Connection | undefined,
  config: ConfigSource,
  env: Record<string, string | undefined>,
): ResolvedConnection {
  if (explicit !== undefined && explicit !== null) {
    return withoutAbsent({
      url: baseUrl(nonBlank(explicit.url)),
      organization: nonBlank(explicit.organization),
      authToken: nonBlank(explicit.authToken),
    });
  }
  const pick = (key: string, variable: string) => pickSetting(config, env, key, variable);
  return withoutAbsent({
    url: baseUrl(pick("url", "SENTRY_URL")),
    organization: pick("organization", "SENTRY_ORG"),
    authToken: pick("authToken", "SENTRY_AUTH_TOKEN"),
  });
}

/**
 * Resolves the settings from stack config first, then the environment: the connection as
 * {@link resolveConnection} has it, plus `SENTRY_ROTATION_AUDIT_LOG`,
 * `SENTRY_ROTATION_AUDIT_WEBHOOK`, `SENTRY_ROTATION_OVERDUE_GRACE`. Pure: both sources are passed in.
 */
export function resolveSettings(
  config: ConfigSource,
  env: Record<string, string | undefined>,
): ProviderSettings {
  const pick = (key: string, variable: string) => pickSetting(config, env, key, variable);
  const connection = resolveConnection(undefined, config, env);
  return {
    authToken: connection.authToken,
    url: connection.url,
    organization: connection.organization,
    auditLog: pick("auditLog", "SENTRY_ROTATION_AUDIT_LOG"),
    auditWebhook: pick("auditWebhook", "SENTRY_ROTATION_AUDIT_WEBHOOK"),
    overdueGrace: pick("overdueGrace", "SENTRY_ROTATION_OVERDUE_GRACE"),
  };
}

function pickSetting(
  config: ConfigSource,
  env: Record<string, string | undefined>,
  key: string,
  variable: string,
): string | undefined {
  return nonBlank(config.get(`${CONFIG_NAMESPACE}:${key}`)) ?? nonBlank(env[variable]);
}

function baseUrl(url: string | undefined): string {
  return (url ?? DEFAULT_SENTRY_URL).replace(/\/+$/, "");
}

function withoutAbsent(connection: ResolvedConnection): ResolvedConnection {
  return Object.fromEntries(
    Object.entries(connection).filter(([, value]) => value !== undefined),
  ) as ResolvedConnection;
}

/** The message for a call made without a token: what to set, and where. */
export const MISSING_TOKEN_MESSAGE =
  "no Sentry auth token: set it with `pulumi config set --secret sentry-rotation:authToken <token>` or the SENTRY_AUTH_TOKEN environment variable (a user or internal-integration token with project:admin for client keys, org:write for org auth tokens).";

function nonBlank(value: unknown): string | undefined {
  return typeof value === "string" && value.trim() !== "" ? value.trim() : undefined;
}

/** How long past its rotateAt a key may stay before it is reported overdue, unless configured. */
export const DEFAULT_OVERDUE_GRACE = "1d";
