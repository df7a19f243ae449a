/**
 * The repository's config-driven program as the real-engine tests run it: the files a fresh clone
 * needs, and stack config written into Pulumi.<stack>.yaml as docs/config-stack.md says to.
 */
import * as fs from "node:fs";
import { parse, stringify } from "yaml";

/** What a clone holds that the program needs (node_modules are linked by the workspace). */
export const CONFIG_STACK_FILES = [
  "Pulumi.yaml",
  "package.json",
  "tsconfig.json",
  "index.ts",
  "stack",
  "components",
  "provider",
];

/** Sets config keys (e.g. `sentry-rotation:keys`) in the workspace's Pulumi.<stack>.yaml. */
export function setStackConfig(
  workspace: { file(name: string): string; stack: string },
  config: Record<string, unknown>,
): void {
  const file = workspace.file(`Pulumi.${workspace.stack}.yaml`);
  const doc = parse(fs.readFileSync(file, "utf8")) as { config: Record<string, unknown> };
  Object.assign(doc.config, config);
  fs.writeFileSync(file, stringify(doc));
}
