#!/usr/bin/env node
/**
 * `sentry-rotation report`: what every stack's Sentry keys look like, what rotates soon, and what
 * Sentry holds that no stack manages. Glue only: arguments, inputs and Sentry in, text out.
 */
import { type FailOn, parseCliArgs, USAGE } from "./args";
import { ReportInputError } from "./errors";
import { evaluate, type Report } from "./evaluate";
import { readInputs } from "./inputs";
import type { KeyUsage } from "../provider/lifecycle/usage";
import { readKeyUsages, readLiveInventory, reportClient } from "./live";
import { managedKeys } from "./model";
import { renderReport } from "./render";
import { parseStackExport } from "./state-export";
import type { LiveInventory } from "./unmanaged";

/** Exit codes. */
export const EXIT = { ok: 0, findings: 1, badInput: 2, sentry: 3 } as const;

/** Where the command reads and writes. */
export interface CliIo {
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
}

/** Runs the command; resolves to its exit code. Never throws. */
export async function main(
  argv: string[],
  env: Record<string, string | undefined>,
  io: CliIo,
): Promise<number> {
  const fail = (code: number, message: string) => {
    io.stderr.write(`sentry-rotation report: ${message}\n`);
    return code;
  };
  const args = argv[0] === "report" ? argv.slice(1) : argv;
  try {
    const options = parseCliArgs(args, env);
    if (options.help) {
      io.stdout.write(USAGE);
      return EXIT.ok;
    }
    const token = env.SENTRY_AUTH_TOKEN?.trim();
    if (options.sentryUrl && !token) {
      throw new ReportInputError(
        "SENTRY_AUTH_TOKEN",
        "is not set: --sentry-url reads the token from SENTRY_AUTH_TOKEN only (a user or internal-integration token with org:read).",
      );
    }
    const stacks = (await readInputs(options.files, io.stdin)).map(({ source, text }) => {
      const state = parseStackExport(text, source);
      return { stack: state.stack, source, keys: managedKeys(state) };
    });
    for (const s of stacks.filter((x) => x.keys.length === 0)) {
      io.stderr.write(
        `sentry-rotation report: warning: ${s.source} (stack ${s.stack || "?"}) manages no Sentry key or token\n`,
      );
    }
    let live: LiveInventory[] | undefined;
    let usage: Map<string, KeyUsage> | undefined;
    if (options.sentryUrl && token) {
      const organizations = options.organizations.length
        ? options.organizations
        : [...new Set(stacks.flatMap((s) => s.keys.map((k) => k.organization ?? "")))].filter(
            Boolean,
          );
      if (organizations.length === 0) {
        throw new ReportInputError(
          "--org",
          "no organization to list: pass --org <slug> or set SENTRY_ORG.",
        );
      }
      const client = reportClient(options.sentryUrl, token);
      try {
        live = await readLiveInventory(client, organizations);
      } catch (err) {
        // SentryApiError messages are redacted and carry their fix.
        return fail(EXIT.sentry, `could not read keys from Sentry: ${(err as Error).message}`);
      }
      // Sentry's clock, not --now: the stats only know the past.
      usage = await readKeyUsages(
        client,
        stacks.flatMap((s) => s.keys),
        live,
        new Date(),
      );
      const unreadable = [...usage.values()].filter((u) => !u.known);
      if (unreadable.length > 0) {
        const first = unreadable[0] as Extract<KeyUsage, { known: false }>;
        io.stderr.write(
          `sentry-rotation report: warning: could not read the last-24h usage of ${unreadable.length} client key(s) (USAGE 24H shows "unreadable"): ${first.problem}\n`,
        );
      }
    }
    const report = evaluate(stacks, options, live, usage);
    io.stdout.write(renderReport(report, options.format));
    const found = findings(report, options.failOn);
    if (found.length) return fail(EXIT.findings, `found ${found.join(", ")} (--fail-on)`);
    return EXIT.ok;
  } catch (err) {
    if (err instanceof ReportInputError) return fail(EXIT.badInput, err.message);
    return fail(EXIT.badInput, `unexpected error: ${(err as Error).message}`);
  }
}

/** The `--fail-on` findings present in the report, as "2 overdue" phrases. */
export function findings(report: Report, failOn: FailOn[]): string[] {
  const s = report.summary;
  const counts: Record<FailOn, number> = {
    overdue: s.overdue,
    due: s.due + s.overdue,
    stale: s.stale,
    missing: s.missing,
    unmanaged: s.unmanaged,
  };
  return failOn.filter((f) => counts[f] > 0).map((f) => `${counts[f]} ${f}`);
}

if (require.main === module) {
  void main(process.argv.slice(2), process.env, process).then((code) => {
    process.exitCode = code;
  });
}
