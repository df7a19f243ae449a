/**
 * The provider host loads the compiled package (`pulumi-sentry-rotation/provider` resolves to
 * dist/ through the repository's package.json exports), so tests that start a host build it first when dist is
 * missing or older than a source file. `npm test` builds before mocha, so there this is a check.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { REPO_ROOT } from "./provider-host";

const ENTRY = path.join(REPO_ROOT, "dist", "provider", "host-entry.js");
const SOURCES = ["provider", "components", "sandbox", "report", "policy", "cli", "index.ts"];

let built = false;

/** Builds dist/ unless it is newer than every source file. */
export function ensureBuilt(): void {
  if (built) return;
  if (!fs.existsSync(ENTRY) || newestSource() > fs.statSync(ENTRY).mtimeMs) {
    execFileSync(
      process.execPath,
      [require.resolve("typescript/bin/tsc"), "-p", "tsconfig.build.json"],
      {
        cwd: REPO_ROOT,
        stdio: "inherit",
      },
    );
  }
  built = true;
}

function newestSource(): number {
  let newest = 0;
  const visit = (entry: string) => {
    const stat = fs.statSync(entry);
    if (stat.isDirectory()) fs.readdirSync(entry).forEach((name) => visit(path.join(entry, name)));
    else if (entry.endsWith(".ts")) newest = Math.max(newest, stat.mtimeMs);
  };
  for (const source of SOURCES) {
    const full = path.join(REPO_ROOT, source);
    if (fs.existsSync(full)) visit(full);
  }
  return newest;
}
