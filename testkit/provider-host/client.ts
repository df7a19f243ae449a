/**
 * A typed client for the dynamic-provider host: the engine's side of the ResourceProvider gRPC
 * protocol, with plain objects in and out. Each method mirrors one engine step.
 */
import * as grpc from "@grpc/grpc-js";
import { ResourceProviderClient } from "@pulumi/pulumi/proto/provider_grpc_pb";
import * as pb from "@pulumi/pulumi/proto/provider_pb";
import { type JavaScriptValue, Struct } from "google-protobuf/google/protobuf/struct_pb";
import { type HostProcess, spawnHostProcess } from "./host-process";
import { toProviderCallError } from "./provider-error";
import { withNewProvider, withStoredProvider } from "./provider-property";
import { fromStruct, type Props, secretValue, toStruct, withoutProvider } from "./struct";
import type {
  CheckResult,
  ConfigureResult,
  DiffResult,
  ProviderChoice,
  ProviderHost,
  ProviderHostOptions,
  ResourceState,
} from "./types";
import { parseUrn } from "./urn";

/** Spawns the real dynamic-provider host and connects to it. */
export async function startProviderHost(options: ProviderHostOptions = {}): Promise<ProviderHost> {
  const proc = await spawnHostProcess(options);
  return new HostClient(proc, options);
}

type Callback<T> = (err: grpc.ServiceError | null, res: T) => void;

class HostClient implements ProviderHost {
  provider: string | undefined;
  private readonly client: ResourceProviderClient;
  private readonly callTimeoutMs: number;
  private configured: ConfigureResult | undefined;

  constructor(
    private readonly proc: HostProcess,
    options: ProviderHostOptions,
  ) {
    this.provider = options.provider;
    this.callTimeoutMs = options.callTimeoutMs ?? 60_000;
    this.client = new ResourceProviderClient(
      `127.0.0.1:${proc.port}`,
      grpc.credentials.createInsecure(),
    );
  }

  get port(): number {
    return this.proc.port;
  }

  get pid(): number {
    return this.proc.pid;
  }

  async configure(
    config: Record<string, string>,
    opts: { secretKeys?: string[] } = {},
  ): Promise<ConfigureResult> {
    const secretKeys = new Set(opts.secretKeys ?? []);
    const req = new pb.ConfigureRequest();
    const args: Props = {};
    for (const [key, value] of Object.entries(config)) {
      if (!key.includes(":")) {
        throw new Error(
          `configure: config key "${key}" needs its namespace, e.g. "sentry-rotation:${key}" ` +
            `(the engine passes dynamic providers the whole stack config with full keys)`,
        );
      }
      // The engine sends both spellings: Args (secrets kept, which the host unwraps) and the legacy
      // Variables map with plain values under "<package>:config:<key>".
      args[key] = secretKeys.has(key) ? secretValue(value) : value;
      req.getVariablesMap().set(`pulumi-nodejs:config:${key}`, value);
    }
    req.setArgs(toStructKeepingSecrets(args));
    req.setAcceptsecrets(true).setAcceptresources(true);
    req.setSendsOldInputs(true).setSendsOldInputsToDelete(true);
    const res = await this.call<pb.ConfigureRequest, pb.ConfigureResponse>(
      "configure",
      req,
      (r, cb) => this.client.configure(r, this.metadata(), this.callOptions(), cb),
    );
    this.configured = {
      acceptSecrets: res.getAcceptsecrets(),
      supportsPreview: res.getSupportspreview(),
    };
    return this.configured;
  }

  async check(
    urn: string,
    olds: Props,
    news: Props,
    opts: ProviderChoice = {},
  ): Promise<CheckResult> {
    const req = new pb.CheckRequest();
    this.address(req, urn);
    req.setOlds(toStruct(olds, "check olds"));
    req.setNews(toStruct(withNewProvider(this.provider, "check", news, opts), "check news"));
    const res = await this.call<pb.CheckRequest, pb.CheckResponse>("check", req, (r, cb) =>
      this.client.check(r, this.metadata(), this.callOptions(), cb),
    );
    return {
      inputs: fromStruct(res.getInputs()),
      failures: res
        .getFailuresList()
        .map((f) => ({ property: f.getProperty(), reason: f.getReason() })),
    };
  }

  async diff(
    id: string,
    urn: string,
    olds: Props,
    news: Props,
    opts: ProviderChoice & { oldInputs?: Props } = {},
  ): Promise<DiffResult> {
    const req = new pb.DiffRequest();
    this.address(req, urn).setId(id);
    req.setOlds(toStruct(olds, "diff olds"));
    req.setNews(toStruct(withNewProvider(this.provider, "diff", news, opts), "diff news"));
    if (opts.oldInputs) req.setOldInputs(toStruct(opts.oldInputs, "diff oldInputs"));
    const res = await this.call<pb.DiffRequest, pb.DiffResponse>("diff", req, (r, cb) =>
      this.client.diff(r, this.metadata(), this.callOptions(), cb),
    );
    const changes = {
      [pb.DiffResponse.DiffChanges.DIFF_NONE]: "none",
      [pb.DiffResponse.DiffChanges.DIFF_SOME]: "some",
    } as const;
    const kinds = Object.fromEntries(
      Object.entries(pb.PropertyDiff.Kind).map(([name, value]) => [value, name]),
    );
    const detailed: NonNullable<DiffResult["detailedDiff"]> = {};
    res.getDetaileddiffMap().forEach((diff, path) => {
      detailed[path] = { kind: kinds[diff.getKind()] ?? "?", inputDiff: diff.getInputdiff() };
    });
    return {
      changes: changes[res.getChanges() as keyof typeof changes] ?? "unknown",
      replaces: res.getReplacesList(),
      deleteBeforeReplace: res.getDeletebeforereplace(),
      ...(res.getHasdetaileddiff() ? { detailedDiff: detailed } : {}),
    };
  }

  async create(
    urn: string,
    props: Props,
    opts: ProviderChoice & { preview?: boolean } = {},
  ): Promise<ResourceState & { id: string }> {
    const properties = withNewProvider(this.provider, "create", props, opts);
    // Like the engine: the host does not declare preview support, so a preview never reaches it.
    if (opts.preview && !this.requireConfigured("create").supportsPreview) {
      return { id: "", state: properties, outputs: withoutProvider(properties) };
    }
    const req = new pb.CreateRequest();
    this.address(req, urn).setProperties(toStruct(properties, "create properties"));
    req.setPreview(opts.preview ?? false);
    const res = await this.call<pb.CreateRequest, pb.CreateResponse>("create", req, (r, cb) =>
      this.client.create(r, this.metadata(), this.callOptions(), cb),
    );
    if (res.getId() === "") {
      // The engine fails the step: "plugin ... returned empty resource.ID from create".
      throw new Error(
        `create: the provider returned an empty id for ${urn}; the engine rejects that`,
      );
    }
    return { id: res.getId(), ...stateOf(res.getProperties()) };
  }

  async read(
    id: string,
    urn: string,
    props: Props,
    opts: ProviderChoice & { inputs?: Props } = {},
  ): Promise<ResourceState & { id: string; inputs?: Props }> {
    const req = new pb.ReadRequest();
    this.address(req, urn).setId(id);
    req.setProperties(toStruct(withStoredProvider("read", props, opts), "read properties"));
    if (opts.inputs) req.setInputs(toStruct(opts.inputs, "read inputs"));
    const res = await this.call<pb.ReadRequest, pb.ReadResponse>("read", req, (r, cb) =>
      this.client.read(r, this.metadata(), this.callOptions(), cb),
    );
    const inputs = res.hasInputs() ? { inputs: fromStruct(res.getInputs()) } : {};
    return { id: res.getId(), ...stateOf(res.getProperties()), ...inputs };
  }

  async update(
    id: string,
    urn: string,
    olds: Props,
    news: Props,
    opts: ProviderChoice & { preview?: boolean; oldInputs?: Props } = {},
  ): Promise<ResourceState> {
    const newInputs = withNewProvider(this.provider, "update", news, opts);
    if (opts.preview && !this.requireConfigured("update").supportsPreview) {
      return { state: newInputs, outputs: withoutProvider(newInputs) };
    }
    const req = new pb.UpdateRequest();
    this.address(req, urn).setId(id);
    req.setOlds(toStruct(olds, "update olds"));
    req.setNews(toStruct(newInputs, "update news"));
    if (opts.oldInputs) req.setOldInputs(toStruct(opts.oldInputs, "update oldInputs"));
    req.setPreview(opts.preview ?? false);
    const res = await this.call<pb.UpdateRequest, pb.UpdateResponse>("update", req, (r, cb) =>
      this.client.update(r, this.metadata(), this.callOptions(), cb),
    );
    return stateOf(res.getProperties());
  }

  async delete(
    id: string,
    urn: string,
    props: Props,
    opts: ProviderChoice & { oldInputs?: Props } = {},
  ): Promise<void> {
    const req = new pb.DeleteRequest();
    this.address(req, urn).setId(id);
    req.setProperties(toStruct(withStoredProvider("delete", props, opts), "delete properties"));
    if (opts.oldInputs) req.setOldInputs(toStruct(opts.oldInputs, "delete oldInputs"));
    await this.call("delete", req, (r, cb: Callback<unknown>) =>
      this.client.delete(r, this.metadata(), this.callOptions(), cb),
    );
  }

  output(): { stdout: string; stderr: string } {
    return this.proc.output();
  }

  isRunning(): boolean {
    return this.proc.isRunning();
  }

  async stop(): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    this.client.close();
    return this.proc.stop();
  }

  private requireConfigured(method: string): ConfigureResult {
    if (!this.configured) {
      throw new Error(
        `${method}: call configure() first; the engine always configures a provider before using it`,
      );
    }
    return this.configured;
  }

  private address<R extends { setUrn(v: string): R; setName(v: string): R; setType(v: string): R }>(
    req: R,
    urn: string,
  ): R {
    const { type, name } = parseUrn(urn);
    return req.setUrn(urn).setName(name).setType(type);
  }

  private metadata(): grpc.Metadata {
    return new grpc.Metadata();
  }

  private callOptions(): Partial<grpc.CallOptions> {
    return { deadline: Date.now() + this.callTimeoutMs };
  }

  private call<Req, Res>(
    method: string,
    req: Req,
    invoke: (req: Req, cb: Callback<Res>) => unknown,
  ): Promise<Res> {
    if (method !== "configure") this.requireConfigured(method);
    return new Promise((resolve, reject) => {
      invoke(req, (err, res) => (err ? reject(toProviderCallError(method, err)) : resolve(res)));
    });
  }
}

function stateOf(struct: Struct | undefined): ResourceState {
  const state = fromStruct(struct);
  return { state, outputs: withoutProvider(state) };
}

// Configure is the one call where the engine keeps secrets (the host unwraps them itself).
function toStructKeepingSecrets(args: Props): Struct {
  return Struct.fromJavaScript(args as Record<string, JavaScriptValue>);
}
