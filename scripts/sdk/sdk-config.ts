/**
 * Pure pieces of SDK generation: the languages, where the schema and the SDKs are, which Pulumi
 * release each generator binary is built from, and where the binaries are cached.
 */
import * as path from "path";

/** The SDK languages, as `pulumi package gen-sdk --language` names them; each goes to sdk/<language>. */
export const SDK_LANGUAGES = ["nodejs", "python", "go", "dotnet"] as const;
export type SdkLanguage = (typeof SDK_LANGUAGES)[number];

/** The package schema the plugin serves (written by the plugin's schema generator). */
export const SCHEMA_PATH = path.join("plugin", "schema.json");
/** Where the generated SDKs are committed. */
export const SDK_ROOT = "sdk";

/**
 * The last github.com/pulumi/pulumi/pkg/v3 release that carries codegen/dotnet: .NET generation
 * moved to the pulumi-dotnet repository (frozen in pkg in February 2026, deleted in April), whose
 * module the Go proxy reachable here refuses to serve.
 */
export const DOTNET_CODEGEN_VERSION = "3.225.1";

/** One generator binary: which pkg/v3 release it is built from and which languages it writes. */
export interface GeneratorBuild {
  binary: string;
  pkgVersion: string;
  /** The languages file compiled with generator/main.go. */
  languagesFile: string;
  languages: readonly SdkLanguage[];
}

/** The generator binaries for the CLI release `cliVersion`. */
export function generatorBuilds(cliVersion: string): GeneratorBuild[] {
  return [
    {
      binary: "pulumi-sdkgen",
      pkgVersion: cliVersion,
      languagesFile: "languages_cli.go",
      languages: ["nodejs", "python", "go"],
    },
    {
      binary: "pulumi-sdkgen-dotnet",
      pkgVersion: DOTNET_CODEGEN_VERSION,
      languagesFile: "languages_dotnet.go",
      languages: ["dotnet"],
    },
  ];
}

/** The binary that writes `language`. */
export function generatorFor(builds: readonly GeneratorBuild[], language: SdkLanguage): string {
  const build = builds.find((b) => b.languages.includes(language));
  if (!build) throw new Error(`no generator writes ${language}`);
  return build.binary;
}

/** The generators' directory, beside the CLI's bin directory in the engine cache. */
export function generatorBinDir(engineCacheRoot: string, cliVersion: string): string {
  return path.join(engineCacheRoot, cliVersion, "sdkgen");
}

/** Parses `npm run sdk` arguments; throws naming the flag and the fix. */
export function parseSdkArgs(argv: readonly string[]): {
  schema?: string;
  check: boolean;
  languages: SdkLanguage[];
} {
  const result: { schema?: string; check: boolean; languages: SdkLanguage[] } = {
    check: false,
    languages: [...SDK_LANGUAGES],
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--check") result.check = true;
    else if (arg === "--schema" && argv[i + 1]) result.schema = argv[++i];
    else if (arg === "--language" && argv[i + 1]) {
      const language = argv[++i]!;
      if (!(SDK_LANGUAGES as readonly string[]).includes(language)) {
        throw new Error(`--language must be one of ${SDK_LANGUAGES.join(", ")}, got "${language}"`);
      }
      result.languages = [language as SdkLanguage];
    } else {
      throw new Error(
        `unknown argument "${arg}"; use --schema <schema.json>, --language <${SDK_LANGUAGES.join("|")}>, --check`,
      );
    }
  }
  return result;
}
