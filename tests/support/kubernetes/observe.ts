/**
 * Watching a namespace while `pulumi up` runs, and reading what was seen: the API server's watch
 * events (with the time each arrived) next to the Sentry sandbox's request log, on one clock.
 */
import { strict as assert } from "node:assert";
import type { LoggedRequest } from "../client-sandbox";
import { apiWrites, type E2eFixture } from "../e2e-setup";
import type { KubeApi, KubeObject, WatchEvent } from "./kube-api";
import { objectPath, templateAnnotations } from "./workloads";

/** What the API server and the sandbox saw during one `pulumi up`. */
export interface Observed {
  output: string;
  secrets: WatchEvent[];
  configMaps: WatchEvent[];
  deployments: WatchEvent[];
  replicaSets: WatchEvent[];
  /** The sandbox's API requests during the up. */
  requests: LoggedRequest[];
}

// Watch events still in flight when `pulumi up` exits arrive within milliseconds on loopback.
const SETTLE_MS = 500;

/** Runs `pulumi up` (at a shifted clock, e.g. "+31d") while watching `namespace`. */
export async function upWatching(
  api: KubeApi,
  e2e: E2eFixture,
  namespace: string,
  clock?: string,
): Promise<Observed> {
  await e2e.sandbox.clearRequests();
  const watches = await Promise.all(
    (["secrets", "configmaps", "deployments", "replicasets"] as const).map((kind) =>
      api.watch(objectPath(kind, namespace)),
    ),
  );
  try {
    const result = await e2e.workspace.up({ env: clock ? { SENTRY_ROTATION_NOW: clock } : {} });
    await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
    const [secrets, configMaps, deployments, replicaSets] = watches.map((w) => w.events);
    return {
      output: result.stdout + result.stderr,
      secrets: secrets!,
      configMaps: configMaps!,
      deployments: deployments!,
      replicaSets: replicaSets!,
      requests: await e2e.sandbox.requests(),
    };
  } finally {
    for (const watch of watches) watch.stop();
  }
}

/** The one logged API write matching, with a clear failure otherwise. */
export function onlyOne(log: LoggedRequest[], method: string, pathPattern: RegExp): LoggedRequest {
  const matching = apiWrites(log).filter((r) => r.method === method && pathPattern.test(r.path));
  assert.equal(matching.length, 1, `one ${method} ${pathPattern}: ${JSON.stringify(log)}`);
  return matching[0]!;
}

/** Events of the object named `name`. */
export function eventsOf(events: WatchEvent[], name: string): WatchEvent[] {
  return events.filter((e) => e.object.metadata.name === name);
}

/** The first event where an object's pod template carries `annotation: value` (and `test`). */
export function withTemplateAnnotation(
  events: WatchEvent[],
  annotation: string,
  value: string,
  test: (object: KubeObject) => boolean = () => true,
): WatchEvent | undefined {
  return events.find((e) => templateAnnotations(e.object)[annotation] === value && test(e.object));
}

/** True when a ReplicaSet has `replicas` ready pods. */
export function readyOn(replicas: number): (replicaSet: KubeObject) => boolean {
  return (replicaSet) =>
    (replicaSet.status as { readyReplicas?: number } | undefined)?.readyReplicas === replicas;
}

/** The API server's order of two changes: etcd revisions, which its resourceVersions are here. */
export function revision(object: KubeObject): number {
  return Number(object.metadata.resourceVersion);
}

/** Asserts that every named event arrived before `at` (an ISO time from the sandbox log). */
export function assertArrivedBefore(
  events: Record<string, WatchEvent>,
  at: string,
  what: string,
): void {
  for (const [name, event] of Object.entries(events)) {
    assert.ok(
      event.receivedAt < Date.parse(at),
      `${name} arrived at ${new Date(event.receivedAt).toISOString()}, ${what} at ${at}`,
    );
  }
}
