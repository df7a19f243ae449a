/**
 * Keeps faults coming while a run is in flight: every `everyMs` it adds one random fault for an
 * endpoint that has none pending, so faults land on every endpoint as the run reaches it; with
 * `maxPerRun`, no more than that many in one run (a bound on the run's time, for the suite).
 */
import { sandboxAdmin, type SandboxAdmin } from "../../testkit/sandbox-admin";
import { FAULT_TARGETS, pick, randomFault } from "./fault-plan";

/** Adds faults to the sandbox in the background. */
// Faults armed when a run starts, on different endpoints.
const INITIAL_FAULTS = 4;

export class FaultInjector {
  private timer: NodeJS.Timeout | undefined;
  private busy: Promise<void> = Promise.resolve();
  private readonly admin: SandboxAdmin;
  private added = 0;

  constructor(
    url: string,
    private readonly random: () => number,
    private readonly everyMs: number,
    private readonly maxPerRun = Infinity,
  ) {
    this.admin = sandboxAdmin(url);
  }

  /**
   * Starts adding faults: a few at once, so even a run faster than `everyMs` meets some, then one
   * every `everyMs`.
   */
  start(): void {
    this.added = 0;
    const add = () => {
      this.busy = this.busy.then(() => this.addOne()).catch(() => undefined);
    };
    for (let i = 0; i < INITIAL_FAULTS; i++) add();
    this.timer = setInterval(add, this.everyMs);
  }

  /** Stops and removes the faults not yet used. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.busy;
    await this.admin.clearFaults();
  }

  private async addOne(): Promise<void> {
    const faults = await this.admin.faults();
    const pending = new Set(faults.map((f) => `${f.method} ${f.path}`));
    const free = FAULT_TARGETS.filter((t) => !pending.has(`${t.method} ${t.path}`));
    if (free.length === 0 || this.added >= this.maxPerRun) return;
    this.added++;
    await this.admin.addFaults(randomFault(this.random, pick(this.random, free)));
  }
}
