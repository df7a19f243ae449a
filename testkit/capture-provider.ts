/**
 * Captures what the SDK registers for a dynamic resource under `pulumi.runtime.setMocks`: the
 * type token, the inputs and the serialized `__provider` text, ready to send to the real
 * dynamic-provider host (testkit/provider-host). Closure-serialization failures become a
 * rejected promise with the SDK's explanation instead of an unhandled rejection.
 */
import * as pulumi from "@pulumi/pulumi";
import { MockMonitor } from "@pulumi/pulumi/runtime/mocks";
import { HARNESS_PROJECT, HARNESS_STACK } from "./provider-host/urn";

/** One dynamic resource as the SDK registered it. */
export interface CapturedDynamicResource {
  /** Type token, e.g. "pulumi-nodejs:dynamic/sentry:ClientKey". */
  type: string;
  name: string;
  urn: string;
  /** The serialized provider (the `__provider` input), i.e. what the engine stores in state. */
  provider: string;
  /** True when the closure captured a secret Output (its value is then inside `provider`). */
  providerIsSecret: boolean;
  /** The other inputs, secrets unwrapped (the engine strips them before calling the provider). */
  inputs: Record<string, unknown>;
  /** Top-level inputs that were secret. */
  secretInputs: string[];
}

/** Options for `captureProvider(s)`. */
export interface CaptureOptions {
  project?: string;
  stack?: string;
  preview?: boolean;
  /** Give up waiting for registrations after this long (ms). */
  timeoutMs?: number;
}

const DYNAMIC_TYPE_PREFIX = "pulumi-nodejs:dynamic";
const SERIALIZATION_FAILURE = /error serializing property "__provider"|Error serializing/;

/** Runs `construct` under mocks and returns every dynamic resource it registered. */
export async function captureProviders(
  construct: () => pulumi.Resource | pulumi.Resource[],
  options: CaptureOptions = {},
): Promise<CapturedDynamicResource[]> {
  const { project = HARNESS_PROJECT, stack = HARNESS_STACK, preview = false } = options;
  const captured: CapturedDynamicResource[] = [];
  const mocks: pulumi.runtime.Mocks = {
    newResource: (args) => ({ id: `${args.name}-id`, state: args.inputs }),
    call: (args) => {
      throw new Error(
        `captureProvider: the program invoked ${args.token}; mock it in your own test`,
      );
    },
  };
  await useCapturingMonitor(new CapturingMonitor(mocks, captured), project, stack, preview);

  const failure = watchSerializationFailures();
  const deadline = timeout(options.timeoutMs ?? 10_000);
  try {
    const built = construct();
    const resources = Array.isArray(built) ? built : [built];
    const registered = Promise.all(resources.map((r) => resolved(r.urn)));
    await Promise.race([registered, failure.promise, deadline.promise]);
    return captured;
  } finally {
    deadline.clear();
    failure.dispose();
  }
}

/** Like `captureProviders`, for a program that registers exactly one dynamic resource. */
export async function captureProvider(
  construct: () => pulumi.Resource | pulumi.Resource[],
  options: CaptureOptions = {},
): Promise<CapturedDynamicResource> {
  const all = await captureProviders(construct, options);
  if (all.length !== 1) {
    const names = all.map((c) => `${c.type}::${c.name}`).join(", ") || "none";
    throw new Error(
      `captureProvider: expected exactly one dynamic resource, got ${all.length} (${names}); ` +
        `use captureProviders for several`,
    );
  }
  return all[0] as CapturedDynamicResource;
}

// setMocks enables the monitor features (secrets, resource references...) but installs its own
// monitor; setMockOptions installs ours but resets those features: keep setMocks' choice.
async function useCapturingMonitor(
  monitor: CapturingMonitor,
  project: string,
  stack: string,
  preview: boolean,
): Promise<void> {
  await pulumi.runtime.setMocks(monitor.mocks, project, stack, preview);
  // getStore is internal to the SDK (absent from its typings); the store holds the feature flags.
  const state: { getStore(): Record<string, unknown> } = require("@pulumi/pulumi/runtime/state");
  const store = state.getStore();
  const features = Object.entries(store).filter(([key]) => key.startsWith("supports"));
  pulumi.runtime.setMockOptions(monitor, project, stack, preview);
  Object.assign(store, Object.fromEntries(features));
}

// Records dynamic registrations with the URN the mock monitor assigns (parents included).
class CapturingMonitor extends MockMonitor {
  constructor(
    mocks: pulumi.runtime.Mocks,
    private readonly captured: CapturedDynamicResource[],
  ) {
    super(mocks);
  }

  async registerResource(
    req: { getType(): string; getName(): string; getObject(): unknown },
    callback: (err: unknown, res: { getUrn(): string } | undefined) => void,
  ): Promise<void> {
    const type = req.getType();
    if (!type.startsWith(DYNAMIC_TYPE_PREFIX)) return super.registerResource(req, callback);
    const raw: Record<string, unknown> = pulumi.runtime.deserializeProperties(
      req.getObject() as never,
    );
    return super.registerResource(req, (err, res) => {
      if (!err && res) this.captured.push(describe(type, req.getName(), res.getUrn(), raw));
      callback(err, res);
    });
  }
}

function describe(
  type: string,
  name: string,
  urn: string,
  raw: Record<string, unknown>,
): CapturedDynamicResource {
  const { __provider: wrapped, ...rest } = raw;
  const provider = pulumi.runtime.unwrapRpcSecret(wrapped);
  if (typeof provider !== "string") {
    throw new Error(`captureProvider: ${type}::${name} registered no __provider string`);
  }
  const inputs: Record<string, unknown> = {};
  const secretInputs: string[] = [];
  for (const [key, value] of Object.entries(rest)) {
    if (pulumi.runtime.isRpcSecret(value)) secretInputs.push(key);
    inputs[key] = pulumi.runtime.unwrapRpcSecret(value);
  }
  const providerIsSecret = pulumi.runtime.isRpcSecret(wrapped);
  return { type, name, urn, provider, providerIsSecret, inputs, secretInputs };
}

function resolved<T>(output: pulumi.Output<T>): Promise<T> {
  return new Promise((resolve) => output.apply((v) => resolve(v)));
}

function timeout(ms: number): { promise: Promise<never>; clear(): void } {
  let timer: NodeJS.Timeout | undefined;
  const promise = new Promise<never>((_, reject) => {
    const why = `captureProvider: the resources were not registered within ${ms} ms`;
    timer = setTimeout(() => reject(new Error(why)), ms);
  });
  return { promise, clear: () => clearTimeout(timer) };
}

/**
 * The SDK serializes `__provider` in a promise chain nobody awaits, so a failure shows up only
 * as unhandled rejections (several copies). Turn the first into a rejection of the capture and
 * keep swallowing the copies for a moment after the capture ends.
 */
function watchSerializationFailures(): { promise: Promise<never>; dispose(): void } {
  let fail: (err: Error) => void = () => undefined;
  const promise = new Promise<never>((_, reject) => (fail = reject));
  promise.catch(() => undefined);
  const listener = (reason: unknown) => {
    const message = reason instanceof Error ? reason.message : String(reason);
    if (SERIALIZATION_FAILURE.test(message)) {
      fail(new Error(`captureProvider: the dynamic provider could not be serialized: ${message}`));
    } else if (process.listenerCount("unhandledRejection") === 1) {
      throw reason; // keep Node's default (crash) when nobody else listens
    }
  };
  process.on("unhandledRejection", listener);
  return {
    promise,
    dispose: () => {
      setTimeout(() => process.off("unhandledRejection", listener), 200).unref();
    },
  };
}
