import {
  checkInputs,
  dropUndefined,
  type CheckFailure,
  type FieldRules,
} from "../../check-failures";
import * as rules from "../../field-rules";
import { CLIENT_KEY_NAME_MAX } from "../../sentry/key-fields";
import { type ProviderDefaults } from "../../settings";
import type { ClientKeyInputs } from "./types";

/** The rule for each ClientKey input. */
export const CLIENT_KEY_FIELD_RULES = {
  organization: rules.organization,
  project: rules.required(rules.slug),
  name: rules.required(rules.name(CLIENT_KEY_NAME_MAX)),
  rotateEvery: rules.optional(rules.duration),
  rotationTriggers: rules.optional(rules.stringMap),
  rotationWindow: rules.optional(rules.rotationWindow),
  rateLimit: rules.optional(rules.rateLimit),
  browserSdkVersion: rules.optional(rules.browserSdkVersion),
  dynamicSdkLoaderOptions: rules.optional(rules.loaderOptions),
  dsnForms: rules.optional(rules.dsnForms),
  isActive: rules.optional(rules.boolean),
  onReplace: rules.optional(rules.oneOf("delete", "deactivate")),
  existingKeyId: rules.optional(rules.keyId),
  connection: rules.optional(rules.connection),
} satisfies FieldRules<ClientKeyInputs, "auditUrn">;

/**
 * Validates a ClientKey's inputs and fills in defaults. Pure: values unknown during preview pass,
 * every failure names its field and the fix.
 */
export function checkClientKey(
  olds: Record<string, unknown>,
  news: Record<string, unknown>,
  defaults: ProviderDefaults,
): { inputs: ClientKeyInputs; failures: CheckFailure[] } {
  return checkInputs<ClientKeyInputs, "auditUrn">(
    withKeyDefaults(olds, news, defaults),
    CLIENT_KEY_FIELD_RULES,
  );
}

/** A key's inputs with the defaults filled in (shared by ClientKey and ClientKeyPair). Pure. */
export function withKeyDefaults(
  olds: Record<string, unknown>,
  news: Record<string, unknown>,
  defaults: ProviderDefaults,
): Record<string, unknown> {
  return dropUndefined({
    ...news,
    // Adoption applies to the first create only: a later replacement must make a new key.
    existingKeyId: isExisting(olds) ? undefined : news.existingKeyId,
    organization: news.organization ?? defaults.organization,
    isActive: news.isActive ?? true,
    onReplace: news.onReplace ?? "delete",
  });
}

/** True for a resource already in state: the engine passes its old inputs (nothing for a new one). */
export function isExisting(olds: Record<string, unknown>): boolean {
  return typeof olds.project === "string" || typeof olds.name === "string";
}
