/** API representations of stored records, shaped as Sentry serializes them. */
import { BROWSER_SDK_CHOICES } from "./key-input";
import {
  LOADER_OPTION_NAMES,
  type ClientKeyRecord,
  type LoaderOptionName,
  type OrgAuthTokenRecord,
  type ProjectRecord,
} from "./state";

// Sentry's defaults for loader options a key never set.
const LOADER_DEFAULTS: Record<LoaderOptionName, boolean> = {
  hasReplay: true,
  hasPerformance: true,
  hasDebug: false,
  hasFeedback: false,
  hasLogsAndMetrics: false,
};

/** Every DSN form of a key, pointing at the sandbox `baseUrl` ("http://127.0.0.1:PORT"). */
export function keyDsns(baseUrl: string, key: ClientKeyRecord) {
  const url = new URL(baseUrl);
  const hostPart = url.host;
  const api = `${url.protocol}//${hostPart}/api/${key.projectId}`;
  const pub = key.public;
  return {
    secret: `${url.protocol}//${pub}:${key.secret}@${hostPart}/${key.projectId}`,
    public: `${url.protocol}//${pub}@${hostPart}/${key.projectId}`,
    csp: `${api}/csp-report/?sentry_key=${pub}`,
    security: `${api}/security/?sentry_key=${pub}`,
    minidump: `${api}/minidump/?sentry_key=${pub}`,
    nel: `${api}/nel/?sentry_key=${pub}`,
    unreal: `${api}/unreal/${pub}/`,
    crons: `${api}/cron/___MONITOR_SLUG___/${pub}/`, // Sentry's code; its schema's example says /crons/
    cdn: `${url.protocol}//${hostPart}/js-sdk-loader/${pub}.min.js`,
    playstation: `${api}/playstation/?sentry_key=${pub}`,
    integration: `${api}/integration/`,
    otlp_traces: `${api}/integration/otlp/v1/traces`,
    otlp_logs: `${api}/integration/otlp/v1/logs`,
  };
}

/** A client key as the keys endpoints return it. */
export function serializeKey(baseUrl: string, key: ClientKeyRecord, project: ProjectRecord) {
  const options = Object.fromEntries(
    LOADER_OPTION_NAMES.map((name) => [
      name,
      key.dynamicSdkLoaderOptions[name] ?? LOADER_DEFAULTS[name],
    ]),
  );
  return {
    id: key.public,
    name: key.label,
    label: key.label,
    public: key.public,
    secret: key.secret,
    projectId: key.projectId,
    isActive: key.status === "active",
    rateLimit: key.rateLimit ? { window: key.rateLimit.window, count: key.rateLimit.count } : null,
    dsn: keyDsns(baseUrl, key),
    browserSdkVersion: key.browserSdkVersion ?? project.defaultLoaderVersion,
    browserSdk: { choices: BROWSER_SDK_CHOICES.map((choice) => [choice, choice]) },
    dateCreated: key.dateCreated,
    dynamicSdkLoaderOptions: options,
  };
}

/** An org auth token as its endpoints return it; `token` only in the create response. */
export function serializeOrgToken(record: OrgAuthTokenRecord, token?: string) {
  return {
    id: String(record.id),
    name: record.name,
    scopes: [...record.scopes],
    tokenLastCharacters: record.tokenLastCharacters,
    dateCreated: record.dateCreated,
    dateLastUsed: record.dateLastUsed,
    projectLastUsedId: record.projectLastUsedId === null ? null : String(record.projectLastUsedId),
    ...(token === undefined ? {} : { token }),
  };
}
