import { redact } from "../sentry/redact";
import { type AuditEvent } from "./event";

/** One JSON line for the audit file; every free-text field is redacted once more. Pure. */
export function auditJson(event: AuditEvent): string {
  return JSON.stringify(scrub(event));
}

/** A one-line summary for people (the Pulumi log, Slack). Pure. */
export function auditText(event: AuditEvent): string {
  const what =
    event.keyType === "client-key"
      ? `client key ${event.keyId ?? "?"} in ${event.organization ?? "?"}/${event.project ?? "?"}`
      : event.keyType === "project-security"
        ? `security settings of ${event.organization ?? "?"}/${event.project ?? "?"}`
        : `org auth token ${event.tokenId ?? "?"} (…${event.tokenLastCharacters ?? ""}) in ${event.organization ?? "?"}`;
  const why = event.reason ? ` (${event.reason})` : "";
  const where = event.sink ? ` → ${event.sink}` : "";
  const stack = event.stack ? `[${event.stack}] ` : "";
  const more = event.detail ? `: ${event.detail}` : "";
  const hint = event.hint ? ` Fix: ${event.hint}` : "";
  return redact(`${stack}${what}: ${event.action}${why}${where}${more}${hint}`);
}

/** The webhook body: Slack-compatible `text`, plus the event itself. Pure. */
export function webhookBody(event: AuditEvent): string {
  const icon = ALERTS.includes(event.action) ? ":rotating_light: " : "";
  return JSON.stringify({
    text: `${icon}sentry-rotation ${auditText(event)}`,
    event: scrub(event),
  });
}

// Events someone should act on.
const ALERTS: readonly AuditEvent["action"][] = [
  "failed",
  "overdue",
  "drift-detected",
  "retirement-held",
  "retirement-forced",
];

function scrub(event: AuditEvent): AuditEvent {
  return {
    ...event,
    ...(event.detail ? { detail: redact(event.detail) } : {}),
    ...(event.hint ? { hint: redact(event.hint) } : {}),
  };
}
