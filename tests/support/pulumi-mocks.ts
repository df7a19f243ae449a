/**
 * Program tests under `pulumi.runtime.setMocks` that see what the engine would see: every
 * resource registration (custom and component) with its inputs AND its resource options.
 *
 * API
 * - `setupPulumiMocks(options?) => Promise<PulumiMocks>`: installs the mocks (call it in `before`
 *   or `beforeEach`, BEFORE constructing resources). `options.outputs(args)` adds provider-computed
 *   outputs (an `arn`, say) to a resource's state; `options.call(args)` answers invokes (default:
 *   throw, naming the token); `options.preview` runs as `pulumi preview`.
 * - `PulumiMocks`:
 *   - `resources`: every `RecordedResource`, in registration order;
 *   - `find(type, name)` (throws with the list of what exists), `findAll(type)`, `maybeFind(...)`;
 *   - `byUrn(urn)`, `childrenOf(resourceOrUrn)`;
 *   - `settled()`: resolves once every registration the program started has finished;
 *   - `reset()`: forgets the records (use in `beforeEach` when mocks are set up once).
 * - `RecordedResource`: `type`, `name`, `urn`, `custom`, `inputs` (secrets unwrapped), `rawInputs`
 *   (secret markers kept), `secretPaths` (dotted paths of secret inputs, e.g. "stringData.SENTRY_DSN"),
 *   `parent` (URN), `dependencies` (URNs: explicit `dependsOn` plus every input's resources),
 *   `propertyDependencies` (input name -> URNs), `explicitDependsOn` (dependencies no input explains),
 *   `provider` (provider reference "urn::id"), `additionalSecretOutputs`, `retainOnDelete`,
 *   `deleteBeforeReplace` (undefined when not set), `protect`, `ignoreChanges`, `replaceOnChanges`.
 * - `isSecretPath(resource, path)`: whether the input at `path` (or something inside it) is secret.
 * - `valueAt(object, path)`: the value at a dotted path ("spec.template.metadata.annotations.x");
 *   use `["a", "b.c"]` for keys with dots.
 * - `outputDetails(output) => { value, isKnown, isSecret, resources }` and `resolveOutput(output)`
 *   (throws if unknown): inspect an Output from the program.
 *
 * Why a MockMonitor subclass: `setMocks`' own monitor hands `newResource` only type, name and
 * inputs. `setMockOptions` installs ours but resets the monitor feature flags that `setMocks` sets
 * (secrets, resource references, ...), so they are copied back (without them secrets would be
 * unwrapped before reaching the monitor). `additionalSecretOutputs` is recorded, never applied.
 * Generated provider SDKs (@pulumi/aws, kubernetes, github) wrap their own secret inputs in
 * `pulumi.secret`, so `secretPaths` shows those even when the program passed a plain value.
 */
import * as pulumi from "@pulumi/pulumi";
import { MockMonitor } from "@pulumi/pulumi/runtime/mocks";
import * as settings from "@pulumi/pulumi/runtime/settings";
import * as state from "@pulumi/pulumi/runtime/state";

/** One resource registration as the monitor received it. */
export interface RecordedResource {
  /** Type token, e.g. "aws:secretsmanager/secretVersion:SecretVersion". */
  type: string;
  /** Logical name. */
  name: string;
  /** URN the mock monitor assigned (parent types included). */
  urn: string;
  /** False for component resources. */
  custom: boolean;
  /** Inputs with secret markers removed. */
  inputs: Record<string, unknown>;
  /** Inputs as registered, secrets as `{ [specialSigKey]: specialSecretSig, value }`. */
  rawInputs: Record<string, unknown>;
  /** Dotted paths of every secret input value ("secretString", "stringData.SENTRY_DSN"). */
  secretPaths: string[];
  /** URN of the parent resource ("" for none). */
  parent: string;
  /** URNs the resource depends on: explicit `dependsOn` plus the resources of every input. */
  dependencies: string[];
  /** Per input, the URNs of the resources its value came from. */
  propertyDependencies: Record<string, string[]>;
  /** Dependencies that no input explains: what `dependsOn` added. */
  explicitDependsOn: string[];
  /** The provider reference ("<provider urn>::<id>") or "" for the default provider. */
  provider: string;
  /** The `additionalSecretOutputs` option. */
  additionalSecretOutputs: string[];
  /** The `retainOnDelete` option; undefined when not set. */
  retainOnDelete: boolean | undefined;
  /** The `deleteBeforeReplace` option; undefined when not set. */
  deleteBeforeReplace: boolean | undefined;
  /** The `protect` option; undefined when not set. */
  protect: boolean | undefined;
  /** The `ignoreChanges` option. */
  ignoreChanges: string[];
  /** The `replaceOnChanges` option. */
  replaceOnChanges: string[];
}

/** Options of `setupPulumiMocks`. */
export interface PulumiMocksOptions {
  project?: string;
  stack?: string;
  /** Run as a preview (`pulumi.runtime.isDryRun()` is then true). */
  preview?: boolean;
  /** Extra state for a resource, as its provider would compute it (merged over the inputs). */
  outputs?: (args: pulumi.runtime.MockResourceArgs) => Record<string, unknown> | undefined;
  /** Answers invokes; the default throws, naming the token. */
  call?: (args: pulumi.runtime.MockCallArgs) => Record<string, unknown>;
}

/** The recorded registrations of one mocked program run. */
export interface PulumiMocks {
  /** Every registration so far, in order. */
  readonly resources: readonly RecordedResource[];
  /** The resource of that type and name; throws (listing what exists) when absent or ambiguous. */
  find(type: string, name: string): RecordedResource;
  /** The resource of that type and name, if any. */
  maybeFind(type: string, name: string): RecordedResource | undefined;
  /** Every resource of that type. */
  findAll(type: string): RecordedResource[];
  /** The resource with that URN; throws when absent. */
  byUrn(urn: string): RecordedResource;
  /** Resources whose parent is the given resource (or URN). */
  childrenOf(parent: RecordedResource | string): RecordedResource[];
  /** Resolves once every registration started so far (and any it triggered) has finished. */
  settled(): Promise<void>;
  /** Forgets all records. */
  reset(): void;
}

/** Installs the recording mocks; construct resources after this resolves. */
export async function setupPulumiMocks(options: PulumiMocksOptions = {}): Promise<PulumiMocks> {
  const { project = "sinks-test", stack = "test", preview = false } = options;
  const records: RecordedResource[] = [];
  const mocks: pulumi.runtime.Mocks = {
    newResource: (args) => ({
      id: args.custom ? `${args.name}-id` : undefined,
      state: { ...args.inputs, ...(options.outputs?.(args) ?? {}) },
    }),
    call:
      options.call ??
      ((args) => {
        throw new Error(`pulumi-mocks: the program invoked ${args.token}; pass options.call`);
      }),
  };
  await pulumi.runtime.setMocks(mocks, project, stack, preview);
  // getStore is internal (absent from the .d.ts): the runtime's global settings and feature flags.
  const store = (state as unknown as { getStore(): Record<string, unknown> }).getStore();
  const features = Object.entries(store).filter(([key]) => key.startsWith("supports"));
  pulumi.runtime.setMockOptions(new RecordingMonitor(mocks, records), project, stack, preview);
  Object.assign(store, Object.fromEntries(features));
  return new Recorder(records);
}

class Recorder implements PulumiMocks {
  constructor(private readonly records: RecordedResource[]) {}

  get resources(): readonly RecordedResource[] {
    return this.records;
  }

  find(type: string, name: string): RecordedResource {
    const matches = this.records.filter((r) => r.type === type && r.name === name);
    if (matches.length === 1) return matches[0] as RecordedResource;
    const known = this.records.map((r) => `${r.type}::${r.name}`).join(", ") || "none";
    throw new Error(
      `pulumi-mocks: expected one ${type}::${name}, found ${matches.length}; registered: ${known}`,
    );
  }

  maybeFind(type: string, name: string): RecordedResource | undefined {
    return this.records.find((r) => r.type === type && r.name === name);
  }

  findAll(type: string): RecordedResource[] {
    return this.records.filter((r) => r.type === type);
  }

  byUrn(urn: string): RecordedResource {
    const found = this.records.find((r) => r.urn === urn);
    if (!found) throw new Error(`pulumi-mocks: no resource registered as ${urn}`);
    return found;
  }

  childrenOf(parent: RecordedResource | string): RecordedResource[] {
    const urn = typeof parent === "string" ? parent : parent.urn;
    return this.records.filter((r) => r.parent === urn);
  }

  async settled(): Promise<void> {
    // The SDK counts every outstanding RPC (registrations, outputs) in rpcDone.
    await (settings as unknown as { waitForRPCs(): Promise<void> }).waitForRPCs();
  }

  reset(): void {
    this.records.length = 0;
  }
}

// The subset of RegisterResourceRequest that is read here.
interface RegisterRequest {
  getType(): string;
  getName(): string;
  getCustom(): boolean;
  getObject(): unknown;
  getParent(): string;
  getDependenciesList(): string[];
  getPropertydependenciesMap(): {
    forEach(fn: (value: { getUrnsList(): string[] }, key: string) => void): void;
  };
  getProvider(): string;
  getAdditionalsecretoutputsList(): string[];
  getRetainondelete(): boolean;
  hasRetainondelete(): boolean;
  getDeletebeforereplace(): boolean;
  getDeletebeforereplacedefined(): boolean;
  getProtect(): boolean;
  hasProtect(): boolean;
  getIgnorechangesList(): string[];
  getReplaceonchangesList(): string[];
}

class RecordingMonitor extends MockMonitor {
  constructor(
    mocks: pulumi.runtime.Mocks,
    private readonly records: RecordedResource[],
  ) {
    super(mocks);
  }

  async registerResource(
    req: RegisterRequest,
    callback: (err: unknown, res: { getUrn(): string } | undefined) => void,
  ): Promise<void> {
    const rawInputs: Record<string, unknown> = pulumi.runtime.deserializeProperties(
      req.getObject() as never,
    );
    return super.registerResource(req, (err, res) => {
      if (!err && res) this.records.push(record(req, res.getUrn(), rawInputs));
      callback(err, res);
    });
  }
}

function record(
  req: RegisterRequest,
  urn: string,
  rawInputs: Record<string, unknown>,
): RecordedResource {
  const propertyDependencies: Record<string, string[]> = {};
  req.getPropertydependenciesMap().forEach((value, key) => {
    propertyDependencies[key] = value.getUrnsList();
  });
  const fromInputs = new Set(Object.values(propertyDependencies).flat());
  const dependencies = req.getDependenciesList();
  return {
    type: req.getType(),
    name: req.getName(),
    urn,
    custom: req.getCustom(),
    inputs: unwrapSecrets(rawInputs) as Record<string, unknown>,
    rawInputs,
    secretPaths: secretPathsOf(rawInputs, []),
    parent: req.getParent(),
    dependencies,
    propertyDependencies,
    explicitDependsOn: dependencies.filter((d) => !fromInputs.has(d)),
    provider: req.getProvider(),
    additionalSecretOutputs: req.getAdditionalsecretoutputsList(),
    retainOnDelete: optionalFlag(req.hasRetainondelete(), req.getRetainondelete()),
    deleteBeforeReplace: optionalFlag(
      req.getDeletebeforereplacedefined(),
      req.getDeletebeforereplace(),
    ),
    protect: optionalFlag(req.hasProtect(), req.getProtect()),
    ignoreChanges: req.getIgnorechangesList(),
    replaceOnChanges: req.getReplaceonchangesList(),
  };
}

function optionalFlag(isSet: boolean, value: boolean): boolean | undefined {
  return isSet ? value : undefined;
}

function unwrapSecrets(value: unknown): unknown {
  if (pulumi.runtime.isRpcSecret(value))
    return unwrapSecrets(pulumi.runtime.unwrapRpcSecret(value));
  if (Array.isArray(value)) return value.map(unwrapSecrets);
  if (isPlainObject(value)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, unwrapSecrets(v)]));
  }
  return value;
}

function secretPathsOf(value: unknown, path: string[]): string[] {
  if (pulumi.runtime.isRpcSecret(value)) return [path.join(".")];
  if (Array.isArray(value)) return value.flatMap((v, i) => secretPathsOf(v, [...path, String(i)]));
  if (isPlainObject(value)) {
    return Object.entries(value).flatMap(([k, v]) => secretPathsOf(v, [...path, k]));
  }
  return [];
}

/**
 * True when the input at `path` is secret, or sits inside a secret, or contains one (a secret
 * map of strings and a map of secret strings are both secret to the engine).
 */
export function isSecretPath(resource: RecordedResource, path: string | string[]): boolean {
  const wanted = typeof path === "string" ? path : path.join(".");
  return resource.secretPaths.some(
    (secret) =>
      secret === "" ||
      secret === wanted ||
      wanted.startsWith(`${secret}.`) ||
      secret.startsWith(`${wanted}.`),
  );
}

/** The value at a dotted path (or a list of keys, for keys that contain dots). */
export function valueAt(object: unknown, path: string | string[]): unknown {
  const keys = typeof path === "string" ? path.split(".") : path;
  let current: unknown = object;
  for (const key of keys) {
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

/** An Output's value, whether it is known and secret, and the resources it came from. */
export async function outputDetails<T>(output: pulumi.Input<T>): Promise<{
  value: T | undefined;
  isKnown: boolean;
  isSecret: boolean;
  resources: pulumi.Resource[];
}> {
  const out = pulumi.output(output) as unknown as InternalOutput<T>;
  const [value, isKnown, isSecret, resources] = await Promise.all([
    out.promise(true),
    out.isKnown,
    out.isSecret,
    out.allResources(),
  ]);
  return { value: isKnown ? value : undefined, isKnown, isSecret, resources: [...resources] };
}

/** An Output's value; throws when it is unknown (as in a preview). */
export async function resolveOutput<T>(output: pulumi.Input<T>): Promise<T> {
  const details = await outputDetails(output);
  if (!details.isKnown) throw new Error("pulumi-mocks: the output is unknown (preview?)");
  return details.value as T;
}

// Members every Output has at runtime; the SDK marks them internal.
interface InternalOutput<T> {
  promise(withUnknowns?: boolean): Promise<T>;
  isKnown: Promise<boolean>;
  isSecret: Promise<boolean>;
  allResources(): Promise<Set<pulumi.Resource>>;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}
