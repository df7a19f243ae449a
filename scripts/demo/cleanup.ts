/**
 * Leaves nothing running: cleanup steps run once, last registered first, on success, on failure
 * and on Ctrl-C (SIGINT) or SIGTERM.
 */

/** A registry of cleanup steps. */
export class Cleanup {
  private readonly steps: Array<{ what: string; run: () => Promise<void> | void }> = [];
  private done: Promise<void> | undefined;
  /** Set once SIGINT or SIGTERM arrived: failures after it are the interruption's doing. */
  interrupted = false;

  /** Adds a step, e.g. "stop the sandbox". */
  add(what: string, run: () => Promise<void> | void): void {
    this.steps.push({ what, run });
  }

  /** Runs every step (last added first); a failing step is reported and the others still run. */
  runAll(report: (line: string) => void): Promise<void> {
    this.done ??= (async () => {
      for (const step of this.steps.reverse()) {
        try {
          await step.run();
        } catch (err) {
          report(`could not ${step.what}: ${(err as Error).message}`);
        }
      }
    })();
    return this.done;
  }

  /** On SIGINT or SIGTERM: cleans up, then exits 130 (SIGINT) or 143 (SIGTERM). */
  onSignals(report: (line: string) => void): void {
    const handle = (signal: NodeJS.Signals, code: number) => {
      process.once(signal, () => {
        this.interrupted = true;
        report(`\n${signal === "SIGINT" ? "Interrupted" : "Stopped"}: cleaning up...`);
        void this.runAll(report).finally(() => {
          report("Cleaned up: nothing is left running.");
          process.exit(code);
        });
      });
    };
    handle("SIGINT", 130);
    handle("SIGTERM", 143);
  }
}
