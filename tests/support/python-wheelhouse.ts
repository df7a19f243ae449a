/**
 * A folder of wheels to install generated Python SDKs offline: the Pulumi Python SDK of the CLI's
 * release and what a generated SDK requires, downloaded once from PyPI with pip and kept beside
 * the engine cache (a `.complete` file lists what it holds).
 */
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import { engineCacheRoot } from "../../scripts/pulumi-engine/engine-config";

const run = promisify(execFile);

/** The Python interpreter the tests use. */
export const PYTHON = "python3";

/** True when `python3` with venv and pip runs here. */
export async function pythonAvailable(): Promise<boolean> {
  try {
    await run(PYTHON, ["-c", "import venv, ensurepip"]);
    return true;
  } catch {
    return false;
  }
}

/** The wheel folder for Pulumi `pulumiVersion`, downloading it the first time. */
export async function pythonWheelhouse(pulumiVersion: string): Promise<string> {
  const requirements = [`pulumi==${pulumiVersion}`, "parver", "semver", "setuptools", "wheel"];
  const root = path.join(path.dirname(engineCacheRoot(process.env, os.homedir())), "python-wheels");
  const dir = path.join(root, pulumiVersion);
  const marker = path.join(dir, ".complete");
  if (fs.existsSync(marker) && fs.readFileSync(marker, "utf8") === requirements.join("\n")) {
    return dir;
  }
  fs.mkdirSync(root, { recursive: true });
  const staging = fs.mkdtempSync(path.join(root, "download-"));
  try {
    await run(PYTHON, ["-m", "pip", "download", "--quiet", "--dest", staging, ...requirements], {
      maxBuffer: 16 * 1024 * 1024,
    });
    fs.writeFileSync(path.join(staging, ".complete"), requirements.join("\n"));
    fs.rmSync(dir, { recursive: true, force: true });
    fs.renameSync(staging, dir);
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
  return dir;
}
