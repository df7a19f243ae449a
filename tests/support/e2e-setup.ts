/**
 * Shared setup of the real-engine tests (tests/e2e): the compiled package, the Pulumi CLI (found
 * or built once per machine, see docs/engine.md), a sandbox with its admin API, and small readers
 * of what the tests look at (sandbox keys, dotenv files, exported state).
 */
import * as fs from "node:fs";
import { ensurePulumiEngine } from "../../scripts/pulumi-engine/build";
import { ensureStateService } from "../../scripts/pulumi-engine/state-service";
import { ensureYamlLanguageHost } from "../../scripts/pulumi-engine/yaml";
import { PulumiWorkspace, type WorkspaceOptions } from "../../testkit/workspace";
import { ensureBuilt } from "../../testkit/dist";
import type { SandboxOptions } from "../../sandbox";
import type { AdminClientKey, AdminEvent } from "../../testkit/sandbox-admin";
import { buildLog, buildOnce } from "./build-once";
import { startClientSandbox, type ClientTestSandbox } from "./client-sandbox";

/** A cold engine build took 11 minutes on the 2-core CI machine; allow for a slow day. */
export const ENGINE_SETUP_TIMEOUT_MS = 30 * 60_000;
/** One `pulumi up` is 10-25 s here; a failing program needs ~40 s to report (docs/engine.md). */
export const PULUMI_STEP_TIMEOUT_MS = 3 * 60_000;

const engineOnce = buildOnce(() =>
  ensurePulumiEngine({ log: buildLog("engine") }).then((location) => location.binDir),
);

/**
 * Builds dist/ if stale and returns the bin directory of a matching Pulumi CLI. Skips (fails under
 * CI) only when the engine can be neither found nor built: no Go, no cache, no `pulumi` on PATH.
 */
export function e2eEngine(ctx: Mocha.Context): Promise<string> {
  ensureBuilt();
  return engineOnce(ctx);
}

/**
 * The bin directory of the Pulumi YAML language host (found or built once per machine, see
 * docs/engine.md), to pass in `pluginDirs`. Skips (fails under CI) only when Go is missing.
 */
export const e2eYamlLanguageHost = buildOnce(() =>
  ensureYamlLanguageHost({ log: buildLog("yaml") }).then((host) => host.binDir),
);

/**
 * The `pulumi-state-service` binary (found or built once per machine, seconds on warm Go caches,
 * see docs/engine.md). Skips (fails under CI) only when Go is missing.
 */
export const e2eStateServiceBinary = buildOnce(() =>
  ensureStateService({ log: buildLog("state-service") }).then((built) => built.binary),
);

/** A sandbox plus a workspace of an example, set up against it. */
export interface E2eFixture {
  sandbox: ClientTestSandbox;
  workspace: PulumiWorkspace;
  dispose(): Promise<void>;
}

/** Starts a sandbox and copies `example` into a workspace configured for it. */
export async function startE2e(
  binDir: string,
  example: string,
  options: Pick<
    WorkspaceOptions,
    | "config"
    | "stack"
    | "files"
    | "typeCheck"
    | "inPlace"
    | "env"
    | "pluginDirs"
    | "packages"
    | "backendUrl"
  > & {
    project?: string;
    /** Options of the sandbox, e.g. its clock (`now`). */
    sandbox?: SandboxOptions;
  } = {},
): Promise<E2eFixture> {
  const sandbox = await startClientSandbox({ rateLimit: false, ...options.sandbox });
  try {
    const project = options.project ?? sandbox.project;
    const workspace = await PulumiWorkspace.create({
      binDir,
      example,
      sentry: {
        url: sandbox.url,
        organization: sandbox.organization,
        project,
        token: sandbox.token,
      },
      config: options.config,
      stack: options.stack,
      files: options.files,
      typeCheck: options.typeCheck,
      inPlace: options.inPlace,
      env: options.env,
      pluginDirs: options.pluginDirs,
      packages: options.packages,
      backendUrl: options.backendUrl,
    });
    return {
      sandbox,
      workspace,
      async dispose() {
        await workspace.dispose();
        await sandbox.close();
      },
    };
  } catch (err) {
    await sandbox.close();
    throw err;
  }
}

// Kept under the names the e2e tests use; the admin client does the work.
export type { AdminClientKey as SandboxKey } from "../../testkit/sandbox-admin";
export { apiWritesOf as apiWrites } from "../../testkit/sandbox-admin";

/** Every client key the sandbox holds (inactive ones too). */
export function sandboxKeys(sandbox: ClientTestSandbox): Promise<AdminClientKey[]> {
  return sandbox.keys();
}

/** Key id → isActive, for compact assertions. */
export async function keyActivity(sandbox: ClientTestSandbox): Promise<Record<string, boolean>> {
  return Object.fromEntries((await sandbox.keys()).map((k) => [k.public, k.isActive]));
}

/** Ids of the org auth tokens the sandbox still accepts. */
export async function activeTokenIds(sandbox: ClientTestSandbox): Promise<string[]> {
  const tokens = (await sandbox.state()).orgAuthTokens;
  return tokens.filter((t) => t.dateDeactivated === null).map((t) => t.id);
}

/** Accepted ingest requests for one key. */
export function eventsFor(sandbox: ClientTestSandbox, publicKey: string): Promise<AdminEvent[]> {
  return sandbox.events(publicKey);
}

/** The value of `name` in a dotenv file written by the DotenvFile sink. */
export function dotenvValue(file: string, name: string): string | undefined {
  const line = fs
    .readFileSync(file, "utf8")
    .split("\n")
    .find((l) => l.startsWith(`${name}=`));
  return line?.slice(name.length + 1).replace(/^'(.*)'$/, "$1");
}

/** A resource of an exported deployment. */
export interface ExportedResource {
  urn: string;
  type: string;
  id?: string;
  delete?: boolean;
  outputs?: Record<string, unknown>;
}

/** The resources of a `pulumi stack export`, optionally of one type. */
export function exportedResources(exported: string, type?: string): ExportedResource[] {
  const resources =
    (JSON.parse(exported) as { deployment: { resources?: ExportedResource[] } }).deployment
      .resources ?? [];
  return type === undefined ? resources : resources.filter((r) => r.type === type);
}

/** Type tokens of the dynamic resources. */
export const TYPES = {
  clientKey: "pulumi-nodejs:dynamic/sentry:ClientKey",
  clientKeyPair: "pulumi-nodejs:dynamic/sentry:ClientKeyPair",
  orgAuthToken: "pulumi-nodejs:dynamic/sentry:OrgAuthToken",
  dotenvFile: "pulumi-nodejs:dynamic/sentry:DotenvFile",
} as const;

/** The key id at the end of a ClientKey resource id (`org/project/keyId`). */
export function keyIdOf(resourceId: string | undefined): string {
  return resourceId?.split("/").pop() ?? "";
}
