/**
 * A team's own project, outside the repository: `npm pack` of the built package (once per content,
 * cached), a temp directory with its own package.json, `npm install` as a user runs it. Tests then
 * use what got installed (node_modules/pulumi-sentry-rotation, its bins), never the repo's sources.
 *
 *   const project = await createConsumerProject({
 *     dependencies: { "pulumi-sentry-rotation": await packedSpec(), "@pulumi/pulumi": "3.248.0" },
 *   });
 *   ... project.dir, project.packageDir, project.bin("sentry-sandbox") ...
 *   project.dispose();
 */
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import { ensureBuilt } from "../../testkit/dist";

const execFileAsync = promisify(execFile);
const REPO_ROOT = path.resolve(__dirname, "..", "..");
const NPM = process.platform === "win32" ? "npm.cmd" : "npm";
/** The package's own name, as a consumer's package.json names it. */
export const PACKAGE_NAME = "pulumi-sentry-rotation";

/** What a consumer project looks like to a test. */
export interface ConsumerProject {
  /** The project directory (in the OS temp directory, outside the repository). */
  dir: string;
  /** Where the package got installed: `<dir>/node_modules/pulumi-sentry-rotation`. */
  packageDir: string;
  /** Path of an installed command, `<dir>/node_modules/.bin/<name>`. */
  bin(name: string): string;
  /** Deletes the project directory. */
  dispose(): void;
}

/** What the consumer's package.json declares, and files to write before installing. */
export interface ConsumerProjectOptions {
  /** `dependencies` of its package.json; {@link packedSpec} gives this package's entry. */
  dependencies: Record<string, string>;
  devDependencies?: Record<string, string>;
  /** Files to write first, by path relative to the project (e.g. `Pulumi.yaml`, `index.ts`). */
  files?: Record<string, string>;
  /** Prefix of the temp directory's name. */
  name?: string;
  /** `npm install` timeout (default 10 minutes: a cold npm cache downloads everything). */
  installTimeoutMs?: number;
}

let packed: Promise<string> | undefined;

/**
 * The tarball `npm pack` makes of the repository as built now (dist/ is rebuilt first when stale).
 * Packed once per test run, and cached across runs by a hash of every file npm would pack, so an
 * unchanged package is not packed again.
 */
export function packedTarball(): Promise<string> {
  packed ??= packOnce();
  return packed;
}

/** The dependency spec of the packed package: `file:<tarball>`. */
export async function packedSpec(): Promise<string> {
  return `file:${await packedTarball()}`;
}

/** Creates the project and runs `npm install` in it (shared npm cache, no audit, no fund). */
export async function createConsumerProject(
  options: ConsumerProjectOptions,
): Promise<ConsumerProject> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `${options.name ?? "sentry-rotation-user"}-`));
  const project: ConsumerProject = {
    dir,
    packageDir: path.join(dir, "node_modules", PACKAGE_NAME),
    bin: (name) => path.join(dir, "node_modules", ".bin", name),
    dispose: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
  try {
    const manifest = {
      name: "a-team-stack",
      version: "1.0.0",
      private: true,
      dependencies: options.dependencies,
      ...(options.devDependencies ? { devDependencies: options.devDependencies } : {}),
    };
    fs.writeFileSync(path.join(dir, "package.json"), `${JSON.stringify(manifest, null, 2)}\n`);
    for (const [file, text] of Object.entries(options.files ?? {})) {
      fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      fs.writeFileSync(path.join(dir, file), text);
    }
    await npm(
      ["install", "--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error"],
      dir,
      options.installTimeoutMs ?? 10 * 60_000,
    );
    return project;
  } catch (err) {
    project.dispose();
    throw err;
  }
}

async function packOnce(): Promise<string> {
  ensureBuilt();
  const { stdout } = await npm(["pack", "--dry-run", "--json", "--ignore-scripts"], REPO_ROOT);
  const [listing] = JSON.parse(stdout) as Array<{
    filename: string;
    files: Array<{ path: string }>;
  }>;
  if (!listing) throw new Error("npm pack --dry-run listed nothing");
  const hash = createHash("sha256");
  for (const file of listing.files.map((f) => f.path).sort()) {
    hash
      .update(`${file}\0`)
      .update(fs.readFileSync(path.join(REPO_ROOT, file)))
      .update("\0");
  }
  const cacheDir = path.join(packCacheRoot(), hash.digest("hex").slice(0, 16));
  const tarball = path.join(cacheDir, listing.filename);
  if (fs.existsSync(tarball)) return tarball;
  // Packed into a staging directory, then renamed: a concurrent run sees all of it or none.
  fs.mkdirSync(path.dirname(cacheDir), { recursive: true });
  const staging = fs.mkdtempSync(`${cacheDir}.staging-`);
  await npm(["pack", "--ignore-scripts", "--pack-destination", staging], REPO_ROOT);
  try {
    fs.renameSync(staging, cacheDir);
  } catch (err) {
    fs.rmSync(staging, { recursive: true, force: true });
    if (!fs.existsSync(tarball)) throw err;
  }
  return tarball;
}

// Next to the engine cache: `${XDG_CACHE_HOME:-~/.cache}/pulumi-sentry-rotation/packs`.
function packCacheRoot(): string {
  const xdgCache = process.env.XDG_CACHE_HOME || path.join(os.homedir(), ".cache");
  return path.join(xdgCache, "pulumi-sentry-rotation", "packs");
}

async function npm(
  args: string[],
  cwd: string,
  timeout = 5 * 60_000,
): Promise<{ stdout: string; stderr: string }> {
  try {
    return await execFileAsync(NPM, args, {
      cwd,
      timeout,
      maxBuffer: 64 * 1024 * 1024,
      env: withoutPackageScope(process.env),
    });
  } catch (err) {
    const { stderr = "", stdout = "" } = err as { stderr?: string; stdout?: string };
    throw new Error(`npm ${args.join(" ")} failed in ${cwd}:\n${stderr || stdout}`);
  }
}

// Under `npm test`, npm exports the repository's package fields (npm_package_*) and its prefix;
// a nested npm must act for the consumer project, not for this repository.
function withoutPackageScope(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(
    Object.entries(env).filter(
      ([name]) =>
        !name.startsWith("npm_package_") &&
        !["npm_config_prefix", "npm_config_local_prefix", "INIT_CWD"].includes(name),
    ),
  );
}
