/**
 * A fleet as a program: N ClientKeys spread over P projects (key n in project n mod P), each
 * optionally feeding a DotenvFile sink (SENTRY_DSN = the key's public DSN), run through the real
 * dynamic-provider host, one host per `pulumi` command as under the engine.
 */
import * as path from "node:path";
import { ClientKey } from "../../provider/resources/client-key/resource";
import { DotenvFile } from "../../provider/resources/dotenv-file/resource";
import { captureProvider } from "../capture-provider";
import { startProviderHost, urn, type ProviderHost } from "../provider-host";
import type { Props } from "../provider-host/struct";
import type { Chain, ProgramResource, StateEntry } from "./engine-model";
import type { FleetProject } from "./sandbox-fleet";

/** Type tokens of the resources a fleet registers. */
export const CLIENT_KEY_TYPE = "pulumi-nodejs:dynamic/sentry:ClientKey";
export const DOTENV_FILE_TYPE = "pulumi-nodejs:dynamic/sentry:DotenvFile";

/** The serialized providers, as the SDK writes them into state. */
export interface FleetProviders {
  clientKey: string;
  dotenvFile: string;
}

/** Captures the `__provider` of each kind once (it captures nothing but the kind). */
export async function captureFleetProviders(): Promise<FleetProviders> {
  const key = await captureProvider(() => new ClientKey("probe", { project: "p", name: "probe" }));
  const file = await captureProvider(
    () => new DotenvFile("probe-sink", { path: "/tmp/probe.env", variables: { SENTRY_DSN: "x" } }),
  );
  return { clientKey: key.provider, dotenvFile: file.provider };
}

/** What the fleet looks like. */
export interface FleetSpec {
  organization: string;
  projects: readonly FleetProject[];
  keys: number;
  rotateEvery?: string;
  /** Directory for one dotenv sink per key; no sinks when absent. */
  sinkDir?: string;
  /** More inputs for key n (e.g. a browserSdkVersion, which makes create send a PUT). */
  extraInputs?: (n: number) => Props;
}

/** The URN of key n, and of its sink. */
export const keyUrn = (n: number) => urn(CLIENT_KEY_TYPE, `key-${n}`);
export const sinkUrn = (n: number) => urn(DOTENV_FILE_TYPE, `sink-${n}`);
/** The dotenv file of key n's sink. */
export const sinkPath = (dir: string, n: number) => path.join(dir, `key-${n}.env`);

/** The program: one chain per key (the key, then its sink). */
export function fleetProgram(spec: FleetSpec, providers: FleetProviders): Chain[] {
  return Array.from({ length: spec.keys }, (_, n) => {
    const project = spec.projects[n % spec.projects.length]!;
    const key: ProgramResource = {
      urn: keyUrn(n),
      inputs: () => ({
        __provider: providers.clientKey,
        organization: spec.organization,
        project: project.slug,
        name: `fleet key ${n}`,
        rotateEvery: spec.rotateEvery ?? "90d",
        ...spec.extraInputs?.(n),
      }),
    };
    if (!spec.sinkDir) return [key];
    const file = sinkPath(spec.sinkDir, n);
    const sink: ProgramResource = {
      urn: sinkUrn(n),
      inputs: (live: ReadonlyMap<string, StateEntry>) => ({
        __provider: providers.dotenvFile,
        path: file,
        variables: { SENTRY_DSN: String(live.get(keyUrn(n))?.outputs.dsnPublic) },
      }),
    };
    return [key, sink];
  });
}

/** Starts a host as `pulumi` would for one command, configured for the sandbox. */
export async function startFleetHost(
  sandbox: { url: string; token: string },
  now?: string,
): Promise<ProviderHost> {
  const host = await startProviderHost({
    env: { SENTRY_ROTATION_NOW: now, SENTRY_AUTH_TOKEN: undefined, SENTRY_URL: undefined },
  });
  try {
    await host.configure(
      { "sentry-rotation:authToken": sandbox.token, "sentry-rotation:url": sandbox.url },
      { secretKeys: ["sentry-rotation:authToken"] },
    );
  } catch (err) {
    await host.stop();
    throw err;
  }
  return host;
}
