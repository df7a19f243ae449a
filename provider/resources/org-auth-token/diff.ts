import {
  changedFields,
  decide,
  fieldsOfClass,
  type DiffClasses,
  type DiffDecision,
} from "../../diff-helpers";
import { rotationStatus } from "../../rotation";
import type { OrgAuthTokenInputs, OrgAuthTokenOutputs } from "./types";

/** How a change of each OrgAuthToken input is applied. */
export const ORG_AUTH_TOKEN_DIFF_CLASSES = {
  organization: "replace",
  name: "update",
  rotateEvery: "update",
  rotationTriggers: "replace",
  // Another URL is another Sentry (a new token there), a new API token an update: connectionChange.
  connection: "own-rule",
} as const satisfies DiffClasses<OrgAuthTokenInputs, "auditUrn">;

/** Inputs whose change needs a new token. */
export const ORG_AUTH_TOKEN_REPLACE_FIELDS = fieldsOfClass(ORG_AUTH_TOKEN_DIFF_CLASSES, "replace");
/** Inputs changed in place. */
export const ORG_AUTH_TOKEN_UPDATE_FIELDS = fieldsOfClass(ORG_AUTH_TOKEN_DIFF_CLASSES, "update");

/** Decides what an OrgAuthToken needs; pure and offline, like `diffClientKey`. */
export function diffOrgAuthToken(
  olds: OrgAuthTokenOutputs,
  news: OrgAuthTokenInputs,
  now: Date,
): DiffDecision {
  if (olds.unconfirmedCreate) {
    // It holds no usable token: the one its create may have made goes before a new one is made.
    return {
      changes: true,
      replaces: ["tokenId"],
      deleteBeforeReplace: true,
      reasons: [
        "the create of this token was never confirmed: any token it made is revoked, then a new one is created",
      ],
      reason: "new",
    };
  }
  const replace = changedFields({ ...olds }, { ...news }, ORG_AUTH_TOKEN_REPLACE_FIELDS);
  const update = changedFields({ ...olds }, { ...news }, ORG_AUTH_TOKEN_UPDATE_FIELDS);
  return decide(replace, update, rotationStatus(olds.createdAt, news.rotateEvery, now), now);
}
