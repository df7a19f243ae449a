/**
 * The plugin's provider configuration: what CheckConfig, DiffConfig and Configure do with a
 * provider instance's inputs (`url`, `organization`, `authToken`, ...), whether they come from the
 * stack's `sentry-rotation:*` config (the default provider) or from an explicit provider. Pure.
 */
import type { CheckFailure } from "../provider/check-failures";
import { describeValue } from "../provider/describe-value";
import {
  CONFIG_NAMESPACE,
  resolveSettings,
  type ConfigSource,
  type ProviderSettings,
} from "../provider/settings";
import { PROVIDER_CONFIG } from "./schema/kinds";

/** The config keys the provider reads. */
export const CONFIG_KEYS = Object.keys(PROVIDER_CONFIG) as (keyof typeof PROVIDER_CONFIG)[];

/** Checks a provider instance's inputs: known keys only, strings only, an http(s) url. */
export function checkProviderConfig(news: Record<string, unknown>): CheckFailure[] {
  const failures: CheckFailure[] = [];
  for (const [key, value] of Object.entries(news)) {
    if (key === "version") continue;
    if (!(CONFIG_KEYS as string[]).includes(key)) {
      failures.push({
        property: key,
        reason: `${key}: not a setting of the sentry-rotation provider; use one of ${CONFIG_KEYS.join(", ")}.`,
      });
    } else if (typeof value !== "string") {
      failures.push({
        property: key,
        reason: `${key}: must be a string, got ${describeValue(value)}.`,
      });
    }
  }
  const url = news.url;
  if (typeof url === "string" && !/^https?:\/\/[^\s/]+/.test(url)) {
    failures.push({
      property: "url",
      reason: `url: "${url}" is not an http(s) URL; write the Sentry base URL, e.g. https://sentry.io or https://sentry.example.com.`,
    });
  }
  return failures;
}

/**
 * What a change of provider config means: the keys that changed, and never a replacement. Keys
 * live in Sentry, not in the connection: a new token, URL or default organization must not
 * rotate them (and a resource moving from the dynamic provider to this one keeps its key).
 */
export function diffProviderConfig(
  olds: Record<string, unknown>,
  news: Record<string, unknown>,
): { changes: string[]; replaces: string[] } {
  const changes = CONFIG_KEYS.filter((key) => olds[key] !== news[key]);
  return { changes, replaces: [] };
}

/**
 * The settings of one provider instance: its inputs (an explicit provider's arguments, or the
 * stack config the engine passes to the default provider) field by field, then the environment,
 * through the one resolution the dynamic provider uses (`resolveSettings`, `resolveConnection`).
 */
export function providerSettings(
  inputs: Record<string, unknown>,
  env: Record<string, string | undefined>,
): ProviderSettings {
  const instance: ConfigSource = {
    get: (key) => {
      const value = key.startsWith(`${CONFIG_NAMESPACE}:`)
        ? inputs[key.slice(CONFIG_NAMESPACE.length + 1)]
        : undefined;
      return typeof value === "string" ? value : undefined;
    },
  };
  return resolveSettings(instance, env);
}
