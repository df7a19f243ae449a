/** In-memory logs the admin API exposes: API requests (never their tokens) and accepted events. */

/** One handled API or ingest request. `status` 0 = the connection was reset without a response. */
export interface RequestLogEntry {
  seq: number;
  method: string;
  path: string;
  status: number;
  at: string;
  tokenKind: "user" | "org" | "none";
  fault?: string;
  /** The Origin header of an ingest request (what the allowed-domains check reads first). */
  origin?: string;
}

/** One accepted ingest request. */
export interface EventRecord {
  id: string;
  projectId: number;
  publicKey: string;
  endpoint: "envelope" | "store";
  receivedAt: string;
  itemTypes: string[];
  /** The request's Content-Encoding ("gzip", ...), when the body was compressed. */
  contentEncoding?: string;
}

// Old entries are dropped past this many, so long benchmarks do not grow memory without bound.
const MAX_ENTRIES = 10000;

/** The two logs, each in arrival order. */
export class Journal {
  private seq = 0;
  requests: RequestLogEntry[] = [];
  events: EventRecord[] = [];

  /** Appends a request entry, numbering it. */
  logRequest(entry: Omit<RequestLogEntry, "seq">): void {
    this.requests.push({ seq: ++this.seq, ...entry });
    if (this.requests.length > MAX_ENTRIES) this.requests.shift();
  }

  /** Appends an accepted event. */
  recordEvent(event: EventRecord): void {
    this.events.push(event);
    if (this.events.length > MAX_ENTRIES) this.events.shift();
  }
}
