import { type AuditEvent, stackOfUrn } from "./event";
import { auditJson, auditText, webhookBody } from "./format";
import { appendAuditLine, type AuditTargetOptions, postWebhook } from "./targets";

/** Records rotation steps: the Pulumi log always, a JSON-lines file and a webhook when configured. */
export interface AuditTrail {
  /** Records one event; resolves once every target has it (or has given up). Never throws. */
  record(event: Omit<AuditEvent, "time" | "stack"> & { time?: string }): Promise<void>;
}

/** Builds the trail; `log` writes a line to the Pulumi output. */
export function createAuditTrail(
  options: Omit<AuditTargetOptions, "warn">,
  log: (line: string) => void,
  now: () => Date = () => new Date(),
): AuditTrail {
  const warn = (message: string) => log(`warning: ${message}`);
  return {
    async record(partial) {
      const event: AuditEvent = {
        ...partial,
        time: partial.time ?? now().toISOString(),
        ...(stackOfUrn(partial.urn) ? { stack: stackOfUrn(partial.urn) } : {}),
      };
      try {
        log(`audit: ${auditText(event)}`);
        if (options.file) appendAuditLine(options.file, auditJson(event), warn);
        if (options.webhookUrl) await postWebhook(webhookBody(event), { ...options, warn });
      } catch (err) {
        warn(`audit event not recorded: ${(err as Error).message}`);
      }
    },
  };
}
