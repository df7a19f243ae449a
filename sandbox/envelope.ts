/** Parses what SDKs send to ingest: envelopes (header line, then items) and legacy store bodies. */

/** What the sandbox records of one ingest request. */
export interface IngestPayload {
  /** The event id named by the sender (32 hex, no dashes), if any. */
  eventId?: string;
  /** Item types of an envelope ("event", "transaction", "session", ...); ["event"] for store. */
  itemTypes: string[];
  /** The payloads of `check_in` items (cron monitor check-ins), parsed as JSON objects. */
  checkIns: Record<string, unknown>[];
}

/** Why a payload could not be read; becomes a 400. */
export class PayloadError extends Error {}

/** Normalizes an event id ("e2f905c0-1be3-..." or 32 hex) to 32 lowercase hex. */
export function normalizeEventId(value: unknown): string {
  const hex = typeof value === "string" ? value.replace(/-/g, "").toLowerCase() : "";
  if (!/^[0-9a-f]{32}$/.test(hex))
    throw new PayloadError(`invalid event id ${JSON.stringify(value)}`);
  return hex;
}

function parseJsonLine(text: string, what: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new PayloadError(`${what} is not valid JSON`);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new PayloadError(`${what} is not a JSON object`);
  }
  return value as Record<string, unknown>;
}

/** Reads an envelope: the header's event_id and each item's type (honouring item `length`). */
export function parseEnvelope(body: Buffer): IngestPayload {
  let position = body.indexOf(0x0a);
  const headerEnd = position === -1 ? body.length : position;
  const header = parseJsonLine(body.subarray(0, headerEnd).toString("utf8"), "envelope header");
  const itemTypes: string[] = [];
  const checkIns: Record<string, unknown>[] = [];
  let eventId = header.event_id === undefined ? undefined : normalizeEventId(header.event_id);
  position = headerEnd + 1;
  while (position < body.length) {
    const lineEnd = body.indexOf(0x0a, position);
    const itemHeaderEnd = lineEnd === -1 ? body.length : lineEnd;
    const line = body.subarray(position, itemHeaderEnd).toString("utf8");
    if (line.trim() === "") {
      position = itemHeaderEnd + 1;
      continue;
    }
    const item = parseJsonLine(line, "envelope item header");
    if (typeof item.type !== "string") throw new PayloadError("envelope item header has no type");
    const start = itemHeaderEnd + 1;
    let end: number;
    if (item.length !== undefined) {
      if (typeof item.length !== "number" || !Number.isInteger(item.length) || item.length < 0) {
        throw new PayloadError("envelope item length is not a non-negative integer");
      }
      end = start + item.length;
      if (end > body.length) throw new PayloadError("envelope item is shorter than its length");
    } else {
      const next = body.indexOf(0x0a, start);
      end = next === -1 ? body.length : next;
    }
    itemTypes.push(item.type);
    if (item.type === "check_in") {
      checkIns.push(parseJsonLine(body.subarray(start, end).toString("utf8"), "check_in item"));
    }
    if (eventId === undefined && (item.type === "event" || item.type === "transaction")) {
      const payload = parseJsonLine(
        body.subarray(start, end).toString("utf8"),
        `${item.type} item`,
      );
      if (payload.event_id !== undefined) eventId = normalizeEventId(payload.event_id);
    }
    position = end + 1;
  }
  return { ...(eventId === undefined ? {} : { eventId }), itemTypes, checkIns };
}

/** Reads a legacy `/store/` body: one JSON event. */
export function parseStoreBody(body: Buffer): IngestPayload {
  const event = parseJsonLine(body.toString("utf8"), "event");
  const eventId = event.event_id === undefined ? undefined : normalizeEventId(event.event_id);
  return { ...(eventId === undefined ? {} : { eventId }), itemTypes: ["event"], checkIns: [] };
}
