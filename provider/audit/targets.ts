import * as fs from "node:fs";
import * as path from "node:path";

/** Where audit lines go besides the Pulumi log; failures here never fail a rotation. */
export interface AuditTargetOptions {
  /** Append JSON lines to this file. */
  file?: string;
  /** POST each event here (Slack-compatible). */
  webhookUrl?: string;
  /** Webhook attempts (default 4) and the first backoff in ms (default 500, doubled each time). */
  webhookAttempts?: number;
  webhookBackoffMs?: number;
  /** Timeout of one webhook attempt in ms (default 5000). */
  webhookTimeoutMs?: number;
  /** Where problems with the targets themselves are reported. */
  warn: (message: string) => void;
}

/** Appends one line to the audit file, creating it (and its folder) private to the user. */
export function appendAuditLine(file: string, line: string, warn: (m: string) => void): void {
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.appendFileSync(file, `${line}\n`, { mode: 0o600 });
  } catch (err) {
    warn(`could not append to the audit log ${file}: ${(err as Error).message}`);
  }
}

/** POSTs the body with retries and backoff; gives up quietly (with a warning) rather than throw. */
export async function postWebhook(body: string, options: AuditTargetOptions): Promise<boolean> {
  const url = options.webhookUrl;
  if (!url) return true;
  const attempts = options.webhookAttempts ?? 4;
  let delay = options.webhookBackoffMs ?? 500;
  let made = 0;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    made = attempt;
    try {
      const response = await fetch(url, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body,
        signal: AbortSignal.timeout(options.webhookTimeoutMs ?? 5000),
      });
      if (response.ok) return true;
      // Any other 4xx will not change on a retry (a wrong or revoked URL).
      if (response.status < 500 && response.status !== 429) break;
    } catch {
      // A network failure: try again after the backoff.
    }
    if (attempt < attempts) await new Promise((resolve) => setTimeout(resolve, delay));
    delay *= 2;
  }
  // The URL is a credential for most chat tools: never print it.
  options.warn(`the audit webhook did not accept an event after ${made} attempt(s)`);
  return false;
}
