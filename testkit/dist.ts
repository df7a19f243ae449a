/**
 * The provider host, the examples and the demo load the compiled package from dist/ (through the
 * repository's package.json exports, or as a linked install of it, see workspace.ts), so whatever
 * starts them builds it first when dist/ is missing or older than a source file. `npm test` builds
 * before mocha, so there this is a check. The sources are what tsconfig.build.json compiles.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { REPO_ROOT } from "./repo-root";

const BUILD_CONFIG = "tsconfig.build.json";
// Outputs of the one build: the package entry, the provider host entry, the plugin main.
const ENTRIES = [
  "index.js",
  path.join("provider", "host-entry.js"),
  path.join("plugin", "main.js"),
].map((entry) => path.join(REPO_ROOT, "dist", entry));

let checked = false;

/** Compiles with tsconfig.build.json unless dist/ is newer than every source; returns whether it did. */
export function ensureDistBuilt(): boolean {
  if (checked) return false;
  checked = true;
  if (!isStale()) return false;
  execFileSync(process.execPath, [require.resolve("typescript/bin/tsc"), "-p", BUILD_CONFIG], {
    cwd: REPO_ROOT,
    stdio: "inherit",
  });
  return true;
}

/** `ensureDistBuilt` for callers that do not report whether it compiled. */
export function ensureBuilt(): void {
  ensureDistBuilt();
}

function isStale(): boolean {
  const oldestEntry = Math.min(
    ...ENTRIES.map((entry) => (fs.existsSync(entry) ? fs.statSync(entry).mtimeMs : 0)),
  );
  return newestSourceMs() > oldestEntry;
}

function buildSources(): string[] {
  const config = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, BUILD_CONFIG), "utf8")) as {
    include: string[];
  };
  return config.include;
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
  for (const source of buildSources()) {
    const full = path.join(REPO_ROOT, source);
    if (fs.existsSync(full)) visit(full);
  }
  return newest;
}
