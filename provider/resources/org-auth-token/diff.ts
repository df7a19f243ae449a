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
import type { OrgAuthTokenInputs, OrgAuthTokenOutputs } from "./types";

/** How a change of each OrgAuthToken input is applied. */
export const ORG_AUTH_TOKEN_DIFF_CLASSES = {
  organization: "replace",
  name: "update",
  rotateEvery: "update",
  // Only moves when a due token rotates.
  rotationWindow: "update",
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
      ...detailed(
        previewDiff(
          { ...olds },
          { ...news },
          { fields: [], replace: [] },
          {
            causes: ["the create of this token was never confirmed"],
            steps: ["any token that create made is revoked", "a new token is created"],
            outputs: TOKEN_OUTPUTS,
            replace: true,
          },
        ),
      ),
    };
  }
  const replace = changedFields({ ...olds }, { ...news }, ORG_AUTH_TOKEN_REPLACE_FIELDS);
  const update = changedFields({ ...olds }, { ...news }, ORG_AUTH_TOKEN_UPDATE_FIELDS);
  const rotation = rotationStatus(olds.createdAt, news.rotateEvery, now, news.rotationWindow);
  const decision = decide(replace, update, rotation, now);
  const story: PreviewStory | undefined =
    decision.replaces.length > 0
      ? {
          causes: replacementCauses(replace, rotation, news.rotateEvery),
          steps: [
            `a new token replaces token ${olds.tokenId} (ending ${olds.tokenLastCharacters}) and reaches the sinks`,
            `token ${olds.tokenId} is then revoked`,
          ],
          outputs: TOKEN_OUTPUTS.filter((path) => path !== "rotateAt" || news.rotateEvery),
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

// What a new token changes, as the preview shows it (the token itself stays a secret).
const TOKEN_OUTPUTS = ["tokenId", "tokenLastCharacters", "createdAt", "rotateAt", "rotation"];
