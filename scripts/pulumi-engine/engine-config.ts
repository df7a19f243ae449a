/**
 * Pure pieces of the engine build: which version to build, where the cache lives, how the Go
 * wrapper module is rendered. No I/O here, so each piece is testable on its own.
 */
import * as crypto from "crypto";
import * as path from "path";
import * as semver from "semver";

/** Go module of the Pulumi CLI; its `cmd/pulumi` package is the `pulumi` binary. */
export const PULUMI_PKG_MODULE = "github.com/pulumi/pulumi/pkg/v3";

/** Linker variable that `pulumi version` prints. */
export const VERSION_VARIABLE = "github.com/pulumi/pulumi/sdk/v3/go/common/version.Version";

/** Reads the installed @pulumi/pulumi version from a parsed package-lock.json (lockfile v2/v3). */
export function pulumiVersionFromLock(lock: unknown): string {
  const packages = (lock as { packages?: Record<string, { version?: unknown }> } | null)?.packages;
  const version = packages?.["node_modules/@pulumi/pulumi"]?.version;
  if (typeof version !== "string" || !/^\d+\.\d+\.\d+$/.test(version)) {
    throw new Error(
      'package-lock.json has no plain "node_modules/@pulumi/pulumi" version; run `npm install` first',
    );
  }
  return version;
}

/**
 * True when a CLI that printed `pulumiVersionOutput` can run programs on SDK `sdkVersion`: a 3.x
 * release at or above the SDK's (an older engine may lack what the SDK asks of it; newer engines
 * keep serving older SDKs). Pre-releases of a version count as below it.
 */
export function cliSupportsSdk(pulumiVersionOutput: string, sdkVersion: string): boolean {
  const cli = semver.parse(pulumiVersionOutput.trim().replace(/^v/, ""));
  return cli !== null && cli.major === semver.major(sdkVersion) && semver.gte(cli, sdkVersion);
}

/** Cache root: PULUMI_ENGINE_CACHE, else `${XDG_CACHE_HOME:-~/.cache}/pulumi-sentry-rotation/engine`. */
export function engineCacheRoot(env: NodeJS.ProcessEnv, homeDir: string): string {
  if (env.PULUMI_ENGINE_CACHE) return path.resolve(env.PULUMI_ENGINE_CACHE);
  const xdgCache = env.XDG_CACHE_HOME || path.join(homeDir, ".cache");
  return path.join(xdgCache, "pulumi-sentry-rotation", "engine");
}

/** The bin directory for one version inside the cache root. */
export function engineBinDir(cacheRoot: string, version: string): string {
  return path.join(cacheRoot, version, "bin");
}

/** What the wrapper module takes from the CLI's own go.mod. */
export interface PkgGoMod {
  goVersion: string;
  /** `replace` lines whose target is a module version (local-path targets are left out). */
  replaces: string[];
}

/** Extracts the go line and the versioned `replace` directives from pkg/go.mod text. */
export function parsePkgGoMod(goModText: string): PkgGoMod {
  const goVersion = /^go\s+(\S+)\s*$/m.exec(goModText)?.[1];
  if (!goVersion) throw new Error(`${PULUMI_PKG_MODULE} go.mod has no go line`);
  const replaces: string[] = [];
  let inBlock = false;
  for (const rawLine of goModText.split("\n")) {
    const line = rawLine.replace(/\/\/.*$/, "").trim();
    if (inBlock && line === ")") inBlock = false;
    else if (line === "replace (") inBlock = true;
    else if (inBlock || line.startsWith("replace ")) {
      const spec = inBlock ? line : line.slice("replace ".length).trim();
      const target = spec.split("=>")[1]?.trim().split(/\s+/) ?? [];
      // A target with a version is a module (`mod vX`); a single token is a local directory.
      if (target.length === 2) replaces.push(`replace ${spec.replace(/\s+/g, " ")}`);
    }
  }
  return { goVersion, replaces };
}

/** Fills the go.mod template with the release version and what pkg/go.mod requires. */
export function renderGoMod(template: string, version: string, pkg: PkgGoMod): string {
  return template
    .replaceAll("{{VERSION}}", `v${version}`)
    .replaceAll("{{GO}}", pkg.goVersion)
    .replaceAll("{{REPLACES}}", pkg.replaces.join("\n"));
}

/** Identifies one build: a changed version, template, host source or launcher means rebuild. */
export function buildStamp(version: string, inputs: string[]): string {
  const hash = crypto.createHash("sha256").update(version);
  for (const input of inputs) hash.update("\0").update(input);
  return hash.digest("hex");
}
