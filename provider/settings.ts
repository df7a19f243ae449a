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
 * Resolves the settings from stack config first, then the environment (`SENTRY_AUTH_TOKEN`,
 * `SENTRY_URL`, `SENTRY_ORG`, as sentry-cli reads them; `SENTRY_ROTATION_AUDIT_LOG`,
 * `SENTRY_ROTATION_AUDIT_WEBHOOK`, `SENTRY_ROTATION_OVERDUE_GRACE`). Pure: both sources are passed in.
 */
export function resolveSettings(
  config: ConfigSource,
  env: Record<string, string | undefined>,
): ProviderSettings {
  const pick = (key: string, variable: string) =>
    nonBlank(config.get(`${CONFIG_NAMESPACE}:${key}`)) ?? nonBlank(env[variable]);
  return {
    authToken: pick("authToken", "SENTRY_AUTH_TOKEN"),
    url: (pick("url", "SENTRY_URL") ?? "https://sentry.io").replace(/\/+$/, ""),
    organization: pick("organization", "SENTRY_ORG"),
    auditLog: pick("auditLog", "SENTRY_ROTATION_AUDIT_LOG"),
    auditWebhook: pick("auditWebhook", "SENTRY_ROTATION_AUDIT_WEBHOOK"),
    overdueGrace: pick("overdueGrace", "SENTRY_ROTATION_OVERDUE_GRACE"),
  };
}

/** Connection settings given explicitly (a provider instance's inputs, or one resource's). */
export interface ExplicitConnection {
  /** The Sentry base URL. */
  url?: string;
  /** The default organization slug. */
  organization?: string;
  /** The Sentry API token (a secret wherever it is given). */
  authToken?: string;
}

/**
 * The settings of one connection: explicit values first (a plugin provider instance's `url`,
 * `organization`, `authToken`), then stack config, then the environment, as `resolveSettings`.
 * Pure. Each explicit provider of a program resolves its own, so two providers are two connections.
 */
export function resolveConnection(
  explicit: ExplicitConnection | undefined,
  config: ConfigSource,
  env: Record<string, string | undefined>,
): ProviderSettings {
  const settings = resolveSettings(config, env);
  const authToken = nonBlank(explicit?.authToken);
  const url = nonBlank(explicit?.url);
  const organization = nonBlank(explicit?.organization);
  return {
    ...settings,
    ...(authToken ? { authToken } : {}),
    ...(url ? { url: url.replace(/\/+$/, "") } : {}),
    ...(organization ? { organization } : {}),
  };
}

/** The message for a call made without a token: what to set, and where. */
export const MISSING_TOKEN_MESSAGE =
  "no Sentry auth token: set it with `pulumi config set --secret sentry-rotation:authToken <token>` or the SENTRY_AUTH_TOKEN environment variable (a user or internal-integration token with project:admin for client keys, org:write for org auth tokens).";

function nonBlank(value: string | undefined): string | undefined {
  return value !== undefined && value.trim() !== "" ? value.trim() : undefined;
}

/** How long past its rotateAt a key may stay before it is reported overdue, unless configured. */
export const DEFAULT_OVERDUE_GRACE = "1d";
