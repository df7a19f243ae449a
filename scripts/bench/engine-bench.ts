/**
 * The real-engine variant of the benchmark (`--engine`): the same fleet as a Pulumi program
 * (engine-program/), driven with the `pulumi` CLI built by scripts/pulumi-engine when it is in its
 * cache. Wall times include the engine's own start and the program's run.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import {
  engineBinDir,
  engineCacheRoot,
  pulumiVersionFromLock,
} from "../pulumi-engine/engine-config";
import { ensureStateService } from "../pulumi-engine/state-service";
import { ensureNodeSdk, NODE_SDK_PACKAGE } from "../../testkit/node-sdk";
import { PLUGIN_MAIN } from "../../testkit/plugin-host/client";
import { pluginLauncherDir } from "../../testkit/plugin-host/launcher";
import { startStateService } from "../../testkit/state-service";
import { PulumiWorkspace, REPO_ROOT } from "../../testkit/workspace";
import {
  countRequests,
  RequestRecorder,
  type FleetProject,
} from "../../testkit/fleet/sandbox-fleet";
import {
  phaseFigures,
  type EngineBackend,
  type EngineFrontDoor,
  type EngineRun,
  type PhaseFigures,
  type RateLimitFigures,
} from "./figures";

/** The cached `pulumi` of this @pulumi/pulumi version, or undefined (the bench does not build it). */
export function cachedEngine(env = process.env): string | undefined {
  const lock = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package-lock.json"), "utf8"));
  const binDir = engineBinDir(engineCacheRoot(env, os.homedir()), pulumiVersionFromLock(lock));
  return fs.existsSync(path.join(binDir, "pulumi")) ? binDir : undefined;
}

/**
 * Runs create, preview, rotation and refresh with the real engine through one front door (the
 * dynamic provider, or the sentry-rotation plugin: an ambient plugin on PATH, the program on the
 * generated TypeScript SDK) and one state backend (a file backend, or a fresh
 * pulumi-state-service). The figures per phase, and the state bytes per key.
 */
export async function runEngineBench(args: {
  binDir: string;
  frontDoor: EngineFrontDoor;
  sandbox: { url: string; organization: string; token: string };
  projects: readonly FleetProject[];
  keys: number;
  parallel?: number;
  rateLimit: RateLimitFigures;
  backend: EngineBackend;
  serviceLatencyMs?: number;
}): Promise<EngineRun> {
  const plugin = args.frontDoor === "plugin";
  // A fresh service per run: its stacks live in memory, and nothing of another run weighs on it.
  const service =
    args.backend === "service"
      ? await startStateService({
          binary: (await ensureStateService()).binary,
          latencyMs: args.serviceLatencyMs ?? 0,
        })
      : undefined;
  const launcherDir = plugin ? pluginLauncherDir() : undefined;
  const workspace = await PulumiWorkspace.create({
    binDir: args.binDir,
    example: path.relative(REPO_ROOT, path.join(__dirname, "engine-program")),
    sentry: { ...args.sandbox, project: args.projects[0]!.slug },
    config: {
      keys: String(args.keys),
      projects: args.projects.map((p) => p.slug).join(","),
      frontDoor: args.frontDoor,
    },
    // The program imports both front doors' packages; only the plugin's run puts the plugin on PATH.
    packages: { [NODE_SDK_PACKAGE]: ensureNodeSdk() },
    ...(launcherDir ? { pluginDirs: [launcherDir] } : {}),
    ...(service ? { backendUrl: service.url } : {}),
  });
  const recorder = new RequestRecorder(args.sandbox.url);
  const parallel = args.parallel ? ["--parallel", String(args.parallel)] : [];
  const phase = async (
    command: string[],
    env: Record<string, string> = {},
  ): Promise<PhaseFigures> => {
    process.stderr.write(`bench (engine): pulumi ${command.join(" ")}...\n`);
    const memory = watchHostMemory(workspace.projectDir, plugin ? PLUGIN_MAIN : "dynamic-provider");
    await recorder.start();
    const result = await workspace.run(command, { env, timeoutMs: 60 * 60_000 });
    const counts = countRequests(await recorder.stop());
    return phaseFigures(result.durationMs, counts, args.rateLimit, {
      failed: 0,
      steps: {},
      hostPeakRssMiB: memory.stop(),
    });
  };
  try {
    const phases = {
      create: await phase(["up", "--yes", "--skip-preview", ...parallel]),
      preview: await phase(["preview"]),
      rotation: await phase(["up", "--yes", "--skip-preview", ...parallel], {
        SENTRY_ROTATION_NOW: "+91d",
      }),
      refresh: await phase(["refresh", "--yes", "--skip-preview", ...parallel]),
    };
    return {
      frontDoor: args.frontDoor,
      backend: args.backend,
      ...(service
        ? {
            serviceLatencyMs: args.serviceLatencyMs ?? 0,
            journalEntries: (await service.figures()).journalEntries,
          }
        : {}),
      phases,
      stateBytesPerKey: stateBytesPerKey(await workspace.exportState()),
    };
  } finally {
    await workspace.dispose();
    await service?.stop();
    if (launcherDir) fs.rmSync(launcherDir, { recursive: true, force: true });
  }
}

/** The mean size of the fleet's key entries (`key-<n>`) in an exported state, as compact JSON. */
export function stateBytesPerKey(exported: string): number {
  const { deployment } = JSON.parse(exported) as { deployment: { resources?: { urn: string }[] } };
  const keys = (deployment.resources ?? []).filter((r) => /::key-\d+$/.test(r.urn));
  if (keys.length === 0) throw new Error("no fleet key in the exported state");
  const bytes = keys.reduce((sum, r) => sum + Buffer.byteLength(JSON.stringify(r)), 0);
  return Math.round(bytes / keys.length);
}

// The engine starts the provider process itself: find it by its working directory and command line.
function watchHostMemory(projectDir: string, command: string): { stop(): number | undefined } {
  let peak: number | undefined;
  const sample = () => {
    for (const pid of fs.readdirSync("/proc").filter((d) => /^\d+$/.test(d))) {
      try {
        if (fs.readlinkSync(`/proc/${pid}/cwd`) !== projectDir) continue;
        if (!fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").includes(command)) continue;
        const kib = /^VmHWM:\s+(\d+)/m.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"))?.[1];
        if (kib) peak = Math.max(peak ?? 0, Math.round((Number(kib) / 1024) * 10) / 10);
      } catch {
        // the process ended meanwhile
      }
    }
  };
  const timer = setInterval(sample, 250);
  return {
    stop: () => {
      clearInterval(timer);
      return peak;
    },
  };
}
