#!/usr/bin/env node
/**
 * The `sentry-rotation` command of the package: `report` (what the stacks hold and what is due,
 * report/cli.ts) and `trigger` (emergency rotation of one key, cli/trigger.ts). Without a known
 * command the arguments go to `report`, as before `trigger` existed.
 */
import { type CliIo, main as report } from "../report/cli";
import { main as trigger } from "./trigger";

export const USAGE = `Usage: sentry-rotation <command> [options]

Commands:
  report    what every stack's Sentry keys look like and what rotates soon (the default)
  trigger   set one key's rotation trigger in the stack config, for an emergency rotation

Run \`sentry-rotation <command> --help\` for its options; docs/audit.md and docs/ci.md explain them.
`;

/** Runs a command; resolves to its exit code. */
export async function main(
  argv: string[],
  env: Record<string, string | undefined>,
  io: CliIo,
): Promise<number> {
  const [command, ...rest] = argv;
  if (command === "trigger") return trigger(rest, io);
  if (command === "help" || command === "--help" || command === "-h") {
    io.stdout.write(USAGE);
    return 0;
  }
  return report(argv, env, io);
}

if (require.main === module) {
  void main(process.argv.slice(2), process.env, process).then((code) => {
    process.exitCode = code;
  });
}
