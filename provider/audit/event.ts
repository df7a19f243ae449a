/** One step of a rotation, as recorded in the audit trail: ids and reasons, never a secret. */
export interface AuditEvent {
  /** When it happened (ISO 8601). */
  time: string;
  /** The Pulumi stack, from the resource's URN. */
  stack?: string;
  /** The resource's URN. */
  urn?: string;
  /** What the event is about: a client key (DSN), an org auth token, or a project's security settings. */
  keyType: "client-key" | "org-auth-token" | "project-security";
  /** Organization slug. */
  organization?: string;
  /** Project slug (client keys). */
  project?: string;
  /** Client key id (its public key). */
  keyId?: string;
  /** Org auth token id. */
  tokenId?: string;
  /** The token's last characters, as Sentry shows them. */
  tokenLastCharacters?: string;
  /** What happened. */
  action: AuditAction;
  /** Why. */
  reason?: AuditReason;
  /** Where a key was delivered (for sink-updated). */
  sink?: string;
  /** A sentence for people (redacted). */
  detail?: string;
  /** What to do about a failure. */
  hint?: string;
  /** When the next rotation window opens (waiting-for-window), ISO 8601. */
  windowOpensAt?: string;
  /** A key's usage as Sentry's stats showed it (retirement-held, retirement-forced). */
  usage?: AuditUsage;
}

/** Error events Sentry accepted with a key in a window, or why that could not be read. */
export interface AuditUsage {
  known: boolean;
  acceptedEvents?: number;
  since?: string;
  until?: string;
  lastEventHour?: string;
  problem?: string;
}

/** The steps of a rotation. */
export type AuditAction =
  | "created"
  | "adopted"
  | "verified"
  | "sink-updated"
  | "deactivated"
  | "deleted"
  | "verified-dead"
  | "failed"
  | "overdue"
  | "waiting-for-window"
  | "settings-changed"
  | "drift-detected"
  | "settings-restored"
  | "released"
  | "handed-over"
  | "retirement-held"
  | "retirement-forced";

/** Why a step happened. */
export type AuditReason =
  | "new"
  | "expired"
  | "trigger-changed"
  | "drift"
  | "overlap-ended"
  | "replaced"
  | "manual"
  | "revoked";

/** The stack named in a URN (`urn:pulumi:<stack>::<project>::<type>::<name>`). */
export function stackOfUrn(urn: string | undefined): string | undefined {
  return urn ? /^urn:pulumi:([^:]+)::/.exec(urn)?.[1] : undefined;
}
