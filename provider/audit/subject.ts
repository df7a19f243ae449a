import type { AuditEvent } from "./event";

/** Who an audit event is about: the key or token, without the event's what and why. */
export type AuditSubject = Pick<
  AuditEvent,
  "keyType" | "urn" | "organization" | "project" | "keyId" | "tokenId" | "tokenLastCharacters"
>;

/** The subject of a client key event, from its inputs or state. */
export function clientKeySubject(
  props: { auditUrn?: string; organization?: string; project?: string; keyId?: string },
  keyId = props.keyId,
): AuditSubject {
  return {
    keyType: "client-key",
    ...(props.auditUrn ? { urn: props.auditUrn } : {}),
    ...(props.organization ? { organization: props.organization } : {}),
    ...(props.project ? { project: props.project } : {}),
    ...(keyId ? { keyId } : {}),
  };
}

/** The subject of an org auth token event, from its inputs or state. */
export function orgAuthTokenSubject(props: {
  auditUrn?: string;
  organization?: string;
  tokenId?: string;
  tokenLastCharacters?: string;
}): AuditSubject {
  return {
    keyType: "org-auth-token",
    ...(props.auditUrn ? { urn: props.auditUrn } : {}),
    ...(props.organization ? { organization: props.organization } : {}),
    ...(props.tokenId ? { tokenId: props.tokenId } : {}),
    ...(props.tokenLastCharacters ? { tokenLastCharacters: props.tokenLastCharacters } : {}),
  };
}

/** The subject of a project security event, from its inputs or state. */
export function projectSecuritySubject(props: {
  auditUrn?: string;
  organization?: string;
  project?: string;
}): AuditSubject {
  return {
    keyType: "project-security",
    ...(props.auditUrn ? { urn: props.auditUrn } : {}),
    ...(props.organization ? { organization: props.organization } : {}),
    ...(props.project ? { project: props.project } : {}),
  };
}
