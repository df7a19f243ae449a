#!/usr/bin/env node
/** `sentry-sandbox`: starts the sandbox, prints one JSON line, serves until SIGINT/SIGTERM. */
import { parseCliArgs, USAGE } from "./args";
import { startSandbox } from "./index";

async function main(): Promise<void> {
  let command;
  try {
    command = parseCliArgs(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`sentry-sandbox: ${(error as Error).message}\n\n${USAGE}\n`);
    process.exitCode = 2;
    return;
  }
  if (command.kind === "help") {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const sandbox = await startSandbox(command.options);
  const { url, organization, project, projectId, token } = sandbox;
  process.stdout.write(`${JSON.stringify({ url, organization, project, projectId, token })}\n`);
  const stop = (): void => {
    process.off("SIGINT", stop);
    process.off("SIGTERM", stop);
    sandbox.close().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`sentry-sandbox: error while stopping: ${(error as Error).message}\n`);
        process.exit(1);
      },
    );
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`sentry-sandbox: ${(error as Error).message}\n`);
  process.exitCode = 1;
});
