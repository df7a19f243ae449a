import {
  changedFields,
  decide,
  replacementCauses,
  fieldsOfClass,
  type DiffClasses,
  type DiffDecision,
} from "../../diff-helpers";
import { detailed, previewDiff, type PreviewStory } from "../../preview-diff";
import { rotationStatus } from "../../rotation";
import type { ClientKeyInputs, ClientKeyOutputs } from "./types";

/** How a change of each ClientKey input is applied. */
export const CLIENT_KEY_DIFF_CLASSES = {
  organization: "replace",
  project: "replace",
  rotationTriggers: "replace",
  name: "update",
  rateLimit: "update",
  dynamicSdkLoaderOptions: "update",
  isActive: "update",
  onReplace: "update",
  // Only which of Sentry's DSN forms the state keeps.
  dsnForms: "update",
  // Only moves rotateAt.
  rotateEvery: "update",
  // Only moves when a due key rotates.
  rotationWindow: "update",
  // An omitted version means "as Sentry has it": see diffClientKey.
  browserSdkVersion: "own-rule",
  existingKeyId: "create-only",
  // Another URL is another Sentry (a new key there), a new token an update: see connectionChange.
  connection: "own-rule",
} as const satisfies DiffClasses<ClientKeyInputs, "auditUrn">;

/** Inputs whose change needs a new key. */
export const CLIENT_KEY_REPLACE_FIELDS = fieldsOfClass(CLIENT_KEY_DIFF_CLASSES, "replace");
/** Inputs changed in place. */
export const CLIENT_KEY_UPDATE_FIELDS = fieldsOfClass(CLIENT_KEY_DIFF_CLASSES, "update");

/**
 * Decides what a ClientKey needs: nothing, an in-place update, or a replacement (a new key, then
 * the old one removed). Pure and offline: it runs on every preview and up, with no HTTP call.
 */
export function diffClientKey(
  olds: ClientKeyOutputs,
  news: ClientKeyInputs,
  now: Date,
): DiffDecision {
  const replace = changedFields({ ...olds }, { ...news }, CLIENT_KEY_REPLACE_FIELDS);
  const update = changedFields({ ...olds }, { ...news }, CLIENT_KEY_UPDATE_FIELDS);
  // An omitted browserSdkVersion means "leave it as Sentry has it", so only a stated one counts.
  if (
    news.browserSdkVersion !== undefined &&
    news.browserSdkVersion !== olds.currentBrowserSdkVersion
  ) {
    update.push("browserSdkVersion");
  }
  const rotation = rotationStatus(olds.createdAt, news.rotateEvery, now, news.rotationWindow);
  const decision = decide(replace, update, rotation, now);
  const story: PreviewStory | undefined =
    decision.replaces.length > 0
      ? {
          causes: replacementCauses(replace, rotation, news.rotateEvery),
          steps: [
            `a new key replaces key ${olds.keyId} and reaches the sinks`,
            `key ${olds.keyId} is then ${retiredAs(olds.onReplace)}`,
          ],
          outputs: ["keyId", "dsnPublic", "createdAt", "rotateAt", "rotation"].filter(
            (path) => path !== "rotateAt" || news.rotateEvery !== undefined,
          ),
          replace: true,
        }
      : undefined;
  return {
    ...decision,
    ...detailed(
      previewDiff({ ...olds }, { ...news }, { fields: [...replace, ...update], replace }, story),
    ),
  };
}

/** What happens to a replaced key: deleted, or deactivated with `onReplace: "deactivate"`. */
export function retiredAs(onReplace: string | undefined): string {
  return onReplace === "deactivate" ? "deactivated" : "deleted";
}
