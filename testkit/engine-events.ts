/**
 * Reading the engine's event log (`pulumi up --event-log FILE`, one JSON event per line): the
 * order in which the engine began and finished each step, which is what create-before-delete and
 * "dependents updated before the old key goes" are about. Pure.
 */

/** One engine event, reduced to what ordering checks need. */
export interface EngineEvent {
  /** The engine's sequence number: the order events happened in. */
  sequence: number;
  /** `pre`: a step begins; `outputs`: it finished; `diagnostic`: a log line; `other`. */
  kind: "pre" | "outputs" | "diagnostic" | "other";
  /** The step: same, create, update, replace, create-replacement, delete-replaced, delete... */
  op?: string;
  urn?: string;
  /** Resource type token, e.g. `pulumi-nodejs:dynamic/sentry:ClientKey`. */
  type?: string;
  /** For `pre` events, the properties that caused a change (e.g. `rotateAt`). */
  keys?: string[];
  /** For diagnostics, the message. */
  message?: string;
}

interface RawStepMetadata {
  op?: string;
  urn?: string;
  type?: string;
  keys?: string[];
}

interface RawEvent {
  sequence?: number;
  resourcePreEvent?: { metadata?: RawStepMetadata };
  resOutputsEvent?: { metadata?: RawStepMetadata };
  diagnosticEvent?: { urn?: string; message?: string };
}

/** Parses an event log; blank lines are skipped. */
export function parseEventLog(text: string): EngineEvent[] {
  return text
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => toEvent(JSON.parse(line) as RawEvent));
}

function toEvent(raw: RawEvent): EngineEvent {
  const sequence = raw.sequence ?? -1;
  const step = raw.resourcePreEvent ?? raw.resOutputsEvent;
  if (step?.metadata) {
    const { op, urn, type, keys } = step.metadata;
    const kind = raw.resourcePreEvent ? "pre" : "outputs";
    return { sequence, kind, op, urn, type, ...(keys ? { keys } : {}) };
  }
  if (raw.diagnosticEvent) {
    const { urn, message } = raw.diagnosticEvent;
    return { sequence, kind: "diagnostic", ...(urn ? { urn } : {}), message };
  }
  return { sequence, kind: "other" };
}

/** The resource name at the end of a URN. */
export function urnName(urn: string | undefined): string {
  return urn?.split("::").pop() ?? "";
}

/** Finds the first event of `kind` for a step `op` on a resource of `type` named `name`. */
export function findStep(
  events: EngineEvent[],
  kind: "pre" | "outputs",
  op: string,
  type: string,
  name?: string,
): EngineEvent | undefined {
  return events.find(
    (e) =>
      e.kind === kind &&
      e.op === op &&
      e.type === type &&
      (name === undefined || urnName(e.urn) === name),
  );
}

/** Steps that changed something (not `same`), in the order the engine began them. */
export function changeSteps(events: EngineEvent[]): EngineEvent[] {
  return events.filter((e) => e.kind === "pre" && e.op !== undefined && e.op !== "same");
}
