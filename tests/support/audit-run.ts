/**
 * Audit tests' model of `pulumi up` over the real provider host: each resource goes through check,
 * diff and the step the engine would take (create, update, or create-then-delete-later for a
 * replacement), with the `__provider` of its own kind, in the order the program's dependencies
 * impose. The caller decides that order and when replaced resources are deleted (at the end).
 */
import * as fs from "node:fs";
import type { AuditEvent } from "../../provider/audit/event";
import type { CapturedDynamicResource } from "../../testkit/capture-provider";
import {
  engineStep,
  type EngineStep,
  type ProviderHost,
  type Props,
  startProviderHost,
} from "../../testkit/provider-host";

/** A resource as the engine holds it after a step. */
export interface Deployed {
  /** The checked inputs (with `__provider`). */
  inputs: Props;
  id: string;
  state: Props;
  outputs: Props;
}

/** What one step did; `replaced` is the old resource, to delete at the end of the run. */
export interface StepResult {
  step: EngineStep | "create";
  deployed: Deployed;
  replaced?: Deployed;
}

/** Starts a host for one `pulumi up`, configured for the sandbox. */
export async function startUp(options: {
  sandbox: { url: string; token: string; organization: string };
  env: Record<string, string | undefined>;
  hosts: ProviderHost[];
}): Promise<ProviderHost> {
  const host = await startProviderHost({ env: options.env });
  options.hosts.push(host);
  await host.configure(
    {
      "sentry-rotation:authToken": options.sandbox.token,
      "sentry-rotation:url": options.sandbox.url,
      "sentry-rotation:organization": options.sandbox.organization,
    },
    { secretKeys: ["sentry-rotation:authToken"] },
  );
  return host;
}

/** Registers one resource: inputs are the captured ones with `values` (outputs of others) over them. */
export async function step(
  host: ProviderHost,
  resource: CapturedDynamicResource,
  previous: Deployed | undefined,
  values: Props = {},
): Promise<StepResult> {
  const provider = { provider: resource.provider };
  const news = { ...resource.inputs, ...values };
  const checked = await host.check(resource.urn, previous?.inputs ?? {}, news, provider);
  if (checked.failures.length > 0) {
    throw new Error(`check of ${resource.name} failed: ${JSON.stringify(checked.failures)}`);
  }
  const inputs = checked.inputs;
  if (!previous) {
    return { step: "create", deployed: { inputs, ...(await host.create(resource.urn, inputs)) } };
  }
  const diff = await host.diff(previous.id, resource.urn, previous.state, inputs, provider);
  const decided = engineStep(diff, previous.inputs, inputs);
  if (decided === "same") return { step: decided, deployed: { ...previous, inputs } };
  if (decided === "update") {
    const updated = await host.update(previous.id, resource.urn, previous.state, inputs);
    return { step: decided, deployed: { inputs, id: previous.id, ...updated } };
  }
  const created = await host.create(resource.urn, inputs);
  return { step: decided, deployed: { inputs, ...created }, replaced: previous };
}

/** Deletes a replaced resource with its own (old) state, as the engine does at the end of a run. */
export async function deleteReplaced(
  host: ProviderHost,
  resource: CapturedDynamicResource,
  old: Deployed,
): Promise<void> {
  await host.delete(old.id, resource.urn, old.state);
}

/** The events of a JSON-lines audit file, in order. */
export function readAuditFile(file: string): AuditEvent[] {
  if (!fs.existsSync(file)) return [];
  return fs
    .readFileSync(file, "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line) as AuditEvent);
}

/** The captured resource whose type token ends with `:<kind>` (and name, when several). */
export function byKind(
  captured: CapturedDynamicResource[],
  kind: string,
  name?: string,
): CapturedDynamicResource {
  const found = captured.filter(
    (c) => c.type.endsWith(`:${kind}`) && (name === undefined || c.name === name),
  );
  if (found.length !== 1) {
    const all = captured.map((c) => `${c.type}::${c.name}`).join(", ");
    throw new Error(`expected one ${kind}${name ? ` ${name}` : ""}, found ${found.length}: ${all}`);
  }
  return found[0] as CapturedDynamicResource;
}
