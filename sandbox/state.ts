/** Shapes of the sandbox's persisted state: what a data file holds, version 1. */

/** Client keys are "active" or "inactive", like Sentry's ProjectKeyStatus. */
export type KeyStatus = "active" | "inactive";

/** The per-key ingest cap Sentry calls `rateLimit`. */
export interface KeyRateLimit {
  count: number;
  window: number;
}

/** Loader options a key stores; unset options fall back to Sentry's defaults. */
export type LoaderOptions = Partial<Record<LoaderOptionName, boolean>>;

/** The dynamic SDK loader options Sentry knows. */
export const LOADER_OPTION_NAMES = [
  "hasReplay",
  "hasPerformance",
  "hasDebug",
  "hasFeedback",
  "hasLogsAndMetrics",
] as const;
/** One loader option name. */
export type LoaderOptionName = (typeof LOADER_OPTION_NAMES)[number];

/** An organization. */
export interface OrganizationRecord {
  id: number;
  slug: string;
  name: string;
  dateCreated: string;
}

/** A project inside an organization. */
export interface ProjectRecord {
  id: number;
  slug: string;
  name: string;
  organizationId: number;
  /** The project's `sentry:default_loader_version`: what a PUT without browserSdkVersion resets to. */
  defaultLoaderVersion: string;
  dateCreated: string;
  /** Security settings a PUT changed; absent ones show Sentry's defaults (see project-settings.ts). */
  security?: ProjectSecurityRecord;
}

/**
 * A project's security settings as stored (Sentry keeps each as a project option). Every field is
 * optional so data files written before they existed still load.
 */
export interface ProjectSecurityRecord {
  /** `sentry:origins`; absent = never set, which Sentry shows (and Relay applies) as ["*"]. */
  allowedDomains?: string[];
  /** `sentry:token`: Sentry makes one on first read. */
  securityToken?: string;
  /** `sentry:token_header`; null = the default `X-Sentry-Token`. */
  securityTokenHeader?: string | null;
  /** `sentry:verify_ssl`. */
  verifySSL?: boolean;
  /** `sentry:scrub_ip_address`. */
  scrubIPAddresses?: boolean;
  /** `sentry:scrape_javascript`. */
  scrapeJavaScript?: boolean;
}

/** A client key (DSN) of a project. */
export interface ClientKeyRecord {
  /** Internal sequence number: orders keys newest first, as Sentry's `-id`. */
  seq: number;
  projectId: number;
  public: string;
  secret: string;
  label: string;
  status: KeyStatus;
  rateLimit: KeyRateLimit | null;
  /** null = use the project default. */
  browserSdkVersion: string | null;
  dynamicSdkLoaderOptions: LoaderOptions;
  dateCreated: string;
}

/** An organization auth token (`sntrys_`); only its hash is kept, as Sentry does. */
export interface OrgAuthTokenRecord {
  id: number;
  organizationId: number;
  name: string;
  scopes: string[];
  tokenHashed: string;
  tokenLastCharacters: string;
  dateCreated: string;
  dateLastUsed: string | null;
  projectLastUsedId: number | null;
  dateDeactivated: string | null;
}

/** A user auth token (`sntryu_`); only its hash is kept. */
export interface UserTokenRecord {
  id: number;
  scopes: string[];
  tokenHashed: string;
  tokenLastCharacters: string;
  dateCreated: string;
}

/** Everything the sandbox persists. */
export interface SandboxState {
  version: 1;
  nextId: {
    organization: number;
    project: number;
    key: number;
    orgAuthToken: number;
    userToken: number;
  };
  /** What the JSON line reports; the admin token is kept in clear so a restart can print it again. */
  seed: { organization: string; project: string; adminToken: string };
  organizations: OrganizationRecord[];
  projects: ProjectRecord[];
  clientKeys: ClientKeyRecord[];
  orgAuthTokens: OrgAuthTokenRecord[];
  userTokens: UserTokenRecord[];
}

/** A state with nothing in it yet (seeding happens in seed.ts). */
export function emptyState(): SandboxState {
  return {
    version: 1,
    nextId: { organization: 1, project: 1, key: 1, orgAuthToken: 1, userToken: 1 },
    seed: { organization: "", project: "", adminToken: "" },
    organizations: [],
    projects: [],
    clientKeys: [],
    orgAuthTokens: [],
    userTokens: [],
  };
}
