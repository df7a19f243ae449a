/**
 * The generated TypeScript SDK (sdk/nodejs, package `@pulumi-sentry-rotation/sdk`) built as its
 * publisher would build it: `tsc` to JavaScript, and its package.json with `${VERSION}` set to this
 * package's version (the version the SDK asks the engine for). Programs that use it get it linked
 * into their node_modules (WorkspaceOptions.packages).
 *
 * The build goes to .cache/sdk-nodejs inside the repository, so the SDK's own `require("@pulumi/pulumi")`
 * resolves to the repository's copy, the same one the program and the plugin load.
 */
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { REPO_ROOT } from "./repo-root";

/** The generated SDK's package name (its package.json, from the schema's `language.nodejs`). */
export const NODE_SDK_PACKAGE = "@pulumi-sentry-rotation/sdk";

const SOURCE = path.join(REPO_ROOT, "sdk", "nodejs");
const OUT = path.join(REPO_ROOT, ".cache", "sdk-nodejs");
const STAMP = ".source-hash";

/** Compiles sdk/nodejs unless the last build is of the same sources; returns the package's folder. */
export function ensureNodeSdk(): string {
  const hash = sourceHash();
  const stamp = path.join(OUT, STAMP);
  if (fs.existsSync(stamp) && fs.readFileSync(stamp, "utf8") === hash) return OUT;
  fs.rmSync(OUT, { recursive: true, force: true });
  execFileSync(
    process.execPath,
    [
      require.resolve("typescript/bin/tsc"),
      "-p",
      path.join(SOURCE, "tsconfig.json"),
      "--outDir",
      OUT,
      "--declarationMap",
      "false",
      "--sourceMap",
      "false",
    ],
    { cwd: SOURCE, stdio: "inherit" },
  );
  const manifest = fs.readFileSync(path.join(SOURCE, "package.json"), "utf8");
  fs.writeFileSync(
    path.join(OUT, "package.json"),
    manifest.replace("${VERSION}", packageVersion()),
  );
  fs.writeFileSync(stamp, hash);
  return OUT;
}

function packageVersion(): string {
  const manifest = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package.json"), "utf8"));
  return (manifest as { version: string }).version;
}

function sourceHash(): string {
  const hash = createHash("sha256").update(packageVersion());
  const visit = (dir: string): void => {
    for (const entry of fs
      .readdirSync(dir, { withFileTypes: true })
      .sort((a, b) => a.name.localeCompare(b.name))) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) visit(file);
      else hash.update(path.relative(SOURCE, file)).update(fs.readFileSync(file));
    }
  };
  visit(SOURCE);
  return hash.digest("hex");
}
