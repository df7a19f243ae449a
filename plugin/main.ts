#!/usr/bin/env node
/**
 * `pulumi-resource-sentry-rotation`: the plugin process the Pulumi engine starts. Its first
 * argument is the engine's address; it prints its own port, then serves until killed.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { startPlugin } from "./server";

/** This package's version, from its package.json (found from here in the sources and in dist/). */
export function packageVersion(): string {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, "package.json");
    if (fs.existsSync(manifest)) {
      const { name, version } = JSON.parse(fs.readFileSync(manifest, "utf8")) as {
        name?: string;
        version: string;
      };
      if (name === "pulumi-sentry-rotation") return version;
    }
    if (path.dirname(dir) === dir) return "0.0.0";
  }
}

/** Serves the provider; `args` are the plugin's arguments (the engine's address first). */
export async function main(args: string[]): Promise<void> {
  const engineAddress = args.find((arg) => !arg.startsWith("-"));
  const { port } = await startPlugin({ engineAddress, version: packageVersion() });
  // The engine reads the port from the first line of stdout.
  process.stdout.write(`${port}\n`);
}

if (require.main === module) {
  main(process.argv.slice(2)).catch((err: unknown) => {
    process.stderr.write(
      `sentry-rotation plugin: ${err instanceof Error ? err.stack : String(err)}\n`,
    );
    process.exit(1);
  });
}
