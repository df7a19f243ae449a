/**
 * The example programs load this package from dist/ (as a linked install of the repository, see workspace.ts), so the
 * demo compiles it first when dist/ is missing or older than a source file.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { REPO_ROOT } from "./workspace";

const ENTRY = path.join(REPO_ROOT, "dist", "index.js");
const SOURCES = ["index.ts", "provider", "components", "sandbox"];

/** Compiles with tsconfig.build.json when needed; returns whether it did. */
export function ensureDistBuilt(): boolean {
  if (fs.existsSync(ENTRY) && newestSourceMs() <= fs.statSync(ENTRY).mtimeMs) return false;
  execFileSync(
    process.execPath,
    [require.resolve("typescript/bin/tsc"), "-p", "tsconfig.build.json"],
    { cwd: REPO_ROOT, stdio: "inherit" },
  );
  return true;
}

function newestSourceMs(): number {
  let newest = 0;
  const visit = (entry: string): void => {
    const stat = fs.statSync(entry);
    if (stat.isDirectory()) {
      for (const name of fs.readdirSync(entry)) visit(path.join(entry, name));
    } else if (entry.endsWith(".ts")) {
      newest = Math.max(newest, stat.mtimeMs);
    }
  };
  for (const source of SOURCES) {
    const full = path.join(REPO_ROOT, source);
    if (fs.existsSync(full)) visit(full);
  }
  return newest;
}
