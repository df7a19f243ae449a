/**
 * Watches the fleet while a run is in flight: every few milliseconds it reads the sink files, the
 * sandbox's keys and the sink files again, and records any sink that held, across the read of the
 * keys, a key Sentry no longer has (or has disabled). It also checks, just before each delete,
 * that no sink holds the key about to go, and keeps every secret it sees for the log scan.
 */
import type { StateEntry } from "../../testkit/fleet/engine-model";
import { heldKeys } from "../../testkit/fleet/held-keys";
import { keysIn, type FleetProject } from "../../testkit/fleet/sandbox-fleet";
import { readSinks, type SinkHolding } from "./sinks";

/** A moment at which a sink pointed at a key that does not work. */
export interface WindowFinding {
  /** "observed": seen by polling; "delete-while-held": a delete was sent for a key a sink held. */
  kind: "observed" | "delete-while-held";
  sink: number;
  publicKey: string;
  /** For deletes: whether the key was pending from an earlier run or replaced in this one. */
  when?: "before-run" | "after-run";
  run: string;
}

/** Polls sinks and keys in the background; see the module comment. */
export class SinkWatch {
  readonly findings: WindowFinding[] = [];
  /** Every key secret and secret DSN seen in the sandbox (for the log scan). */
  readonly secretsSeen = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private busy: Promise<void> = Promise.resolve();
  private run = "";

  constructor(
    private readonly url: string,
    private readonly projects: readonly FleetProject[],
    private readonly sinkFiles: readonly string[],
    private readonly everyMs = 25,
  ) {}

  /** Starts polling; findings are tagged with `run`. */
  start(run: string): void {
    this.run = run;
    this.timer = setInterval(() => {
      this.busy = this.busy.then(() => this.poll()).catch(() => undefined);
    }, this.everyMs);
  }

  /** Stops after one last poll. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.busy;
    await this.poll();
  }

  /** The engine hook: no sink may hold a key the engine is about to delete. */
  beforeDelete = (entry: StateEntry, when: "before-run" | "after-run"): void => {
    const doomed = heldKeys(entry).all;
    readSinks(this.sinkFiles).forEach((holding, sink) => {
      if (holding && doomed.includes(holding.publicKey)) {
        this.findings.push({
          kind: "delete-while-held",
          sink,
          publicKey: holding.publicKey,
          when,
          run: this.run,
        });
      }
    });
  };

  /** One poll: sinks, keys, sinks again. */
  async poll(): Promise<void> {
    const before = readSinks(this.sinkFiles);
    const keys = await keysIn(this.url, this.projects);
    const after = readSinks(this.sinkFiles);
    for (const key of keys) {
      this.secretsSeen.add(key.secret);
      this.secretsSeen.add(key.dsn.secret);
    }
    const working = new Set(keys.filter((k) => k.isActive).map((k) => k.public));
    before.forEach((holding: SinkHolding | undefined, sink) => {
      const same = holding && after[sink]?.publicKey === holding.publicKey;
      if (same && !working.has(holding.publicKey) && !this.seen(sink, holding.publicKey)) {
        this.findings.push({ kind: "observed", sink, publicKey: holding.publicKey, run: this.run });
      }
    });
  }

  // One observation per sink and key is enough.
  private seen(sink: number, publicKey: string): boolean {
    return this.findings.some(
      (f) => f.kind === "observed" && f.sink === sink && f.publicKey === publicKey,
    );
  }
}
