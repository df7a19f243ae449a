import { CheckFailure, checkFields, dropUndefined } from "../../check-failures";
import * as rules from "../../field-rules";
import { ClientKeyInputs } from "./types";

/** Settings the provider knows that a resource may leave out. */
export interface ProviderDefaults {
  /** From `sentry-rotation:organization` or `SENTRY_ORG`. */
  organization?: string;
}

const FIELD_RULES = {
  organization: rules.organization,
  project: rules.required(rules.slug),
  name: rules.required(rules.name(64)),
  rotateEvery: rules.optional(rules.duration),
  rotationTriggers: rules.optional(rules.stringMap),
  rateLimit: rules.optional(rules.rateLimit),
  browserSdkVersion: rules.optional(rules.browserSdkVersion),
  dynamicSdkLoaderOptions: rules.optional(rules.loaderOptions),
  isActive: rules.optional(rules.boolean),
  onReplace: rules.optional(rules.oneOf("delete", "deactivate")),
};

/**
 * Validates a ClientKey's inputs and fills in defaults. Pure: values unknown during preview pass,
 * every failure names its field and the fix.
 */
export function checkClientKey(
  news: Record<string, unknown>,
  defaults: ProviderDefaults,
): { inputs: ClientKeyInputs; failures: CheckFailure[] } {
  const withDefaults: Record<string, unknown> = {
    ...news,
    organization: news.organization ?? defaults.organization,
    isActive: news.isActive ?? true,
    onReplace: news.onReplace ?? "delete",
  };
  const failures = checkFields(withDefaults, FIELD_RULES);
  return { inputs: dropUndefined(withDefaults) as unknown as ClientKeyInputs, failures };
}
