import { scheduleText } from "../../preview-diff";
import { rotationDueAt } from "../../rotation";
import type { OrgAuthToken } from "../../sentry";
import { type OrgAuthTokenInputs, type OrgAuthTokenOutputs } from "./types";

/** The resource id of an org auth token: `org/tokenId`. */
export function orgAuthTokenId(organization: string, tokenId: string): string {
  return `${organization}/${tokenId}`;
}

/** Splits an `org/tokenId` id, or explains the expected form. */
export function parseOrgAuthTokenId(id: string): { organization: string; tokenId: string } {
  const match = /^([^/]+)\/([^/]+)$/.exec(id);
  if (!match) {
    throw new Error(`"${id}" is not an org auth token id: expected "<organization>/<tokenId>".`);
  }
  return { organization: match[1] as string, tokenId: match[2] as string };
}

/** The resource state from Sentry's token, its value (known only from the create) and the inputs. Pure. */
export function orgAuthTokenOutputs(
  token: OrgAuthToken,
  value: string,
  inputs: OrgAuthTokenInputs,
): OrgAuthTokenOutputs {
  const rotateAt = inputs.rotateEvery
    ? rotationDueAt(token.dateCreated, inputs.rotateEvery).toISOString()
    : undefined;
  return {
    ...inputs,
    name: token.name,
    tokenId: token.id,
    token: value,
    tokenLastCharacters: token.tokenLastCharacters,
    scopes: token.scopes,
    createdAt: token.dateCreated,
    ...(rotateAt ? { rotateAt } : {}),
    rotation: scheduleText(rotateAt, [`rotateEvery ${inputs.rotateEvery}`]),
  };
}
