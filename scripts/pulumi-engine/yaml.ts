/**
 * Finds or builds, for offline use, the Pulumi YAML language host `pulumi-language-yaml`, so that
 * `runtime: yaml` programs run on the engine of scripts/pulumi-engine/build.ts.
 *
 *   node --require ts-node/register/transpile-only scripts/pulumi-engine/yaml.ts
 *
 * Progress goes to stderr; the last stdout line is the bin directory to put on PATH next to the
 * CLI's. Built once per version into the engine cache (see docs/engine.md), the same way as the
 * CLI: a stamp, a staging directory renamed into place.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { engineCacheRoot } from "./engine-config";
import { EngineBuildError, goBuildEnv, goVersion, runBuilder, runGo } from "./go-build";
import { goDirective } from "./kubernetes-config";
import { buildStaged, isCurrentBuild } from "./staged-build";
import {
  renderYamlGoMod,
  YAML_LANGUAGE_HOST_BINARY,
  YAML_LANGUAGE_HOST_PACKAGE,
  YAML_MODULE,
  YAML_VERSION,
  yamlLanguageBinDir,
  yamlLdflags,
  yamlStamp,
} from "./yaml-config";

/** Where the YAML language host is. */
export interface YamlLanguageHost {
  /** Holds `pulumi-language-yaml`: put it on the PATH of `pulumi`. */
  binDir: string;
  version: string;
  origin: "cache" | "built";
}

/** Inputs of {@link ensureYamlLanguageHost}; everything defaults to this process. */
export interface EnsureYamlOptions {
  env?: NodeJS.ProcessEnv;
  log?: (line: string) => void;
}

/** Returns the cached YAML language host, building it with Go when missing (minutes the first time). */
export async function ensureYamlLanguageHost(
  options: EnsureYamlOptions = {},
): Promise<YamlLanguageHost> {
  const env = options.env ?? process.env;
  const log = options.log ?? ((line: string) => process.stderr.write(`[yaml] ${line}\n`));
  const binDir = yamlLanguageBinDir(engineCacheRoot(env, os.homedir()));
  const stamp = yamlStamp();
  const files = [YAML_LANGUAGE_HOST_BINARY];
  if (isCurrentBuild(binDir, stamp, files)) {
    log(`using cached pulumi-language-yaml v${YAML_VERSION} in ${binDir}`);
    return { binDir, version: YAML_VERSION, origin: "cache" };
  }
  const go = await goVersion(env);
  if (!go) {
    throw new EngineBuildError(
      `Go is not installed, so the Pulumi YAML language host v${YAML_VERSION} cannot be built ` +
        "here. Install Go (https://go.dev/doc/install) and run this again, or install the Pulumi " +
        "CLI the usual way (it ships pulumi-language-yaml) and put it on PATH.",
    );
  }
  log(
    `building pulumi-language-yaml v${YAML_VERSION} from ${YAML_MODULE} with ${go} into ` +
      `${binDir} (minutes the first time)`,
  );
  const started = Date.now();
  await buildStaged(binDir, stamp, files, (workDir, staging) =>
    buildYamlHost(workDir, staging, goBuildEnv(env), log),
  );
  log(`built in ${Math.round((Date.now() - started) / 1000)}s`);
  return { binDir, version: YAML_VERSION, origin: "built" };
}

async function buildYamlHost(
  workDir: string,
  outDir: string,
  env: NodeJS.ProcessEnv,
  log: (line: string) => void,
): Promise<void> {
  const module = `${YAML_MODULE}@v${YAML_VERSION}`;
  log(`go mod download ${module}`);
  const json = await runGo(["mod", "download", "-json", module], workDir, env, log);
  const goModPath = (JSON.parse(json) as { GoMod?: string }).GoMod;
  if (!goModPath) throw new EngineBuildError(`go mod download gave no go.mod for ${module}`);
  const goLine = goDirective(fs.readFileSync(goModPath, "utf8"), YAML_MODULE);
  fs.writeFileSync(path.join(workDir, "go.mod"), renderYamlGoMod(goLine));
  log("go mod tidy (downloads pulumi v3.206.0 and its dependencies on a cold module cache)");
  await runGo(["mod", "tidy"], workDir, env, log);
  log("go build pulumi-language-yaml");
  await runGo(
    [
      "build",
      "-trimpath",
      "-ldflags",
      yamlLdflags(),
      "-o",
      path.join(outDir, YAML_LANGUAGE_HOST_BINARY),
      YAML_LANGUAGE_HOST_PACKAGE,
    ],
    workDir,
    env,
    log,
  );
}

if (require.main === module)
  void runBuilder("yaml", async () => [(await ensureYamlLanguageHost()).binDir]);
