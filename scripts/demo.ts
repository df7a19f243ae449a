/**
 * `npm run demo`: the project's main job, end to end on this machine. It starts the local Sentry
 * sandbox, finds or builds the Pulumi CLI, and has the real engine create, preview and rotate the
 * keys of examples/local, narrating each step in plain words. It leaves nothing running: the
 * sandbox is stopped and the temp files removed on success, on failure and on Ctrl-C.
 */
import * as path from "node:path";
import { startSandbox } from "../sandbox";
import { ensurePulumiEngine } from "./pulumi-engine/build";
import { EngineBuildError } from "./pulumi-engine/go-build";
import { Cleanup } from "./demo/cleanup";
import { ensureDistBuilt } from "../testkit/dist";
import { seconds } from "./demo/narrate";
import { tellStory } from "./demo/story";
import { PulumiWorkspace } from "../testkit/workspace";

const say = (line = "") => process.stdout.write(`${line}\n`);

async function main(): Promise<number> {
  const started = Date.now();
  const cleanup = new Cleanup();
  cleanup.onSignals(say);
  say("pulumi-sentry-rotation demo");
  say(
    "A Sentry client key (DSN) and an org auth token, rotated by the real Pulumi engine against a",
  );
  say("local Sentry sandbox. Nothing leaves this machine; no Sentry account or cloud is needed.");
  say("\n1. Getting ready");
  try {
    say(
      ensureDistBuilt()
        ? "   Compiled the package into dist/."
        : "   The package in dist/ is up to date.",
    );
    const engine = await findEngine();
    if (!engine) return 1;
    say(`   Pulumi CLI v${engine.version} (${ORIGINS[engine.origin]} ${engine.binDir}).`);

    const sandbox = await startSandbox({ port: 0, quiet: true });
    cleanup.add("stop the sandbox", () => sandbox.close());
    say(
      `   Sentry sandbox listening at ${sandbox.url} (organization "${sandbox.organization}", project "${sandbox.project}").`,
    );

    const workspace = await PulumiWorkspace.create({
      binDir: engine.binDir,
      example: "examples/local",
      sentry: sandbox,
    });
    cleanup.add("remove the temp files", () => workspace.dispose());
    say(`   examples/local copied to ${workspace.projectDir}`);
    say("   (state in a local file backend there, secrets encrypted with a passphrase).");

    await tellStory({ workspace, sandbox, say });
    await cleanup.runAll(say);
    say(
      `\nDone in ${seconds(Date.now() - started)}. The sandbox is stopped and ${path.dirname(workspace.projectDir)} is removed.`,
    );
    say(
      "Next: examples/local/README.md runs the same by hand; docs/rotation-model.md explains overlap.",
    );
    return 0;
  } catch (err) {
    if (cleanup.interrupted) return new Promise<number>(() => undefined); // the handler exits
    say(`\nThe demo failed: ${(err as Error).message}`);
    await cleanup.runAll(say);
    say("Cleaned up: the sandbox is stopped and the temp files are removed.");
    return 1;
  }
}

const ORIGINS = {
  path: "found on PATH in",
  cache: "cached build in",
  built: "built just now into",
};

/** The engine, or undefined after saying how to get one. */
async function findEngine() {
  try {
    // Build progress is worth showing; "using ..." is said once the engine is found.
    const log = (line: string) =>
      line.startsWith("using ") ? undefined : say(`   [engine] ${line}`);
    return await ensurePulumiEngine({ log });
  } catch (err) {
    if (!(err instanceof EngineBuildError)) throw err;
    say("\nThe demo needs the Pulumi CLI, and it cannot be built here:");
    say(err.message);
    say("Then run `npm run demo` again.");
    return undefined;
  }
}

void main().then((code) => process.exit(code));
