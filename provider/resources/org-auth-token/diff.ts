import { changedFields, DiffDecision, decide, dueAt } from "../../diff-helpers";
import { OrgAuthTokenInputs, OrgAuthTokenOutputs } from "./types";

/** Inputs whose change needs a new token. */
export const ORG_AUTH_TOKEN_REPLACE_FIELDS = ["organization", "rotationTriggers"] as const;
/** Inputs changed in place. */
export const ORG_AUTH_TOKEN_UPDATE_FIELDS = ["name", "rotateEvery"] as const;

/** Decides what an OrgAuthToken needs; pure and offline, like `diffClientKey`. */
export function diffOrgAuthToken(
  olds: OrgAuthTokenOutputs,
  news: OrgAuthTokenInputs,
  now: Date,
): DiffDecision {
  const replace = changedFields({ ...olds }, { ...news }, ORG_AUTH_TOKEN_REPLACE_FIELDS);
  const update = changedFields({ ...olds }, { ...news }, ORG_AUTH_TOKEN_UPDATE_FIELDS);
  return decide(replace, update, dueAt(olds.createdAt, news.rotateEvery, now), now);
}
