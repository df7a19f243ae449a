/**
 * `npm run sdk`: regenerates the package's SDKs (sdk/nodejs, sdk/python, sdk/go, sdk/dotnet) from
 * the plugin's schema with the Pulumi CLI's own generators (build-generator.ts), so the committed
 * SDKs are reproducible from one command.
 *
 *   npm run sdk [-- --schema <schema.json>] [--language <lang>] [--check]
 *
 * `--check` generates into a temporary directory and exits 1, listing the files, when the
 * committed SDKs differ from a fresh generation.
 */
import { execFile } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { promisify } from "util";
import { ensureSdkGenerator } from "./build-generator";
import { generatorFor, parseSdkArgs, SCHEMA_PATH, SDK_ROOT, type SdkLanguage } from "./sdk-config";
import { compareTrees } from "./tree-diff";

const run = promisify(execFile);

/** Inputs of {@link generateSdks}. */
export interface GenerateOptions {
  repoRoot?: string;
  /** The schema; default plugin/schema.json of the repository. */
  schemaPath?: string;
  /** Where sdk/<language> directories go; default the repository's sdk/. */
  outRoot?: string;
  languages: readonly SdkLanguage[];
  log?: (line: string) => void;
}

/** Writes each language's SDK to `<outRoot>/<language>`, replacing what was there. */
export async function generateSdks(options: GenerateOptions): Promise<void> {
  const repoRoot = options.repoRoot ?? path.resolve(__dirname, "..", "..");
  const log = options.log ?? ((line: string) => process.stderr.write(`[sdk] ${line}\n`));
  const schemaPath = path.resolve(repoRoot, options.schemaPath ?? SCHEMA_PATH);
  if (!fs.existsSync(schemaPath)) {
    throw new Error(
      `no schema at ${schemaPath}: the plugin writes plugin/schema.json (or pass --schema <file>)`,
    );
  }
  const outRoot = path.resolve(repoRoot, options.outRoot ?? SDK_ROOT);
  const generator = await ensureSdkGenerator({ repoRoot, log });
  fs.mkdirSync(outRoot, { recursive: true });
  for (const language of options.languages) {
    // Written beside its place, then swapped in: a failed generation leaves the old SDK.
    const fresh = fs.mkdtempSync(path.join(outRoot, `.${language}-`));
    try {
      const binary = path.join(generator.binDir, generatorFor(generator.builds, language));
      await run(binary, [schemaPath, language, fresh], { maxBuffer: 16 * 1024 * 1024 });
      const target = path.join(outRoot, language);
      fs.rmSync(target, { recursive: true, force: true });
      fs.renameSync(fresh, target);
      fs.chmodSync(target, 0o755);
      log(
        `${language}: ${countFiles(target)} files in ${path.relative(repoRoot, target) || target}`,
      );
    } finally {
      fs.rmSync(fresh, { recursive: true, force: true });
    }
  }
}

/** Differences between the SDKs under `sdkRoot` and a fresh generation (empty: they match). */
export async function checkSdks(
  options: GenerateOptions & { sdkRoot?: string },
): Promise<string[]> {
  const repoRoot = options.repoRoot ?? path.resolve(__dirname, "..", "..");
  const fresh = fs.mkdtempSync(path.join(os.tmpdir(), "sdk-check-"));
  try {
    await generateSdks({ ...options, repoRoot, outRoot: fresh });
    const committed = path.resolve(repoRoot, options.sdkRoot ?? SDK_ROOT);
    return options.languages.flatMap((language) =>
      compareTrees(path.join(committed, language), path.join(fresh, language)).map(
        (d) => `${language}/${d}`,
      ),
    );
  } finally {
    fs.rmSync(fresh, { recursive: true, force: true });
  }
}

function countFiles(dir: string): number {
  return fs.readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile())
    .length;
}

async function main(): Promise<void> {
  const args = parseSdkArgs(process.argv.slice(2));
  const options = {
    languages: args.languages,
    ...(args.schema ? { schemaPath: args.schema } : {}),
  };
  if (!args.check) {
    await generateSdks(options);
    return;
  }
  const differences = await checkSdks(options);
  for (const difference of differences) console.log(`differs: ${SDK_ROOT}/${difference}`);
  if (differences.length > 0) {
    console.error(`the committed SDKs differ from a fresh generation: run npm run sdk`);
    process.exitCode = 1;
  } else console.log("the committed SDKs match a fresh generation");
}

if (require.main === module) {
  main().catch((err: unknown) => {
    console.error(`sdk: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(2);
  });
}
