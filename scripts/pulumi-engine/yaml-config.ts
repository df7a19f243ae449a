/**
 * Pure pieces of the Pulumi YAML language host build (scripts/pulumi-engine/yaml.ts): which module
 * at which version, how its wrapper module is rendered, where the result is cached. No I/O here.
 */
import * as path from "path";
import { buildStamp } from "./engine-config";

/** The Pulumi YAML module; the proxy reachable here serves v1.11.1 and v1.25.0 of it. */
export const YAML_MODULE = "github.com/pulumi/pulumi-yaml";
/**
 * v1.25.0 requires pulumi pkg/sdk v3.206.0 and has no replace directives. It stays on that
 * version: forced to v3.248.0 it does not compile (pkg/pulumiyaml/packages.go expects another
 * plugin.Context). The host and the CLI only talk gRPC, so it serves CLI v3.248.0.
 */
export const YAML_VERSION = "1.25.0";
/** The language host's main package inside the module. */
export const YAML_LANGUAGE_HOST_PACKAGE = `${YAML_MODULE}/cmd/pulumi-language-yaml`;
export const YAML_LANGUAGE_HOST_BINARY = "pulumi-language-yaml";
/** The linker variable the host reports as its version. */
export const YAML_VERSION_VARIABLE = `${YAML_MODULE}/pkg/version.Version`;

/** The bin directory of the YAML language host inside the engine cache root. */
export function yamlLanguageBinDir(cacheRoot: string, version = YAML_VERSION): string {
  return path.join(cacheRoot, "yaml-language", version, "bin");
}

/** The wrapper module: requires the YAML module at its tag, with its own go line. */
export function renderYamlGoMod(goVersion: string, version = YAML_VERSION): string {
  return [
    "// Wrapper module that builds the Pulumi YAML language host (scripts/pulumi-engine/yaml.ts).",
    "module pulumi-sentry-rotation/pulumi-language-yaml",
    "",
    `go ${goVersion}`,
    "",
    `require ${YAML_MODULE} v${version}`,
    "",
    `tool ${YAML_LANGUAGE_HOST_PACKAGE}`,
    "",
  ].join("\n");
}

/** `-ldflags` of the build: stripped, reporting `version`. */
export function yamlLdflags(version = YAML_VERSION): string {
  return `-s -w -X ${YAML_VERSION_VARIABLE}=${version}`;
}

/** Identifies one build: the version and everything rendered for it. */
export function yamlStamp(version = YAML_VERSION): string {
  return buildStamp(version, [renderYamlGoMod("<go>", version), yamlLdflags(version)]);
}
