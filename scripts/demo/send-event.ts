/**
 * Sends one event with the real @sentry/node SDK to a DSN, in a child process with a clean
 * environment (the script of tests/real-clients), and reports the HTTP status the SDK got back.
 */
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { REPO_ROOT } from "../../testkit/workspace";

const SCRIPT = path.join(
  REPO_ROOT,
  "tests",
  "real-clients",
  "fixtures",
  "send-with-sentry-node.js",
);

/** What the SDK reported. */
export interface SentEvent {
  eventId: string;
  flushed: boolean;
  /** The ingest endpoint's answer: 200 accepted, 403 key unknown or inactive. */
  statusCode: number | null;
}

/** Sends "hello from @sentry/node" to `dsn`; rejects if the SDK script itself fails. */
export async function sendEventWithSentryNode(dsn: string): Promise<SentEvent> {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), "sentry-node-"));
  try {
    const stdout = await new Promise<string>((resolve, reject) => {
      execFile(
        process.execPath,
        [SCRIPT],
        {
          cwd: home,
          // Only what the SDK needs: no outer SENTRY_* variable, .env or config file leaks in.
          env: { PATH: process.env.PATH ?? "", HOME: home, SENTRY_DSN: dsn },
          timeout: 30_000,
        },
        (err, out, errOut) =>
          err
            ? reject(new Error(`@sentry/node script failed: ${errOut || err.message}`))
            : resolve(out),
      );
    });
    return JSON.parse(stdout.trim()) as SentEvent;
  } finally {
    fs.rmSync(home, { recursive: true, force: true });
  }
}
