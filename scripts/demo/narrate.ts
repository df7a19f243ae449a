/** Plain-words formatting of what the engine and the sandbox did, for the demo. Pure. */
import type { EngineEvent } from "../../testkit/engine-events";
import { urnName } from "../../testkit/engine-events";
import type { AdminLoggedRequest } from "../../testkit/sandbox-admin";

const KINDS: Record<string, string> = {
  "pulumi-nodejs:dynamic/sentry:ClientKey": "client key",
  "pulumi-nodejs:dynamic/sentry:ClientKeyPair": "client key pair",
  "pulumi-nodejs:dynamic/sentry:OrgAuthToken": "org auth token",
  "pulumi-nodejs:dynamic/sentry:DotenvFile": "dotenv file",
};

const OPS: Record<string, string> = {
  create: "+  create",
  update: "~  update",
  delete: "-  delete",
  "create-replacement": "++ create the replacement of",
  "delete-replaced": "-- delete the replaced",
};

/** A key id shortened for reading (ids are public; they are shortened for width only). */
export function short(id: string): string {
  return id.length > 10 ? `${id.slice(0, 8)}…` : id;
}

/** Seconds, rounded, e.g. "12 s". */
export function seconds(ms: number): string {
  return `${Math.round(ms / 1000)} s`;
}

/**
 * The steps of a plan or an update as lines, in the engine's order; the `replace` marker the
 * engine emits between create-replacement and delete-replaced is left out (it does nothing).
 */
export function planLines(events: EngineEvent[]): string[] {
  return events
    .filter((e) => e.kind === "pre" && e.op && e.op in OPS && e.type && e.type in KINDS)
    .map((e) => {
      const reason = e.keys?.length ? `   (${e.keys.join(", ")} has passed)` : "";
      return `${OPS[e.op!]} ${KINDS[e.type!]} "${urnName(e.urn)}"${reason}`;
    });
}

/** A request of the sandbox's log as one aligned line, with its time of day. */
export function requestLine(request: AdminLoggedRequest): string {
  const time = request.at.slice(11, 23);
  return `${time}  ${request.method.padEnd(6)} ${request.path.replace(/[0-9a-f]{32}/, (id) => short(id))}  ${request.status}`;
}

/** An ISO time of day with milliseconds, e.g. "10:54:13.672". */
export function timeOfDay(ms: number): string {
  return new Date(ms).toISOString().slice(11, 23);
}
