import { scheduleText } from "../../preview-diff";
import { rotationDueAt } from "../../rotation";
import type { ProjectKey } from "../../sentry";
import { pickDsnForms } from "../../sentry/dsn-forms";
import { type ClientKeyInputs, type ClientKeyOutputs } from "./types";

/** The resource id of a client key: `org/project/keyId`, also the form `pulumi import` takes. */
export function clientKeyId(organization: string, project: string, keyId: string): string {
  return `${organization}/${project}/${keyId}`;
}

/** Splits an `org/project/keyId` id, or explains the expected form. */
export function parseClientKeyId(id: string): {
  organization: string;
  project: string;
  keyId: string;
} {
  const parts = id.split("/");
  if (parts.length !== 3 || parts.some((part) => part === "")) {
    throw new Error(
      `"${id}" is not a client key id: expected "<organization>/<project>/<keyId>", where keyId is the key's 32-hex public key (as in its DSN).`,
    );
  }
  const [organization, project, keyId] = parts as [string, string, string];
  return { organization, project, keyId };
}

/** The resource state from Sentry's key and the inputs it was made from. Pure. */
export function clientKeyOutputs(
  key: ProjectKey,
  inputs: ClientKeyInputs,
  knownCreatedAt?: string,
): ClientKeyOutputs {
  // Sentry's dateCreated may be null; the first time we saw the key is the next best thing.
  const createdAt = key.dateCreated ?? knownCreatedAt ?? new Date().toISOString();
  const rotateAt = inputs.rotateEvery
    ? rotationDueAt(createdAt, inputs.rotateEvery).toISOString()
    : undefined;
  return {
    ...inputs,
    name: key.name,
    isActive: key.isActive,
    ...(key.rateLimit
      ? { rateLimit: { window: key.rateLimit.window, count: key.rateLimit.count } }
      : {}),
    keyId: key.id,
    publicKey: key.public,
    secretKey: key.secret,
    dsnPublic: key.dsn.public,
    dsnSecret: key.dsn.secret,
    dsnCsp: key.dsn.csp,
    dsn: pickDsnForms(key.dsn, inputs.dsnForms),
    projectId: key.projectId,
    createdAt,
    ...(rotateAt ? { rotateAt } : {}),
    rotation: scheduleText(rotateAt, [`rotateEvery ${inputs.rotateEvery}`]),
    currentBrowserSdkVersion: key.browserSdkVersion,
  };
}
