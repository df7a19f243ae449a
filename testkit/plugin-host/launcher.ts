/**
 * An ambient `pulumi-resource-sentry-rotation` for the real engine: a directory to put on PATH
 * holding a launcher of this checkout's compiled plugin, as `npm install -g pulumi-sentry-rotation`
 * puts the package's bin entry on a user's PATH.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { PLUGIN_MAIN } from "./client";

/** The executable name the engine looks for on PATH for the `sentry-rotation` package. */
export const PLUGIN_EXECUTABLE = "pulumi-resource-sentry-rotation";

/** Writes the launcher into a new temporary directory and returns that directory. */
export function pluginLauncherDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sentry-rotation-plugin-bin-"));
  const file = path.join(dir, PLUGIN_EXECUTABLE);
  fs.writeFileSync(file, `#!/bin/sh\nexec "${process.execPath}" "${PLUGIN_MAIN}" "$@"\n`, {
    mode: 0o755,
  });
  return dir;
}
