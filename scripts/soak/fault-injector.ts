/**
 * Keeps faults coming while a run is in flight: every `everyMs` it adds one random fault for an
 * endpoint that has none pending, so faults land on every endpoint as the run reaches it.
 */
import type { SandboxFault } from "../../tests/support/client-sandbox";
import { addFaults, clearFaults, sandboxAdmin } from "../../tests/support/fleet/sandbox-fleet";
import { FAULT_TARGETS, pick, randomFault } from "./fault-plan";

/** Adds faults to the sandbox in the background. */
export class FaultInjector {
  private timer: NodeJS.Timeout | undefined;
  private busy: Promise<void> = Promise.resolve();

  constructor(
    private readonly url: string,
    private readonly random: () => number,
    private readonly everyMs: number,
  ) {}

  /** Starts adding faults. */
  start(): void {
    this.timer = setInterval(() => {
      this.busy = this.busy.then(() => this.addOne()).catch(() => undefined);
    }, this.everyMs);
  }

  /** Stops and removes the faults not yet used. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.busy;
    await clearFaults(this.url);
  }

  private async addOne(): Promise<void> {
    const { faults } = (await sandboxAdmin(this.url, "GET", "faults")) as {
      faults: SandboxFault[];
    };
    const pending = new Set(faults.map((f) => `${f.method} ${f.path}`));
    const free = FAULT_TARGETS.filter((t) => !pending.has(`${t.method} ${t.path}`));
    if (free.length === 0) return;
    await addFaults(this.url, [randomFault(this.random, pick(this.random, free))]);
  }
}
