/**
 * Runs the Go toolchain: renders the wrapper module into a work directory, tidies it and builds
 * `pulumi` plus the Node.js language host into a staging directory.
 */
import { spawn } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { PULUMI_PKG_MODULE, VERSION_VARIABLE, parsePkgGoMod, renderGoMod } from "./engine-config";

/** Raised for failures the caller should print as they are (no stack trace). */
export class EngineBuildError extends Error {}

/**
 * The command line of every builder here: prints the lines `build` resolves with on stdout, or
 * `[tag] error: ...` on stderr with exit code 1.
 */
export async function runBuilder(tag: string, build: () => Promise<string[]>): Promise<void> {
  try {
    process.stdout.write(`${(await build()).join("\n")}\n`);
  } catch (err) {
    const message = err instanceof EngineBuildError ? err.message : String(err);
    process.stderr.write(`[${tag}] error: ${message}\n`);
    process.exitCode = 1;
  }
}

const HEARTBEAT_MS = 30_000;

/** What one engine build needs. */
export interface GoBuildRequest {
  version: string;
  goModTemplate: string;
  /** The language host's Go files (scripts/pulumi-engine/language-host), by file name. */
  languageHostSources: Record<string, string>;
  workDir: string;
  outDir: string;
  env: NodeJS.ProcessEnv;
  log: (line: string) => void;
}

/** The output of `go version`, or undefined when no `go` can be run. */
export async function goVersion(env: NodeJS.ProcessEnv): Promise<string | undefined> {
  try {
    return (await runGo(["version"], process.cwd(), env, () => undefined)).trim();
  } catch {
    return undefined;
  }
}

/** The environment of every build here. */
export function goBuildEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  // Cgo off: static binaries, and no C compiler needed. -mod=mod lets go resolve what tidy missed.
  return { ...env, CGO_ENABLED: "0", GOFLAGS: `${env.GOFLAGS ?? ""} -mod=mod`.trim() };
}

/** Builds `pulumi` and `pulumi-language-nodejs` for `version` into `outDir`. */
export async function buildWithGo(req: GoBuildRequest): Promise<void> {
  const env = goBuildEnv(req.env);
  const tag = `v${req.version}`;
  await writeWrapperModule(req, env);
  writeSources(path.join(req.workDir, "pulumi-language-nodejs"), req.languageHostSources);

  req.log("go mod tidy (downloads the CLI's dependencies on a cold module cache)");
  await runGo(["mod", "tidy"], req.workDir, env, req.log);
  req.log("go build pulumi and pulumi-language-nodejs (several minutes on a cold build cache)");
  await runGo(
    [
      "build",
      "-trimpath",
      "-ldflags",
      `-s -w -X ${VERSION_VARIABLE}=${tag}`,
      "-o",
      req.outDir + path.sep,
      `${PULUMI_PKG_MODULE}/cmd/pulumi`,
      "./pulumi-language-nodejs",
    ],
    req.workDir,
    env,
    req.log,
  );
}

/**
 * Renders the wrapper module (go.mod.template) into `workDir` for `version`: the go line and the
 * versioned replace directives of that release's pkg/go.mod. Every Go program built against the
 * CLI's packages (the CLI, the language host, the state service) shares it.
 */
export async function writeWrapperModule(
  req: Pick<GoBuildRequest, "version" | "goModTemplate" | "workDir" | "log">,
  env: NodeJS.ProcessEnv,
): Promise<void> {
  const tag = `v${req.version}`;
  req.log(`reading ${PULUMI_PKG_MODULE}@${tag} go.mod (its replace directives)`);
  const download = await runGo(
    ["mod", "download", "-json", `${PULUMI_PKG_MODULE}@${tag}`],
    req.workDir,
    env,
    req.log,
  );
  const goModPath = (JSON.parse(download) as { GoMod?: string }).GoMod;
  if (!goModPath) throw new EngineBuildError(`go mod download gave no go.mod for ${tag}`);
  const pkg = parsePkgGoMod(fs.readFileSync(goModPath, "utf8"));
  fs.writeFileSync(
    path.join(req.workDir, "go.mod"),
    renderGoMod(req.goModTemplate, req.version, pkg),
  );
}

/** Writes Go files (by name) into a package directory of the wrapper module. */
export function writeSources(dir: string, sources: Record<string, string>): void {
  fs.mkdirSync(dir, { recursive: true });
  for (const [name, text] of Object.entries(sources)) fs.writeFileSync(path.join(dir, name), text);
}

/** The Go files of a source directory, by name (for a build and its stamp). */
export function goSources(dir: string): Record<string, string> {
  const names = fs
    .readdirSync(dir)
    .filter((name) => name.endsWith(".go"))
    .sort();
  return Object.fromEntries(
    names.map((name) => [name, fs.readFileSync(path.join(dir, name), "utf8")]),
  );
}

/** Go files as build-stamp inputs: each file's name with its text, so a rename also rebuilds. */
export function goSourceStampInputs(sources: Record<string, string>): string[] {
  return Object.entries(sources).map(([name, text]) => `${name}\n${text}`);
}

/** Runs `go args...` and resolves with its stdout; stderr lines go to `log`, with a heartbeat. */
export function runGo(
  args: string[],
  cwd: string,
  env: NodeJS.ProcessEnv,
  log: (line: string) => void,
): Promise<string> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const child = spawn("go", args, { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    const stderrTail: string[] = [];
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => {
      for (const line of chunk.toString().split("\n").filter(Boolean)) {
        log(`  ${line}`);
        stderrTail.push(line);
        if (stderrTail.length > 40) stderrTail.shift();
      }
    });
    const heartbeat = setInterval(() => {
      log(`  go ${args[0]} still running (${Math.round((Date.now() - started) / 1000)}s)`);
    }, HEARTBEAT_MS);
    child.on("error", (err) => {
      clearInterval(heartbeat);
      reject(err);
    });
    child.on("close", (code) => {
      clearInterval(heartbeat);
      if (code === 0) resolve(stdout);
      else {
        reject(
          new EngineBuildError(
            `go ${args.join(" ")} failed (exit ${code}) in ${cwd}:\n${stderrTail.join("\n")}`,
          ),
        );
      }
    });
  });
}
