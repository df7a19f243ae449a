/**
 * Finds or builds `pulumi-state-service` (scripts/pulumi-engine/state-service/): a local stand-in
 * for the part of the Pulumi Cloud API the CLI uses as its state backend, journaling included, so
 * the engine can run here with the backend most teams use (Pulumi Cloud cannot be reached).
 *
 *   node --require ts-node/register/transpile-only scripts/pulumi-engine/state-service.ts
 *
 * Progress goes to stderr; the last stdout line is the binary's path. Built once per Pulumi
 * version into the engine cache (docs/engine.md), against the same packages as the CLI: the
 * journal is replayed with the CLI's own replayer.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { buildStamp, engineCacheRoot, pulumiVersionFromLock } from "./engine-config";
import {
  EngineBuildError,
  goBuildEnv,
  goSourceStampInputs,
  goSources,
  goVersion,
  runBuilder,
  runGo,
  writeSources,
  writeWrapperModule,
} from "./go-build";
import { buildStaged, isCurrentBuild } from "./staged-build";

export const STATE_SERVICE_BINARY = "pulumi-state-service";

/** Where the state service binary is. */
export interface StateServiceBinary {
  binary: string;
  version: string;
  origin: "cache" | "built";
}

/** Inputs of {@link ensureStateService}; everything defaults to this checkout and process. */
export interface EnsureStateServiceOptions {
  repoRoot?: string;
  env?: NodeJS.ProcessEnv;
  log?: (line: string) => void;
}

/** Returns the cached state service of the locked Pulumi version, building it with Go when missing. */
export async function ensureStateService(
  options: EnsureStateServiceOptions = {},
): Promise<StateServiceBinary> {
  const repoRoot = options.repoRoot ?? path.resolve(__dirname, "..", "..");
  const env = options.env ?? process.env;
  const log = options.log ?? ((line: string) => process.stderr.write(`[state-service] ${line}\n`));
  const lock = JSON.parse(fs.readFileSync(path.join(repoRoot, "package-lock.json"), "utf8"));
  const version = pulumiVersionFromLock(lock);
  const binDir = path.join(engineCacheRoot(env, os.homedir()), "state-service", version, "bin");
  const goModTemplate = fs.readFileSync(path.join(__dirname, "go.mod.template"), "utf8");
  const sources = goSources(path.join(__dirname, "state-service"));
  const stamp = buildStamp(version, [goModTemplate, ...goSourceStampInputs(sources)]);
  const binary = path.join(binDir, STATE_SERVICE_BINARY);
  if (isCurrentBuild(binDir, stamp, [STATE_SERVICE_BINARY])) {
    return { binary, version, origin: "cache" };
  }
  const go = await goVersion(env);
  if (!go) {
    throw new EngineBuildError(
      `Go is not installed, so ${STATE_SERVICE_BINARY} (for Pulumi v${version}) cannot be built ` +
        "here. Install Go (https://go.dev/doc/install) and run this again.",
    );
  }
  log(`building ${STATE_SERVICE_BINARY} against pulumi v${version} with ${go} into ${binDir}`);
  const started = Date.now();
  await buildStaged(binDir, stamp, [STATE_SERVICE_BINARY], async (workDir, staging) => {
    const goEnv = goBuildEnv(env);
    await writeWrapperModule({ version, goModTemplate, workDir, log }, goEnv);
    writeSources(path.join(workDir, "state-service"), sources);
    await runGo(["mod", "tidy"], workDir, goEnv, log);
    await runGo(
      [
        "build",
        "-trimpath",
        "-ldflags",
        "-s -w",
        "-o",
        path.join(staging, STATE_SERVICE_BINARY),
        "./state-service",
      ],
      workDir,
      goEnv,
      log,
    );
  });
  log(`built in ${Math.round((Date.now() - started) / 1000)}s`);
  return { binary, version, origin: "built" };
}

if (require.main === module)
  void runBuilder("state-service", async () => [(await ensureStateService()).binary]);
