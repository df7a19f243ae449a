/**
 * The `pulumi-resource-pulumi-nodejs` plugin: the engine starts it (from PATH, in the project
 * directory) to host dynamic providers. Like the launcher shipped in @pulumi/pulumi, it resolves
 * `@pulumi/pulumi/cmd/dynamic-provider` from the working directory, so the program's own copy of
 * the SDK runs the providers it serialized; no repository path is baked into the shared cache.
 */
export const DYNAMIC_PROVIDER_LAUNCHER_NAME = "pulumi-resource-pulumi-nodejs";

/** Shell script text of the launcher. */
export function dynamicProviderLauncher(): string {
  return [
    "#!/bin/sh",
    "# Written by scripts/pulumi-engine/build.ts (pulumi-sentry-rotation).",
    `host=$(node -e "process.stdout.write(require.resolve('@pulumi/pulumi/cmd/dynamic-provider'))") || exit 1`,
    'exec node "$host" "$@"',
    "",
  ].join("\n");
}
