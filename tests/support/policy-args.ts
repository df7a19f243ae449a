/**
 * Builds the arguments @pulumi/policy's Analyzer server hands to a policy (props behind the same
 * unknown-checking proxy, config from `getConfig`), so tests call a policy's validate function
 * directly and collect what it reports.
 */
import {
  type PolicyResource,
  type ResourceValidationArgs,
  type ResourceValidationPolicy,
  type StackValidationArgs,
  type StackValidationPolicy,
  unknownCheckingProxy,
} from "@pulumi/policy";
import { UNKNOWN } from "../../provider/unknown";

/** The engine's sentinel for a string not known during preview (as the policy SDK sees it). */
export const UNKNOWN_STRING = UNKNOWN;

/** One reported violation. */
export interface Violation {
  message: string;
  urn?: string;
}

/** A resource as a test describes it. */
export interface TestResource {
  type: string;
  name: string;
  props?: Record<string, unknown>;
  /** Name of the parent resource (for stack policies). */
  parent?: string;
  /** The stack in the resource's URN (default "test"). */
  stack?: string;
}

const urnOf = (type: string, name: string, stack = "test") =>
  `urn:pulumi:${stack}::sentry-rotation::${type}::${name}`;

/** Runs a resource policy on one resource and returns its violations. */
export async function validateResource(
  policy: ResourceValidationPolicy,
  resource: TestResource,
  config: Record<string, unknown> = {},
): Promise<Violation[]> {
  const violations: Violation[] = [];
  const props = unknownCheckingProxy(resource.props ?? {}) as Record<string, unknown>;
  const args: ResourceValidationArgs = {
    type: resource.type,
    name: resource.name,
    urn: urnOf(resource.type, resource.name, resource.stack),
    props,
    opts: {
      protect: false,
      ignoreChanges: [],
      aliases: [],
      customTimeouts: timeouts(),
      additionalSecretOutputs: [],
    },
    stackTags: new Map(),
    isType: () => false,
    asType: () => undefined,
    getConfig: <T extends object>() => config as T,
    notApplicable: (reason?: string): never => {
      throw new Error(`notApplicable: ${reason}`);
    },
  };
  const validations = [policy.validateResource ?? []].flat();
  for (const validate of validations) {
    await validate(args, (message, urn) => violations.push({ message, urn }));
  }
  return violations;
}

/** Runs a stack policy over the resources (parents linked by name) and returns its violations. */
export async function validateStack(
  policy: StackValidationPolicy,
  resources: TestResource[],
  config: Record<string, unknown> = {},
): Promise<Violation[]> {
  const built = new Map<string, PolicyResource>();
  for (const r of resources) {
    built.set(r.name, {
      type: r.type,
      name: r.name,
      urn: urnOf(r.type, r.name),
      props: unknownCheckingProxy(r.props ?? {}) as Record<string, unknown>,
      opts: {
        protect: false,
        ignoreChanges: [],
        aliases: [],
        customTimeouts: timeouts(),
        additionalSecretOutputs: [],
      },
      dependencies: [],
      propertyDependencies: {},
      isType: () => false,
      asType: () => undefined,
    });
  }
  for (const r of resources) {
    const parent = r.parent === undefined ? undefined : built.get(r.parent);
    if (r.parent !== undefined && !parent) throw new Error(`test: no resource named ${r.parent}`);
    if (parent) built.get(r.name)!.parent = parent;
  }
  const violations: Violation[] = [];
  const args: StackValidationArgs = {
    resources: [...built.values()],
    stackTags: new Map(),
    getConfig: <T extends object>() => config as T,
    notApplicable: (reason?: string): never => {
      throw new Error(`notApplicable: ${reason}`);
    },
  };
  await policy.validateStack(args, (message, urn) => violations.push({ message, urn }));
  return violations;
}

function timeouts() {
  return { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 };
}
