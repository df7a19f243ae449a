/**
 * A fleet as a program: N ClientKeys spread over P projects (key n in project n mod P), each
 * optionally feeding a DotenvFile sink (SENTRY_DSN = the key's public DSN), run through the real
 * dynamic-provider host, one host per `pulumi` command as under the engine. With `overlap`, each
 * key is a ClientKeyPair instead (what a RotatingClientKey with `overlap` registers), and its sink
 * gets the pair's current key.
 */
import * as path from "node:path";
import { ClientKeyPair } from "../../provider/resources/client-key-pair/resource";
import { ClientKey } from "../../provider/resources/client-key/resource";
import { DotenvFile } from "../../provider/resources/dotenv-file/resource";
import { captureProvider } from "../capture-provider";
import { parseUrn, startProviderHost, urn, type ProviderHost } from "../provider-host";
import type { Props } from "../provider-host/struct";
import type { Chain, ProgramResource, StateEntry } from "./engine-model";
import { heldKeys } from "./held-keys";
import type { FleetProject } from "./sandbox-fleet";

/** Type tokens of the resources a fleet registers. */
export const CLIENT_KEY_TYPE = "pulumi-nodejs:dynamic/sentry:ClientKey";
export const CLIENT_KEY_PAIR_TYPE = "pulumi-nodejs:dynamic/sentry:ClientKeyPair";
export const DOTENV_FILE_TYPE = "pulumi-nodejs:dynamic/sentry:DotenvFile";

/** The serialized providers, as the SDK writes them into state. */
export interface FleetProviders {
  clientKey: string;
  clientKeyPair: string;
  dotenvFile: string;
}

/** Captures the `__provider` of each kind once (it captures nothing but the kind). */
export async function captureFleetProviders(): Promise<FleetProviders> {
  const key = await captureProvider(() => new ClientKey("probe", { project: "p", name: "probe" }));
  const pair = await captureProvider(
    () =>
      new ClientKeyPair("probe-pair", {
        project: "p",
        name: "probe",
        rotateEvery: "90d",
        overlap: "7d",
      }),
  );
  const file = await captureProvider(
    () => new DotenvFile("probe-sink", { path: "/tmp/probe.env", variables: { SENTRY_DSN: "x" } }),
  );
  return { clientKey: key.provider, clientKeyPair: pair.provider, dotenvFile: file.provider };
}

/** What the fleet looks like. */
export interface FleetSpec {
  organization: string;
  projects: readonly FleetProject[];
  keys: number;
  rotateEvery?: string;
  /**
   * How long a replaced key stays valid: with it, each key is a ClientKeyPair (rotated in place,
   * the previous key kept for the overlap); without it, a ClientKey (replaced on rotation).
   */
  overlap?: string;
  /** Directory for one dotenv sink per key; no sinks when absent. */
  sinkDir?: string;
  /** More inputs for key n (e.g. a browserSdkVersion, which makes create send a PUT). */
  extraInputs?: (n: number) => Props;
}

/** The URN of key n, and of its sink. */
export const keyUrn = (n: number) => urn(CLIENT_KEY_TYPE, `key-${n}`);
/** The URN of pair n (a fleet with `overlap`). */
export const pairUrn = (n: number) => urn(CLIENT_KEY_PAIR_TYPE, `pair-${n}`);
/** The URN of the key resource n of a fleet, whichever its kind. */
export const fleetKeyUrn = (spec: Pick<FleetSpec, "overlap">, n: number) =>
  spec.overlap === undefined ? keyUrn(n) : pairUrn(n);
/** Whether a URN is one of a fleet's key resources (a ClientKey or a ClientKeyPair). */
export const isFleetKeyUrn = (resourceUrn: string) =>
  [CLIENT_KEY_TYPE, CLIENT_KEY_PAIR_TYPE].includes(parseUrn(resourceUrn).type);
export const sinkUrn = (n: number) => urn(DOTENV_FILE_TYPE, `sink-${n}`);
/** The dotenv file of key n's sink. */
export const sinkPath = (dir: string, n: number) => path.join(dir, `key-${n}.env`);

/** The program: one chain per key (the key, then its sink). */
export function fleetProgram(spec: FleetSpec, providers: FleetProviders): Chain[] {
  return Array.from({ length: spec.keys }, (_, n) => {
    const project = spec.projects[n % spec.projects.length]!;
    const keyAt = fleetKeyUrn(spec, n);
    const key: ProgramResource = {
      urn: keyAt,
      inputs: () => ({
        organization: spec.organization,
        project: project.slug,
        rotateEvery: spec.rotateEvery ?? "90d",
        ...(spec.overlap === undefined
          ? { __provider: providers.clientKey, name: `fleet key ${n}` }
          : {
              __provider: providers.clientKeyPair,
              name: `fleet pair ${n}`,
              overlap: spec.overlap,
            }),
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
        variables: { SENTRY_DSN: String(dsnOf(live.get(keyAt))) },
      }),
    };
    return [key, sink];
  });
}

function dsnOf(entry: StateEntry | undefined): string | undefined {
  return entry && heldKeys(entry).dsnPublic;
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
