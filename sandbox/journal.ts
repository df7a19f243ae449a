/**
 * In-memory logs the admin API exposes: API requests (never their tokens), accepted events, and
 * cron check-ins with the monitors they made.
 */
import { applyCheckIn, type CheckInRecord, type MonitorRecord } from "./check-ins";

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
  checkIns: CheckInRecord[] = [];
  monitors: MonitorRecord[] = [];

  /** Appends a request entry, numbering it. */
  logRequest(entry: Omit<RequestLogEntry, "seq">): void {
    this.requests.push({ seq: ++this.seq, ...entry });
    if (this.requests.length > MAX_ENTRIES) this.requests.shift();
  }

  /**
   * Appends a check-in that passed validation; it updates (or, with a config, creates) its
   * monitor, or is recorded as dropped with the reason. Returns the record.
   */
  recordCheckIn(checkIn: Omit<CheckInRecord, "outcome" | "reason">): CheckInRecord {
    const applied = applyCheckIn(this.monitors, checkIn);
    const record: CheckInRecord = applied.dropped
      ? { ...checkIn, outcome: "dropped", reason: applied.dropped }
      : { ...checkIn, checkInId: applied.checkInId, outcome: "accepted" };
    this.checkIns.push(record);
    if (this.checkIns.length > MAX_ENTRIES) this.checkIns.shift();
    return record;
  }

  /** Appends an accepted event. */
  recordEvent(event: EventRecord): void {
    this.events.push(event);
    if (this.events.length > MAX_ENTRIES) this.events.shift();
  }
}
