/**
 * The cache discipline every build here shares: a bin directory is current when its stamp file
 * matches and all its files exist; a build happens in private work and staging directories and is
 * renamed into place, so two builds at once never expose a half-built directory.
 */
import * as fs from "fs";
import * as path from "path";

const STAMP_FILE = ".engine-build";

/** True when `binDir` holds every one of `files` and was built with this stamp. */
export function isCurrentBuild(binDir: string, stamp: string, files: readonly string[]): boolean {
  try {
    const recorded = fs.readFileSync(path.join(binDir, STAMP_FILE), "utf8").trim();
    return recorded === stamp && files.every((name) => fs.existsSync(path.join(binDir, name)));
  } catch {
    return false;
  }
}

/** Runs `build(workDir, stagingDir)`, stamps the staging directory and renames it to `binDir`. */
export async function buildStaged(
  binDir: string,
  stamp: string,
  files: readonly string[],
  build: (workDir: string, stagingDir: string) => Promise<void>,
): Promise<void> {
  const parent = path.dirname(binDir);
  fs.mkdirSync(parent, { recursive: true });
  const workDir = fs.mkdtempSync(path.join(parent, "work-"));
  const staging = fs.mkdtempSync(path.join(parent, "bin-"));
  try {
    await build(workDir, staging);
    fs.writeFileSync(path.join(staging, STAMP_FILE), `${stamp}\n`);
    fs.chmodSync(staging, 0o755); // mkdtemp makes it private
    fs.rmSync(binDir, { recursive: true, force: true });
    try {
      fs.renameSync(staging, binDir);
    } catch (err) {
      if (!isCurrentBuild(binDir, stamp, files)) throw err; // else another build finished first
    }
  } finally {
    fs.rmSync(workDir, { recursive: true, force: true });
    fs.rmSync(staging, { recursive: true, force: true });
  }
}
