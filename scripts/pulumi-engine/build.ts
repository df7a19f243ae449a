/**
 * Finds or builds the Pulumi CLI matching this project's @pulumi/pulumi, for offline use.
 *
 *   node --require ts-node/register/transpile-only scripts/pulumi-engine/build.ts
 *
 * Progress goes to stderr; the last stdout line is the bin directory to prepend to PATH. A
 * `pulumi` on PATH at or above the SDK's version (installed the usual way) is used as is; otherwise
 * `pulumi`, a Node.js language host and the dynamic-provider launcher are built once per version
 * into a cache outside the repository (see docs/engine.md).
 */
import { execFile } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { promisify } from "util";
import {
  buildStamp,
  engineBinDir,
  engineCacheRoot,
  cliSupportsSdk,
  pulumiVersionFromLock,
} from "./engine-config";
import {
  EngineBuildError,
  buildWithGo,
  goSourceStampInputs,
  goSources,
  goVersion,
  runBuilder,
} from "./go-build";
import { DYNAMIC_PROVIDER_LAUNCHER_NAME, dynamicProviderLauncher } from "./launcher";
import { buildStaged, isCurrentBuild } from "./staged-build";

const BINARIES = ["pulumi", "pulumi-language-nodejs", DYNAMIC_PROVIDER_LAUNCHER_NAME];

/** Where the engine came from: a matching CLI on PATH, the cache, or a build just now. */
export type EngineOrigin = "path" | "cache" | "built";

/** The directory holding `pulumi`, its Node.js language host and the dynamic-provider launcher. */
export interface EngineLocation {
  binDir: string;
  version: string;
  origin: EngineOrigin;
}

/** Inputs of {@link ensurePulumiEngine}; everything defaults to this checkout and process. */
export interface EnsureEngineOptions {
  repoRoot?: string;
  env?: NodeJS.ProcessEnv;
  log?: (line: string) => void;
}

/**
 * Returns a bin directory whose `pulumi` can run programs on the installed @pulumi/pulumi: one on
 * PATH from that version upward, else the cached or freshly built CLI of exactly that version.
 * `PULUMI_ENGINE_IGNORE_PATH=true` skips PATH (to test the build itself).
 */
export async function ensurePulumiEngine(
  options: EnsureEngineOptions = {},
): Promise<EngineLocation> {
  const repoRoot = options.repoRoot ?? path.resolve(__dirname, "..", "..");
  const env = options.env ?? process.env;
  const log = options.log ?? ((line: string) => process.stderr.write(`[engine] ${line}\n`));
  const lockText = fs.readFileSync(path.join(repoRoot, "package-lock.json"), "utf8");
  const version = pulumiVersionFromLock(JSON.parse(lockText));

  const onPath =
    env.PULUMI_ENGINE_IGNORE_PATH === "true" ? undefined : await pulumiOnPath(env, log);
  if (onPath && cliSupportsSdk(onPath.version, version)) {
    log(`using pulumi ${onPath.version} found on PATH in ${onPath.binDir} (SDK v${version})`);
    return { binDir: onPath.binDir, version: onPath.version.replace(/^v/, ""), origin: "path" };
  }
  if (onPath) {
    log(`pulumi ${onPath.version} on PATH is older than the SDK (v${version}): not used`);
  }

  const binDir = engineBinDir(engineCacheRoot(env, os.homedir()), version);
  const inputs = buildInputs();
  const stamp = buildStamp(version, stampInputs(inputs));
  if (isCurrentBuild(binDir, stamp, BINARIES)) {
    log(`using cached pulumi v${version} in ${binDir}`);
    return { binDir, version, origin: "cache" };
  }

  const go = await goVersion(env);
  if (!go) {
    throw new EngineBuildError(
      `Go is not installed, so the Pulumi CLI v${version} cannot be built here.\n` +
        "Either install Go (https://go.dev/doc/install) and run this again, or install the " +
        `Pulumi CLI the usual way (https://www.pulumi.com/docs/install/, e.g. ` +
        `\`curl -fsSL https://get.pulumi.com | sh -s -- --version ${version}\`) and put it on PATH.`,
    );
  }
  log(`building pulumi v${version} with ${go} into ${binDir} (minutes the first time)`);
  const started = Date.now();
  await buildInto(binDir, version, stamp, inputs, env, log);
  log(`built in ${Math.round((Date.now() - started) / 1000)}s`);
  return { binDir, version, origin: "built" };
}

/**
 * The `pulumi` on PATH with its version, if there is one that runs and has the two programs a
 * Node.js stack needs beside it (an install the usual way ships both).
 */
async function pulumiOnPath(
  env: NodeJS.ProcessEnv,
  log: (line: string) => void,
): Promise<{ binDir: string; version: string } | undefined> {
  const pulumi = findOnPath("pulumi", env.PATH ?? "");
  if (!pulumi) return undefined;
  const binDir = path.dirname(fs.realpathSync(pulumi));
  const companions = ["pulumi-language-nodejs", DYNAMIC_PROVIDER_LAUNCHER_NAME];
  const missing = companions.filter(
    (name) => !findOnPath(name, `${binDir}${path.delimiter}${env.PATH ?? ""}`),
  );
  if (missing.length > 0) {
    log(`pulumi on PATH (${pulumi}) lacks ${missing.join(" and ")}: not used`);
    return undefined;
  }
  try {
    const { stdout } = await promisify(execFile)(pulumi, ["version"], {
      env: { ...env, PULUMI_SKIP_UPDATE_CHECK: "true" },
      timeout: 60_000,
    });
    return { binDir, version: stdout.trim() };
  } catch {
    return undefined;
  }
}

function findOnPath(name: string, searchPath: string): string | undefined {
  for (const dir of searchPath.split(path.delimiter).filter(Boolean)) {
    const candidate = path.join(dir, name);
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      return candidate;
    } catch {
      // not in this directory
    }
  }
  return undefined;
}

/** The texts that define a build; any change to them invalidates the cache. */
function buildInputs(): {
  goModTemplate: string;
  languageHostSources: Record<string, string>;
  launcher: string;
} {
  return {
    goModTemplate: fs.readFileSync(path.join(__dirname, "go.mod.template"), "utf8"),
    languageHostSources: goSources(path.join(__dirname, "language-host")),
    launcher: dynamicProviderLauncher(),
  };
}

/** The stamp inputs: every text of the build, each host file with its name. */
function stampInputs(inputs: ReturnType<typeof buildInputs>): string[] {
  return [
    inputs.goModTemplate,
    ...goSourceStampInputs(inputs.languageHostSources),
    inputs.launcher,
  ];
}

/** Builds into a private staging directory, then renames it into place (safe if two run at once). */
async function buildInto(
  binDir: string,
  version: string,
  stamp: string,
  inputs: ReturnType<typeof buildInputs>,
  env: NodeJS.ProcessEnv,
  log: (line: string) => void,
): Promise<void> {
  await buildStaged(binDir, stamp, BINARIES, async (workDir, staging) => {
    await buildWithGo({ version, ...inputs, workDir, outDir: staging, env, log });
    const launcher = path.join(staging, DYNAMIC_PROVIDER_LAUNCHER_NAME);
    fs.writeFileSync(launcher, inputs.launcher, { mode: 0o755 });
  });
}

if (require.main === module)
  void runBuilder("engine", async () => [(await ensurePulumiEngine()).binDir]);
