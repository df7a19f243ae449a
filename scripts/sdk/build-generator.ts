/**
 * Finds or builds pulumi-sdkgen, the SDK generator made of the Pulumi CLI's own generator code
 * (scripts/sdk/generator), once per CLI version into the engine cache beside the CLI, with the
 * CLI's cache discipline: a stamp over every input, a staging directory renamed into place.
 * Go runs at a lower priority (nice 10): the machine is shared.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import {
  buildStamp,
  engineCacheRoot,
  parsePkgGoMod,
  PULUMI_PKG_MODULE,
  pulumiVersionFromLock,
  renderGoMod,
} from "../pulumi-engine/engine-config";
import { EngineBuildError, goBuildEnv, goVersion, runGo } from "../pulumi-engine/go-build";
import { buildStaged, isCurrentBuild } from "../pulumi-engine/staged-build";
import { generatorBinDir, generatorBuilds, type GeneratorBuild } from "./sdk-config";

/** Where the generator binaries are, and the CLI version they follow. */
export interface SdkGenerator {
  binDir: string;
  cliVersion: string;
  builds: GeneratorBuild[];
}

/** Inputs of {@link ensureSdkGenerator}; everything defaults to this checkout and process. */
export interface EnsureGeneratorOptions {
  repoRoot?: string;
  env?: NodeJS.ProcessEnv;
  log?: (line: string) => void;
}

const SOURCE_DIR = path.join(__dirname, "generator");
const TEMPLATE = path.join(__dirname, "go.mod.template");
const NICENESS = 10;

/** Returns the cached generators, building them with Go when missing (minutes the first time). */
export async function ensureSdkGenerator(
  options: EnsureGeneratorOptions = {},
): Promise<SdkGenerator> {
  const repoRoot = options.repoRoot ?? path.resolve(__dirname, "..", "..");
  const env = options.env ?? process.env;
  const log = options.log ?? ((line: string) => process.stderr.write(`[sdk] ${line}\n`));
  const lock: unknown = JSON.parse(
    fs.readFileSync(path.join(repoRoot, "package-lock.json"), "utf8"),
  );
  const cliVersion = pulumiVersionFromLock(lock);
  const builds = generatorBuilds(cliVersion);
  const binDir = generatorBinDir(engineCacheRoot(env, os.homedir()), cliVersion);
  const template = fs.readFileSync(TEMPLATE, "utf8");
  const sources = ["main.go", ...builds.map((b) => b.languagesFile)].map((file) =>
    fs.readFileSync(path.join(SOURCE_DIR, file), "utf8"),
  );
  const stamp = buildStamp(cliVersion, [
    template,
    ...sources,
    ...builds.map((b) => `${b.binary}@${b.pkgVersion}`),
  ]);
  const binaries = builds.map((b) => b.binary);
  if (isCurrentBuild(binDir, stamp, binaries)) {
    log(`using cached SDK generators in ${binDir}`);
    return { binDir, cliVersion, builds };
  }
  const go = await goVersion(env);
  if (!go) {
    throw new EngineBuildError(
      "Go is not installed, so the SDK generator (the Pulumi CLI's own codegen) cannot be built. " +
        "Install Go (https://go.dev/doc/install) and run this again.",
    );
  }
  lowerPriority();
  log(`building the SDK generators with ${go} into ${binDir} (a few minutes the first time)`);
  await buildStaged(binDir, stamp, binaries, async (workDir, staging) => {
    for (const build of builds) {
      await buildOne(build, template, path.join(workDir, build.binary), staging, env, log);
    }
  });
  return { binDir, cliVersion, builds };
}

async function buildOne(
  build: GeneratorBuild,
  template: string,
  moduleDir: string,
  outDir: string,
  baseEnv: NodeJS.ProcessEnv,
  log: (line: string) => void,
): Promise<void> {
  const env = goBuildEnv(baseEnv);
  const tag = `v${build.pkgVersion}`;
  fs.mkdirSync(moduleDir, { recursive: true });
  log(`${build.binary}: ${PULUMI_PKG_MODULE}@${tag} (${build.languages.join(", ")})`);
  const download = await runGo(
    ["mod", "download", "-json", `${PULUMI_PKG_MODULE}@${tag}`],
    moduleDir,
    env,
    log,
  );
  const goModPath = (JSON.parse(download) as { GoMod?: string }).GoMod;
  if (!goModPath) throw new EngineBuildError(`go mod download gave no go.mod for ${tag}`);
  const pkg = parsePkgGoMod(fs.readFileSync(goModPath, "utf8"));
  fs.writeFileSync(path.join(moduleDir, "go.mod"), renderGoMod(template, build.pkgVersion, pkg));
  for (const file of ["main.go", build.languagesFile]) {
    fs.copyFileSync(path.join(SOURCE_DIR, file), path.join(moduleDir, file));
  }
  await runGo(["mod", "tidy"], moduleDir, env, log);
  await runGo(
    ["build", "-trimpath", "-ldflags", "-s -w", "-o", path.join(outDir, build.binary), "."],
    moduleDir,
    env,
    log,
  );
}

// Go inherits this process's priority: the build yields to the machine's other work.
function lowerPriority(): void {
  try {
    if (os.getPriority() < NICENESS) os.setPriority(NICENESS);
  } catch {
    // Not permitted here: build at the current priority.
  }
}
