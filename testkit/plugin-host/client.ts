/**
 * The engine's side of the ResourceProvider protocol against the `sentry-rotation` plugin process
 * (dist/plugin/main.js), the way the engine calls it: secrets kept wrapped on the wire (the plugin
 * accepts secrets), one process per provider instance. Plain objects in and out.
 */
import * as path from "node:path";
import * as grpc from "@grpc/grpc-js";
import { ResourceProviderClient } from "@pulumi/pulumi/proto/provider_grpc_pb";
import * as pb from "@pulumi/pulumi/proto/provider_pb";
import type * as pluginPb from "@pulumi/pulumi/proto/plugin_pb";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import { type JavaScriptValue, Struct } from "google-protobuf/google/protobuf/struct_pb";
import { spawnHostProcess, type HostProcess } from "../provider-host/host-process";
import { toProviderCallError } from "../provider-host/provider-error";
import { parseUrn } from "../provider-host/urn";
import { REPO_ROOT } from "../repo-root";

type Props = Record<string, unknown>;
type Callback<T> = (err: grpc.ServiceError | null, res: T) => void;

/** The plugin's compiled entry. */
export const PLUGIN_MAIN = path.join(REPO_ROOT, "dist", "plugin", "main.js");

/** What Diff answered. */
export interface PluginDiffResult {
  changes: "none" | "some" | "unknown";
  replaces: string[];
  deleteBeforeReplace: boolean;
  diffs: string[];
  detailed: Record<string, "update" | "replace" | "other">;
}

/** Starts one plugin process (one provider instance) and connects to it. */
export async function startPlugin(
  options: { env?: Record<string, string | undefined>; cwd?: string } = {},
): Promise<PluginClient> {
  // No engine address: the plugin then writes its log lines to stderr, where tests read them.
  const proc = await spawnHostProcess({ entry: PLUGIN_MAIN, args: [], ...options });
  return new PluginClient(proc);
}

/** A running plugin and the engine's calls into it. */
export class PluginClient {
  private readonly client: ResourceProviderClient;

  constructor(private readonly proc: HostProcess) {
    this.client = new ResourceProviderClient(
      `127.0.0.1:${proc.port}`,
      grpc.credentials.createInsecure(),
    );
  }

  async getPluginInfo(): Promise<string> {
    const res = await this.call<Empty, pluginPb.PluginInfo>("getPluginInfo", new Empty(), (r, cb) =>
      this.client.getPluginInfo(r, cb),
    );
    return res.getVersion();
  }

  async getSchema(): Promise<Record<string, unknown>> {
    const res = await this.call<pb.GetSchemaRequest, pb.GetSchemaResponse>(
      "getSchema",
      new pb.GetSchemaRequest(),
      (r, cb) => this.client.getSchema(r, cb),
    );
    return JSON.parse(res.getSchema()) as Record<string, unknown>;
  }

  async checkConfig(
    news: Props,
    olds: Props = {},
  ): Promise<{ inputs: Props; failures: { property: string; reason: string }[] }> {
    const req = new pb.CheckRequest()
      .setUrn(PROVIDER_URN)
      .setName("default")
      .setType("pulumi:providers:sentry-rotation")
      .setOlds(struct(olds))
      .setNews(struct(news));
    const res = await this.call<pb.CheckRequest, pb.CheckResponse>("checkConfig", req, (r, cb) =>
      this.client.checkConfig(r, cb),
    );
    return checkResult(res);
  }

  async diffConfig(olds: Props, news: Props): Promise<PluginDiffResult> {
    const req = new pb.DiffRequest()
      .setUrn(PROVIDER_URN)
      .setOlds(struct(olds))
      .setNews(struct(news));
    return diffResult(
      await this.call<pb.DiffRequest, pb.DiffResponse>("diffConfig", req, (r, cb) =>
        this.client.diffConfig(r, cb),
      ),
    );
  }

  /** Configure with a provider instance's inputs (wrap secrets with `secretValue`). */
  async configure(args: Props): Promise<{ acceptSecrets: boolean; supportsPreview: boolean }> {
    const req = new pb.ConfigureRequest().setArgs(struct(args));
    req
      .setAcceptsecrets(true)
      .setAcceptresources(true)
      .setSendsOldInputs(true)
      .setSendsOldInputsToDelete(true);
    req.setType("pulumi:providers:sentry-rotation");
    const res = await this.call<pb.ConfigureRequest, pb.ConfigureResponse>(
      "configure",
      req,
      (r, cb) => this.client.configure(r, cb),
    );
    return { acceptSecrets: res.getAcceptsecrets(), supportsPreview: res.getSupportspreview() };
  }

  async check(urn: string, olds: Props, news: Props) {
    const req = address(new pb.CheckRequest(), urn).setOlds(struct(olds)).setNews(struct(news));
    return checkResult(
      await this.call<pb.CheckRequest, pb.CheckResponse>("check", req, (r, cb) =>
        this.client.check(r, cb),
      ),
    );
  }

  async diff(id: string, urn: string, olds: Props, news: Props): Promise<PluginDiffResult> {
    const req = address(new pb.DiffRequest(), urn)
      .setId(id)
      .setOlds(struct(olds))
      .setNews(struct(news));
    return diffResult(
      await this.call<pb.DiffRequest, pb.DiffResponse>("diff", req, (r, cb) =>
        this.client.diff(r, cb),
      ),
    );
  }

  async create(urn: string, props: Props): Promise<{ id: string; state: Props }> {
    const req = address(new pb.CreateRequest(), urn).setProperties(struct(props));
    const res = await this.call<pb.CreateRequest, pb.CreateResponse>("create", req, (r, cb) =>
      this.client.create(r, cb),
    );
    return { id: res.getId(), state: plain(res.getProperties()) };
  }

  async read(id: string, urn: string, props: Props = {}, inputs: Props = {}) {
    const req = address(new pb.ReadRequest(), urn)
      .setId(id)
      .setProperties(struct(props))
      .setInputs(struct(inputs));
    const res = await this.call<pb.ReadRequest, pb.ReadResponse>("read", req, (r, cb) =>
      this.client.read(r, cb),
    );
    return {
      id: res.getId(),
      state: plain(res.getProperties()),
      ...(res.hasInputs() ? { inputs: plain(res.getInputs()) } : {}),
    };
  }

  async update(id: string, urn: string, olds: Props, news: Props): Promise<Props> {
    const req = address(new pb.UpdateRequest(), urn)
      .setId(id)
      .setOlds(struct(olds))
      .setNews(struct(news));
    const res = await this.call<pb.UpdateRequest, pb.UpdateResponse>("update", req, (r, cb) =>
      this.client.update(r, cb),
    );
    return plain(res.getProperties());
  }

  async delete(id: string, urn: string, props: Props): Promise<void> {
    const req = address(new pb.DeleteRequest(), urn).setId(id).setProperties(struct(props));
    await this.call<pb.DeleteRequest, Empty>("delete", req, (r, cb) => this.client.delete(r, cb));
  }

  async cancel(): Promise<void> {
    await this.call<Empty, Empty>("cancel", new Empty(), (r, cb) => this.client.cancel(r, cb));
  }

  output(): { stdout: string; stderr: string } {
    return this.proc.output();
  }

  async stop(): Promise<void> {
    this.client.close();
    await this.proc.stop();
  }

  private call<Req, Res>(
    method: string,
    req: Req,
    invoke: (req: Req, cb: Callback<Res>) => unknown,
  ): Promise<Res> {
    return new Promise((resolve, reject) =>
      invoke(req, (err, res) => (err ? reject(toProviderCallError(method, err)) : resolve(res))),
    );
  }
}

const PROVIDER_URN = "urn:pulumi:dev::harness::pulumi:providers:sentry-rotation::default";

function address<R extends { setUrn(v: string): R; setName(v: string): R; setType(v: string): R }>(
  req: R,
  urn: string,
): R {
  const { type, name } = parseUrn(urn);
  return req.setUrn(urn).setName(name).setType(type);
}

function struct(props: Props): Struct {
  return Struct.fromJavaScript(props as Record<string, JavaScriptValue>);
}

function plain(value: Struct | undefined): Props {
  return value ? (value.toJavaScript() as Props) : {};
}

function checkResult(res: pb.CheckResponse) {
  return {
    inputs: plain(res.getInputs()),
    failures: res
      .getFailuresList()
      .map((f) => ({ property: f.getProperty(), reason: f.getReason() })),
  };
}

function diffResult(res: pb.DiffResponse): PluginDiffResult {
  const changes = {
    [pb.DiffResponse.DiffChanges.DIFF_NONE]: "none",
    [pb.DiffResponse.DiffChanges.DIFF_SOME]: "some",
  } as const;
  const detailed: PluginDiffResult["detailed"] = {};
  for (const [field, diff] of res.getDetaileddiffMap().entries()) {
    const kind = diff.getKind();
    detailed[field] =
      kind === pb.PropertyDiff.Kind.UPDATE_REPLACE
        ? "replace"
        : kind === pb.PropertyDiff.Kind.UPDATE
          ? "update"
          : "other";
  }
  return {
    changes: changes[res.getChanges() as keyof typeof changes] ?? "unknown",
    replaces: res.getReplacesList(),
    deleteBeforeReplace: res.getDeletebeforereplace(),
    diffs: res.getDiffsList(),
    detailed,
  };
}
