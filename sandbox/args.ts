/** Command-line flags of `sentry-sandbox` / `npm run sandbox`, turned into `SandboxOptions`. */
import { parseArgs } from "node:util";
import type { SandboxOptions } from "./options";

/** Usage text for --help and flag errors. */
export const USAGE = `Usage: sentry-sandbox [--port N] [--host H] [--data FILE] [--org SLUG] [--project SLUG]
                      [--token sntryu_...] [--rate-limit N/SECONDS[/CONCURRENT] | --no-rate-limit] [--quiet]

Starts a local Sentry-compatible server and prints one JSON line:
  {"url","organization","project","projectId","token"}
then serves until SIGINT or SIGTERM.`;

/** Parsed command line: options to start with, or help to print. */
export type CliCommand = { kind: "start"; options: SandboxOptions } | { kind: "help" };

/** Parses `argv` (without node and script); throws an Error naming the bad flag. */
export function parseCliArgs(argv: string[]): CliCommand {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    allowPositionals: false,
    options: {
      port: { type: "string" },
      host: { type: "string" },
      data: { type: "string" },
      org: { type: "string" },
      project: { type: "string" },
      token: { type: "string" },
      "rate-limit": { type: "string" },
      "no-rate-limit": { type: "boolean" },
      quiet: { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) return { kind: "help" };
  const options: SandboxOptions = { quiet: values.quiet ?? false };
  if (values.port !== undefined) {
    if (!/^\d+$/.test(values.port))
      throw new Error(`--port must be a number from 0 to 65535, got "${values.port}"`);
    options.port = Number(values.port);
  }
  if (values.host !== undefined) options.host = values.host;
  if (values.data !== undefined) options.dataFile = values.data;
  if (values.org !== undefined) options.organization = values.org;
  if (values.project !== undefined) options.project = values.project;
  if (values.token !== undefined) options.token = values.token;
  if (values["no-rate-limit"] && values["rate-limit"] !== undefined) {
    throw new Error("use either --rate-limit or --no-rate-limit, not both");
  }
  if (values["no-rate-limit"]) options.rateLimit = false;
  if (values["rate-limit"] !== undefined) {
    const match = /^(\d+)\/(\d+)(?:\/(\d+))?$/.exec(values["rate-limit"]);
    if (!match) {
      throw new Error(
        `--rate-limit must look like 40/1 (requests/seconds) or 40/1/25 (with concurrency), got "${values["rate-limit"]}"`,
      );
    }
    options.rateLimit = {
      limit: Number(match[1]),
      windowSeconds: Number(match[2]),
      ...(match[3] === undefined ? {} : { concurrentLimit: Number(match[3]) }),
    };
  }
  return { kind: "start", options };
}
