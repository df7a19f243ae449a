import { changedFields, decide, type DiffDecision } from "../../diff-helpers";
import { rotationStatus } from "../../rotation";
import { ClientKeyInputs, ClientKeyOutputs } from "./types";

/** Inputs whose change needs a new key. */
export const CLIENT_KEY_REPLACE_FIELDS = ["organization", "project", "rotationTriggers"] as const;
/** Inputs changed in place (rotateEvery only moves rotateAt). */
export const CLIENT_KEY_UPDATE_FIELDS = [
  "name",
  "rateLimit",
  "dynamicSdkLoaderOptions",
  "isActive",
  "onReplace",
  "rotateEvery",
] as const;

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
  return decide(replace, update, rotationStatus(olds.createdAt, news.rotateEvery, now), now);
}
