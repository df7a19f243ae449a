/** A small fleet for the soak-area tests: sandbox, projects, providers, engine, sink files. */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { startSandbox, type RunningSandbox } from "../../sandbox";
import { ensureBuilt } from "../../testkit/dist";
import type { Chain } from "../../testkit/fleet/engine-model";
import { SimulatedEngine } from "../../testkit/fleet/engine-sim";
import {
  captureFleetProviders,
  fleetProgram,
  sinkPath,
  startFleetHost,
} from "../../testkit/fleet/fleet-program";
import { createProjects, type FleetProject } from "../../testkit/fleet/sandbox-fleet";
import type { ProviderHost } from "../../testkit/provider-host";

/** What a fleet test works with; `close` stops every host started through `host`. */
export interface TestFleet {
  sandbox: RunningSandbox;
  projects: FleetProject[];
  program: Chain[];
  engine: SimulatedEngine;
  sinkFiles: string[];
  /** Starts a host for one command (with SENTRY_ROTATION_NOW when given). */
  host(now?: string): Promise<ProviderHost>;
  close(): Promise<void>;
}

/** A fleet of `keys` ClientKeys over `projects` projects, with dotenv sinks when `sinks`. */
export async function startTestFleet(options: {
  keys: number;
  projects: number;
  sinks?: boolean;
}): Promise<TestFleet> {
  ensureBuilt();
  const sandbox = await startSandbox({ quiet: true });
  const sinkDir = fs.mkdtempSync(path.join(os.tmpdir(), "sentry-fleet-test-"));
  const hosts: ProviderHost[] = [];
  const projects = await createProjects(sandbox.url, "fleet", options.projects);
  const program = fleetProgram(
    {
      organization: sandbox.organization,
      projects,
      keys: options.keys,
      ...(options.sinks ? { sinkDir } : {}),
    },
    await captureFleetProviders(),
  );
  return {
    sandbox,
    projects,
    program,
    engine: new SimulatedEngine(8),
    sinkFiles: Array.from({ length: options.keys }, (_, n) => sinkPath(sinkDir, n)),
    host: async (now) => {
      const host = await startFleetHost(sandbox, now);
      hosts.push(host);
      return host;
    },
    close: async () => {
      await Promise.all(hosts.map((h) => h.stop()));
      await sandbox.close();
      fs.rmSync(sinkDir, { recursive: true, force: true });
    },
  };
}
