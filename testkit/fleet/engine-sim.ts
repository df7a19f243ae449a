/**
 * A stand-in for the Pulumi engine's `up`, `preview` and `refresh` over the real dynamic-provider
 * host, with the engine's rules (pulumi pkg/resource/deploy): resources pending deletion from an
 * earlier run are retired first; then each resource is checked, diffed and stepped, at most
 * `parallel` steps at once, a dependent only after what it depends on; a replacement is created
 * before the old resource is deleted, and the deletes of replaced resources run at the end. The
 * first failure stops new steps (the engine's default, without --continue-on-error). A failed
 * create leaves the old resource as it was; a partial failure (PartialStateError) keeps the new
 * resource with its properties and init errors (the next run updates it) and still marks the old
 * one for deletion; a failed delete leaves the resource pending deletion for the next run.
 */
import { engineStep, type ProviderHost } from "../provider-host";
import type { Props } from "../provider-host/struct";
import {
  emptyReport,
  type Chain,
  type EngineHooks,
  type RunReport,
  type StateEntry,
} from "./engine-model";
import { EngineCalls, InitFailedError } from "./init-failure";
import { runBounded } from "./pool";

/** The state the engine keeps between runs, and the runs themselves. */
export class SimulatedEngine {
  /** Live resources by URN. */
  readonly live = new Map<string, StateEntry>();
  /** Resources marked for deletion (replaced, or whose delete failed). */
  pendingDeletes: StateEntry[] = [];

  constructor(readonly parallel: number) {}

  /** `pulumi up`: retire pending deletes, step every chain, delete what was replaced. */
  async up(
    host: ProviderHost,
    program: readonly Chain[],
    hooks: EngineHooks = {},
  ): Promise<RunReport> {
    const started = Date.now();
    const report = emptyReport();
    const calls = new EngineCalls(host.port);
    try {
      await this.retirePending(host, report, hooks, "before-run");
      if (report.ok) {
        // After a failure the engine launches no new step: not even the dependents of a
        // resource whose own step already succeeded.
        const results = await runBounded(
          program,
          this.parallel,
          async (chain) => {
            for (const [i, resource] of chain.entries()) {
              if (i > 0 && !report.ok) {
                report.skipped += chain.length - i;
                return;
              }
              await this.step(host, calls, resource.urn, resource.inputs(this.live), report);
            }
          },
          { stopOnError: true },
        );
        report.skipped += results.reduce(
          (n, r, i) => n + ("skipped" in r ? program[i]!.length : 0),
          0,
        );
      }
      // Replaced resources are deleted at the end, and only when the run got there.
      if (report.ok) await this.retirePending(host, report, hooks, "after-run");
    } finally {
      calls.close();
      report.wallMs = Date.now() - started;
    }
    return report;
  }

  /** `pulumi preview`: Check and Diff of every resource, no create/update/delete. */
  async preview(host: ProviderHost, program: readonly Chain[]): Promise<RunReport> {
    const started = Date.now();
    const report = emptyReport();
    await runBounded(program.flat(), this.parallel, async (resource) => {
      const old = this.live.get(resource.urn);
      const inputs = await this.check(host, resource.urn, old, resource.inputs(this.live), report);
      if (!inputs) return;
      if (!old) {
        report.steps.create++;
        return;
      }
      const diff = await host.diff(old.id, resource.urn, old.outputs, inputs, {
        oldInputs: old.inputs,
      });
      report.steps[kindOf(engineStep(diff, old.inputs, inputs), old)]++;
    });
    report.wallMs = Date.now() - started;
    return report;
  }

  /** `pulumi refresh`: Read of every live resource; a resource read as gone leaves the state. */
  async refresh(host: ProviderHost): Promise<RunReport> {
    const started = Date.now();
    const report = emptyReport();
    await runBounded([...this.live.values()], this.parallel, async (entry) => {
      try {
        const read = await host.read(entry.id, entry.urn, entry.outputs, { inputs: entry.inputs });
        if (read.id === "") this.live.delete(entry.urn);
        else
          this.live.set(entry.urn, {
            ...entry,
            outputs: read.state,
            inputs: read.inputs ?? entry.inputs,
          });
      } catch (err) {
        fail(report, { urn: entry.urn, step: "read", message: messageOf(err) });
      }
    });
    report.wallMs = Date.now() - started;
    return report;
  }

  private async step(
    host: ProviderHost,
    calls: EngineCalls,
    urn: string,
    programInputs: Props,
    report: RunReport,
  ): Promise<void> {
    const old = this.live.get(urn);
    const inputs = await this.check(host, urn, old, programInputs, report);
    if (!inputs) throw new Error(`check failed for ${urn}`);
    if (!old) {
      report.steps.create++;
      this.live.set(urn, await this.create(calls, urn, inputs, report, "create"));
      return;
    }
    let kind: ReturnType<typeof kindOf>;
    try {
      const diff = await host.diff(old.id, urn, old.outputs, inputs, { oldInputs: old.inputs });
      kind = kindOf(engineStep(diff, old.inputs, inputs), old);
    } catch (err) {
      fail(report, { urn, step: "diff", message: messageOf(err) });
      throw err;
    }
    report.steps[kind]++;
    if (kind === "update") {
      try {
        const outputs = await calls.update(old.id, urn, old.outputs, inputs);
        this.live.set(urn, { urn, id: old.id, inputs, outputs });
      } catch (err) {
        if (err instanceof InitFailedError) {
          this.live.set(urn, {
            urn,
            id: old.id,
            inputs,
            outputs: err.properties,
            initErrors: err.reasons,
          });
        }
        fail(report, {
          urn,
          step: "update",
          message: messageOf(err),
          partial: err instanceof InitFailedError,
        });
        throw err;
      }
    } else if (kind === "replace") {
      // The old resource is marked for deletion once its replacement exists (even partly).
      const onCreated = () => this.pendingDeletes.push(old);
      this.live.set(urn, await this.create(calls, urn, inputs, report, "replace", onCreated));
    }
  }

  private async create(
    calls: EngineCalls,
    urn: string,
    inputs: Props,
    report: RunReport,
    step: "create" | "replace",
    onCreated: () => void = () => undefined,
  ): Promise<StateEntry> {
    try {
      const created = await calls.create(urn, inputs);
      onCreated();
      return { urn, id: created.id, inputs, outputs: created.state };
    } catch (err) {
      if (err instanceof InitFailedError) {
        this.live.set(urn, {
          urn,
          id: err.id,
          inputs,
          outputs: err.properties,
          initErrors: err.reasons,
        });
        onCreated();
      }
      fail(report, { urn, step, message: messageOf(err), partial: err instanceof InitFailedError });
      throw err;
    }
  }

  private async check(
    host: ProviderHost,
    urn: string,
    old: StateEntry | undefined,
    news: Props,
    report: RunReport,
  ): Promise<Props | undefined> {
    try {
      const checked = await host.check(urn, old?.inputs ?? {}, news);
      if (checked.failures.length === 0) return checked.inputs;
      const message = checked.failures.map((f) => f.reason).join("; ");
      fail(report, { urn, step: "check", message });
    } catch (err) {
      fail(report, { urn, step: "check", message: messageOf(err) });
    }
    return undefined;
  }

  private async retirePending(
    host: ProviderHost,
    report: RunReport,
    hooks: EngineHooks,
    when: "before-run" | "after-run",
  ): Promise<void> {
    const pending = this.pendingDeletes;
    await runBounded(pending, this.parallel, async (entry) => {
      try {
        await hooks.beforeDelete?.(entry, when);
        await host.delete(entry.id, entry.urn, entry.outputs, { oldInputs: entry.inputs });
        this.pendingDeletes = this.pendingDeletes.filter((e) => e !== entry);
        report.deleted++;
      } catch (err) {
        fail(report, { urn: entry.urn, step: "delete", message: messageOf(err) });
      }
    });
  }
}

// A resource with init errors is updated even when its diff is empty.
function kindOf(
  step: ReturnType<typeof engineStep>,
  old: StateEntry,
): "same" | "update" | "replace" {
  if (step === "replace" || step === "delete-before-replace") return "replace";
  if (step === "update" || old.initErrors) return "update";
  return "same";
}

function fail(report: RunReport, failure: RunReport["failures"][number]): void {
  report.ok = false;
  report.failures.push(failure);
}

/** The message of a thrown value. */
export function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
