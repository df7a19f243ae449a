/** The command line of `sentry-rotation report`, checked into options. Pure (env and now passed in). */
import { parseArgs } from "node:util";
import { InputError } from "../provider/input-error";
import { clockFromEnvironment, parseDuration } from "../provider/rotation";
import { DEFAULT_OVERDUE_GRACE } from "../provider/settings";
import { ReportInputError } from "./errors";
import { REPORT_FORMATS, type ReportFormat } from "./render";

/** A finding that `--fail-on` turns into exit code 1. */
export type FailOn = "overdue" | "due" | "stale" | "missing" | "unmanaged";

const FAIL_ON: readonly FailOn[] = ["overdue", "due", "stale", "missing", "unmanaged"];

/** What the command was asked to do. */
export interface CliOptions {
  /** State files; "-" (or none) reads stdin. */
  files: string[];
  format: ReportFormat;
  now: Date;
  grace: string;
  dueWithin?: string;
  /** Ask Sentry too (token from SENTRY_AUTH_TOKEN only). */
  sentryUrl?: string;
  /** Organizations to list in Sentry; empty means those of the managed keys. */
  organizations: string[];
  failOn: FailOn[];
  help: boolean;
}

/** The usage text. */
export const USAGE = `Usage: sentry-rotation report [options] [STATE.json ...]

Reads \`pulumi stack export\` JSON (files, or stdin when none or "-") and prints every Sentry key
and token the stacks manage: age, last rotation, next rotation, status and the sinks it feeds.

Options:
  --format table|json|markdown  output format (default table; markdown for CI job summaries)
  --due-within DURATION         only keys with a rotation or deactivation due within, e.g. 14d
  --grace DURATION              how late counts as overdue (default SENTRY_ROTATION_OVERDUE_GRACE or ${DEFAULT_OVERDUE_GRACE})
  --now INSTANT                 compute for this ISO 8601 instant or offset such as +7d
                                (default SENTRY_ROTATION_NOW, else the clock)
  --sentry-url URL              also ask Sentry for keys and tokens no stack manages; the token is
                                read from SENTRY_AUTH_TOKEN only (never a flag)
  --org SLUG                    organization to list in Sentry (repeatable; default SENTRY_ORG,
                                else the organizations of the managed keys)
  --fail-on LIST                exit 1 when any is found: overdue,due,stale,missing,unmanaged
  -h, --help                    show this help

Exit codes: 0 done, 1 a --fail-on finding, 2 bad input or usage, 3 Sentry could not be read.
`;

/** Parses argv; throws {@link ReportInputError} naming the flag and the fix. */
export function parseCliArgs(
  argv: string[],
  env: Record<string, string | undefined>,
  realNow: Date = new Date(),
): CliOptions {
  const tokenFlag = argv.find((a) => /^--(auth-?token|token)(=|$)/.test(a));
  if (tokenFlag) {
    throw new ReportInputError(
      tokenFlag.split("=")[0] as string,
      "is not accepted: a token on the command line shows in the process list and shell history. Set SENTRY_AUTH_TOKEN instead.",
    );
  }
  let parsed: ReturnType<typeof parseFlags>;
  try {
    parsed = parseFlags(argv);
  } catch (err) {
    throw new ReportInputError("arguments", `${(err as Error).message}. See --help.`);
  }
  const { values, positionals } = parsed;
  const options: CliOptions = {
    files: positionals,
    format: formatOf(values.format),
    now: nowOf(values.now, env, realNow),
    grace: durationOf(
      "--grace",
      values.grace ?? env.SENTRY_ROTATION_OVERDUE_GRACE ?? DEFAULT_OVERDUE_GRACE,
    ),
    ...(values["due-within"] !== undefined
      ? { dueWithin: durationOf("--due-within", values["due-within"]) }
      : {}),
    ...(values["sentry-url"] !== undefined ? { sentryUrl: urlOf(values["sentry-url"]) } : {}),
    organizations: values.org?.length ? values.org : env.SENTRY_ORG ? [env.SENTRY_ORG] : [],
    failOn: failOnOf(values["fail-on"]),
    help: values.help === true,
  };
  const needsLive = options.failOn.filter((f) => f === "missing" || f === "unmanaged");
  if (needsLive.length && !options.sentryUrl) {
    throw new ReportInputError(
      "--fail-on",
      `${needsLive.join(", ")} can only be found in Sentry: add --sentry-url (and SENTRY_AUTH_TOKEN).`,
    );
  }
  return options;
}

function parseFlags(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      format: { type: "string" },
      "due-within": { type: "string" },
      grace: { type: "string" },
      now: { type: "string" },
      "sentry-url": { type: "string" },
      org: { type: "string", multiple: true },
      "fail-on": { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
}

function formatOf(value: string | undefined): ReportFormat {
  const format = value ?? "table";
  if ((REPORT_FORMATS as readonly string[]).includes(format)) return format as ReportFormat;
  throw new ReportInputError(
    "--format",
    `"${format}" is not a format; use ${REPORT_FORMATS.join(", ")}.`,
  );
}

function durationOf(flag: string, value: string): string {
  try {
    parseDuration(value, flag);
    return value;
  } catch (err) {
    if (err instanceof InputError) throw new ReportInputError(flag, err.problem);
    throw err;
  }
}

function nowOf(
  flag: string | undefined,
  env: Record<string, string | undefined>,
  realNow: Date,
): Date {
  const variable = "SENTRY_ROTATION_NOW";
  const value = flag ?? env[variable];
  try {
    return clockFromEnvironment({ [variable]: value }, { now: () => realNow }).now();
  } catch (err) {
    if (!(err instanceof InputError)) throw err;
    throw new ReportInputError(
      flag !== undefined ? "--now" : variable,
      err.problem.replace("unset it to use the real clock", "leave it out to use the real clock"),
    );
  }
}

function urlOf(value: string): string {
  try {
    const url = new URL(value);
    if (url.protocol === "http:" || url.protocol === "https:") return value.replace(/\/+$/, "");
  } catch {
    // reported below
  }
  throw new ReportInputError(
    "--sentry-url",
    `"${value}" is not an http(s) URL; use e.g. https://sentry.io.`,
  );
}

function failOnOf(value: string | undefined): FailOn[] {
  if (value === undefined) return [];
  const items = value
    .split(",")
    .map((v) => v.trim())
    .filter(Boolean);
  const unknown = items.filter((i) => !(FAIL_ON as readonly string[]).includes(i));
  if (unknown.length || items.length === 0) {
    throw new ReportInputError(
      "--fail-on",
      `"${value}" is not a list of ${FAIL_ON.join(", ")} (comma-separated, e.g. --fail-on overdue,stale).`,
    );
  }
  return items as FailOn[];
}
