/**
 * Shapes of the Sentry API objects the client reads and writes. Our own types, checked against the
 * official OpenAPI schema by the sandbox contract tests; only fields the project relies on are
 * required, the rest are optional so a newer Sentry adding or dropping extras does not break us.
 */

/** Per-key ingest rate limit: at most `count` events per `window` seconds. */
export interface KeyRateLimit {
  /** Window length in seconds (0..86400). */
  window: number;
  /** Events accepted per window. */
  count: number;
}

/** Every DSN flavour Sentry derives from one client key. */
export interface ProjectKeyDsn {
  /** DSN including the secret key (legacy, server-side SDKs); itself a secret. */
  secret: string;
  /** DSN without the secret: what SDKs are configured with. */
  public: string;
  /** CSP report endpoint. */
  csp: string;
  /** Security header report endpoint. */
  security: string;
  /** Minidump upload endpoint. */
  minidump: string;
  /** Network Error Logging endpoint. */
  nel?: string;
  /** Unreal crash report endpoint. */
  unreal: string;
  /** Cron monitor check-in endpoint. */
  crons: string;
  /** Loader script URL for the browser SDK. */
  cdn: string;
  /** PlayStation crash endpoint. */
  playstation?: string;
  /** Integration endpoint. */
  integration?: string;
  /** OTLP traces endpoint. */
  otlp_traces?: string;
  /** OTLP logs endpoint. */
  otlp_logs?: string;
}

/** Options of the JavaScript loader script of a key. */
export interface DynamicSdkLoaderOptions {
  /** Load Session Replay. */
  hasReplay: boolean;
  /** Load tracing. */
  hasPerformance: boolean;
  /** Load the debug bundle. */
  hasDebug: boolean;
  /** Load User Feedback. */
  hasFeedback?: boolean;
  /** Load logs and metrics. */
  hasLogsAndMetrics?: boolean;
}

/** A project client key (what a DSN is made of), as GET/POST/PUT `.../keys/` return it. */
export interface ProjectKey {
  /** Key id: the 32-hex public key, used in URLs. */
  id: string;
  /** Display name (<= 64 characters). */
  name: string;
  /** Same as `name`. */
  label: string;
  /** 32-hex public key. */
  public: string;
  /** 32-hex secret key (legacy). */
  secret: string;
  /** Numeric project id. */
  projectId: number;
  /** False once disabled: ingest rejects events sent with it. */
  isActive: boolean;
  /** Ingest rate limit, or null for none. */
  rateLimit: KeyRateLimit | null;
  /** DSNs derived from this key. */
  dsn: ProjectKeyDsn;
  /** Browser SDK version served by the loader script (a PUT without it resets it). */
  browserSdkVersion: string;
  /** Versions the loader script can serve. */
  browserSdk: { choices: string[][] };
  /** ISO 8601 creation time. */
  dateCreated: string | null;
  /** Loader script options. */
  dynamicSdkLoaderOptions: DynamicSdkLoaderOptions;
}

/** Body of POST `.../keys/`. `isActive` is not accepted on create: create, then update. */
export interface CreateClientKeyBody {
  /** Name (<= 64 characters); Sentry generates one when omitted. */
  name?: string;
  /** Ingest rate limit; stored only when both fields are set (and the org has the feature). */
  rateLimit?: { count: number; window: number };
}

/** Body of PUT `.../keys/{keyId}/`: a partial update. */
export interface UpdateClientKeyBody {
  /** New name (<= 64 characters). */
  name?: string;
  /** Enable or disable the key. */
  isActive?: boolean;
  /** New ingest rate limit; null clears it. */
  rateLimit?: KeyRateLimit | null;
  /** Loader script version; the client always sends it (see `clientKeys.update`). */
  browserSdkVersion?: string;
  /** Loader script options, merged by Sentry with the current ones. */
  dynamicSdkLoaderOptions?: Partial<DynamicSdkLoaderOptions>;
}

/** Filter of the key lists: Sentry returns an empty list for any other value. */
export type ClientKeyStatus = "active" | "inactive";

/** The window and bucket size of a key's usage stats. */
export interface ClientKeyStatsQuery {
  /** Start of the window (Sentry rounds it down to a bucket). */
  since: Date;
  /** End of the window. */
  until: Date;
  /** Bucket size: a rollup Sentry keeps. */
  resolution: "1h" | "1d";
}

/**
 * One bucket of a key's usage stats: outcomes of error events sent with the key. Transactions,
 * spans, replays, logs and check-ins are not counted, nor invalid or abusive events.
 */
export interface ClientKeyStatsBucket {
  /** Bucket start, epoch seconds. */
  ts: number;
  /** accepted + filtered + dropped. */
  total: number;
  /** Events accepted for processing. */
  accepted: number;
  /** Events filtered by inbound filters. */
  filtered: number;
  /** Events dropped by a rate limit. */
  dropped: number;
}

/** An organization auth token (`sntrys_`) as listed: its value is never returned again. */
export interface OrgAuthToken {
  /** Token id (a string of digits). */
  id: string;
  /** Display name (<= 255 characters). */
  name: string;
  /** Always `["org:ci"]` today. */
  scopes: string[];
  /** Last characters of the token, for recognising it. */
  tokenLastCharacters: string;
  /** ISO 8601 creation time. */
  dateCreated: string;
  /** ISO 8601 time of last use, or null. */
  dateLastUsed: string | null;
  /** Id of the project it was last used with, or null. */
  projectLastUsedId: string | null;
}

/** The response of creating an org auth token: the only time `token` is readable. */
export interface NewOrgAuthToken extends OrgAuthToken {
  /** The secret token value (`sntrys_...`). */
  token: string;
}

/** GET /api/0/: who the token belongs to and what it may do (`auth` is null when anonymous). */
export interface AuthInfo {
  /** API version, "0". */
  version: string;
  /** Scopes of the token, or null when the request was not authenticated. */
  auth: { scopes: string[]; [extra: string]: unknown } | null;
  /** The user owning the token, or null. */
  user: { id: string; username?: string; email?: string; [extra: string]: unknown } | null;
}

/**
 * A project's security settings, as `GET|PUT /api/0/projects/{org}/{project}/` show them (the
 * response has many more fields; only these are read).
 */
export interface ProjectSecuritySettings {
  /** Origins allowed to send events from a browser; `["*"]` = any (Sentry's default). */
  allowedDomains: string[];
  /** The value Sentry sends in `securityTokenHeader` when it fetches JavaScript sources. */
  securityToken: string;
  /** The header for `securityToken`; null = `X-Sentry-Token`. */
  securityTokenHeader: string | null;
  /** Verify TLS certificates when fetching sources. */
  verifySSL: boolean;
  /** Do not store IP addresses of events. */
  scrubIPAddresses: boolean;
  /** Fetch JavaScript source files and source maps from the allowed origins. */
  scrapeJavaScript: boolean;
}

/** The project fields the client reads: its ids and its security settings. */
export interface ProjectDetails extends ProjectSecuritySettings {
  /** Numeric project id, as a string. */
  id: string;
  slug: string;
}

/** A partial update of a project's security settings (`securityTokenHeader: null` = the default). */
export type UpdateProjectSecurityBody = Partial<ProjectSecuritySettings>;
