/**
 * The `sentry-rotation` resource provider: the Pulumi ResourceProvider gRPC service on
 * @grpc/grpc-js with the protocol definitions shipped in @pulumi/pulumi. One process is one
 * provider instance (the engine starts one per provider resource): Configure gives it its own
 * connection, so two explicit providers in one program are two connections.
 *
 * Written here rather than on @pulumi/pulumi/provider's `main`, whose server ignores Configure's
 * arguments and never implements CheckConfig/DiffConfig (docs/plugin.md).
 */
import * as grpc from "@grpc/grpc-js";
import { ResourceProviderService } from "@pulumi/pulumi/proto/provider_grpc_pb";
import * as pb from "@pulumi/pulumi/proto/provider_pb";
import * as pluginPb from "@pulumi/pulumi/proto/plugin_pb";
import * as anyPb from "google-protobuf/google/protobuf/any_pb";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import { type JavaScriptValue, Struct } from "google-protobuf/google/protobuf/struct_pb";
import * as statusPb from "@pulumi/pulumi/proto/status_pb";
import { PartialStateError } from "../provider/partial-state-error";
import { createProviderContext, type ProviderContext } from "../provider/runtime/context";
import { createRunMemory } from "../provider/runtime/run-memory";
import type { CheckFailure } from "../provider/check-failures";
import { writeDetailedDiff } from "../provider/runtime/detailed-diff-message";
import { construct } from "./construct";
import { engineLog, type EngineLog } from "./engine-log";
import { checkProviderConfig, diffProviderConfig, providerSettings } from "./provider-config";
import {
  checkResource,
  createResource,
  customKindOf,
  deleteResource,
  diffResource,
  previewState,
  readResource,
  updateResource,
} from "./resource-calls";
import { packageSchema } from "./schema/schema";
import { unwrapSecrets } from "./secrets";

type Props = Record<string, unknown>;

/** How to start the provider. */
export interface PluginOptions {
  /** The engine's address (the plugin's first argument); absent when a test drives it. */
  engineAddress?: string;
  /** The package version it reports. */
  version: string;
  /** The environment (SENTRY_AUTH_TOKEN, ...), read at Configure. */
  env?: Record<string, string | undefined>;
}

/** The provider's state: its connection, set by Configure, and what this run remembers. */
class SentryRotationProvider {
  private ctx: ProviderContext | undefined;
  private readonly run = createRunMemory();
  private log: EngineLog;

  constructor(private readonly options: PluginOptions) {
    this.log = engineLog(options.engineAddress);
  }

  /** The context of this provider instance, for a call about `urn` (its log lines go there). */
  context(urn?: string): ProviderContext {
    const base = (this.ctx ??= this.configure({}));
    const log = (message: string) => this.log(message, urn);
    // A resource's own connection (see runtime/operations.ts) logs about the same URN.
    const logging = (ctx: ProviderContext): ProviderContext => ({
      ...ctx,
      log,
      withConnection: (connection) => logging(base.withConnection(connection)),
    });
    return logging(base);
  }

  configure(inputs: Props): ProviderContext {
    const settings = providerSettings(
      unwrapSecrets(inputs) as Props,
      this.options.env ?? process.env,
    );
    this.ctx = createProviderContext({ settings, run: this.run, log: (m) => this.log(m) });
    return this.ctx;
  }

  attach(address: string): void {
    if (!this.options.engineAddress) this.log = engineLog(address);
    this.options.engineAddress ??= address;
  }

  get engineAddress(): string | undefined {
    return this.options.engineAddress;
  }

  handlers(): grpc.UntypedServiceImplementation {
    const version = this.options.version;
    return {
      handshake: unary<pb.ProviderHandshakeRequest, pb.ProviderHandshakeResponse>(async (req) => {
        if (req.getEngineAddress()) this.attach(req.getEngineAddress());
        return new pb.ProviderHandshakeResponse()
          .setAcceptSecrets(true)
          .setAcceptResources(true)
          .setAcceptOutputs(true);
      }),
      getPluginInfo: unary(async () => new pluginPb.PluginInfo().setVersion(version)),
      getSchema: unary<pb.GetSchemaRequest, pb.GetSchemaResponse>(async (req) => {
        if (req.getVersion() !== 0)
          throw new Error(`unsupported schema version ${req.getVersion()}`);
        return new pb.GetSchemaResponse().setSchema(JSON.stringify(packageSchema(version)));
      }),
      attach: unary<pluginPb.PluginAttach, Empty>(async (req) => {
        this.attach(req.getAddress());
        return new Empty();
      }),
      cancel: unary(async () => new Empty()),
      checkConfig: unary<pb.CheckRequest, pb.CheckResponse>(async (req) => {
        const news = props(req.getNews());
        return checkResponse(news, checkProviderConfig(unwrapSecrets(news) as Props));
      }),
      diffConfig: unary<pb.DiffRequest, pb.DiffResponse>(async (req) => {
        const diff = diffProviderConfig(
          unwrapSecrets(props(req.getOlds())) as Props,
          unwrapSecrets(props(req.getNews())) as Props,
        );
        return new pb.DiffResponse()
          .setChanges(
            diff.changes.length
              ? pb.DiffResponse.DiffChanges.DIFF_SOME
              : pb.DiffResponse.DiffChanges.DIFF_NONE,
          )
          .setDiffsList(diff.changes)
          .setReplacesList(diff.replaces);
      }),
      configure: unary<pb.ConfigureRequest, pb.ConfigureResponse>(async (req) => {
        this.configure(props(req.getArgs()));
        return new pb.ConfigureResponse()
          .setAcceptsecrets(true)
          .setAcceptresources(true)
          .setAcceptoutputs(true)
          .setSupportspreview(false);
      }),
      check: unary<pb.CheckRequest, pb.CheckResponse>(async (req) => {
        const checked = checkResource(
          this.context(req.getUrn()),
          customKindOf(req.getType() || typeOfUrn(req.getUrn())),
          req.getUrn(),
          props(req.getOlds()),
          props(req.getNews()),
        );
        return checkResponse(checked.inputs, checked.failures);
      }),
      diff: unary<pb.DiffRequest, pb.DiffResponse>(async (req) => {
        const diff = await diffResource(
          this.context(req.getUrn()),
          customKindOf(req.getType() || typeOfUrn(req.getUrn())),
          req.getUrn(),
          req.getId(),
          props(req.getOlds()),
          props(req.getNews()),
        );
        const res = new pb.DiffResponse()
          .setChanges(
            diff.changes
              ? pb.DiffResponse.DiffChanges.DIFF_SOME
              : pb.DiffResponse.DiffChanges.DIFF_NONE,
          )
          .setReplacesList(diff.replaces)
          .setDeletebeforereplace(diff.deleteBeforeReplace)
          .setDiffsList(diff.diffs);
        // The shared detail, written by the dynamic provider's writer too; without it the engine
        // compares the inputs itself.
        writeDetailedDiff(res, diff.detailed, pb.PropertyDiff);
        return res;
      }),
      create: unary<pb.CreateRequest, pb.CreateResponse>(async (req) => {
        const kind = customKindOf(req.getType() || typeOfUrn(req.getUrn()));
        // The engine asks every provider that answers Handshake to preview creates: make nothing.
        if (req.getPreview()) {
          return new pb.CreateResponse().setProperties(
            struct(previewState(kind, props(req.getProperties()))),
          );
        }
        const created = await createResource(
          this.context(req.getUrn()),
          kind,
          req.getUrn(),
          props(req.getProperties()),
        );
        return new pb.CreateResponse().setId(created.id).setProperties(struct(created.properties));
      }),
      read: unary<pb.ReadRequest, pb.ReadResponse>(async (req) => {
        const kind = customKindOf(req.getType() || typeOfUrn(req.getUrn()));
        const read = await readResource(
          this.context(req.getUrn()),
          kind,
          req.getUrn(),
          req.getId(),
          props(req.getProperties()),
          props(req.getInputs()),
        );
        const res = new pb.ReadResponse().setId(read.id);
        if (read.properties) res.setProperties(struct(read.properties));
        if (read.inputs) res.setInputs(struct(read.inputs));
        return res;
      }),
      update: unary<pb.UpdateRequest, pb.UpdateResponse>(async (req) => {
        const kind = customKindOf(req.getType() || typeOfUrn(req.getUrn()));
        if (req.getPreview()) {
          return new pb.UpdateResponse().setProperties(
            struct(previewState(kind, props(req.getNews()))),
          );
        }
        const outs = await updateResource(
          this.context(req.getUrn()),
          kind,
          req.getUrn(),
          req.getId(),
          props(req.getOlds()),
          props(req.getNews()),
        );
        return new pb.UpdateResponse().setProperties(struct(outs));
      }),
      delete: unary<pb.DeleteRequest, Empty>(async (req) => {
        const kind = customKindOf(req.getType() || typeOfUrn(req.getUrn()));
        await deleteResource(
          this.context(req.getUrn()),
          kind,
          req.getUrn(),
          req.getId(),
          props(req.getProperties()),
        );
        return new Empty();
      }),
      construct: unary<pb.ConstructRequest, pb.ConstructResponse>(async (req) => {
        const built = await construct(req, this.engineAddress);
        const res = new pb.ConstructResponse().setUrn(built.urn).setState(built.state);
        for (const [key, urns] of built.stateDependencies) {
          res
            .getStatedependenciesMap()
            .set(key, new pb.ConstructResponse.PropertyDependencies().setUrnsList(urns));
        }
        return res;
      }),
    };
  }
}

/** Starts the provider on 127.0.0.1 and resolves with its port (which `main` prints). */
export async function startPlugin(
  options: PluginOptions,
): Promise<{ port: number; server: grpc.Server }> {
  const server = new grpc.Server({
    "grpc.max_receive_message_length": 400 * 1024 * 1024,
    "grpc.max_send_message_length": 400 * 1024 * 1024,
  });
  server.addService(ResourceProviderService, new SentryRotationProvider(options).handlers());
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err, p) =>
      err ? reject(err) : resolve(p),
    ),
  );
  return { port, server };
}

function unary<Req, Res>(handle: (req: Req) => Promise<Res>): grpc.handleUnaryCall<Req, Res> {
  return (call, callback) => {
    handle(call.request).then(
      (res) => callback(null, res),
      (err: unknown) => callback(toServiceError(err)),
    );
  };
}

/**
 * An error as the engine reads it: a PartialStateError carries ErrorResourceInitFailed (the
 * engine keeps the resource with its progress); anything else its message.
 */
function toServiceError(err: unknown): Partial<grpc.ServiceError> {
  const message = err instanceof Error ? err.message : String(err);
  const metadata = new grpc.Metadata();
  if (err instanceof PartialStateError) {
    const detail = new pb.ErrorResourceInitFailed()
      .setId(err.id)
      .setProperties(struct(err.properties))
      .setReasonsList(err.reasons);
    const any = new anyPb.Any();
    any.pack(detail.serializeBinary(), "pulumirpc.ErrorResourceInitFailed");
    const status = new statusPb.Status().setCode(grpc.status.UNKNOWN).setMessage(message);
    status.addDetails(any);
    metadata.add("grpc-status-details-bin", Buffer.from(status.serializeBinary()));
  }
  return { code: grpc.status.UNKNOWN, details: message, message, metadata };
}

function checkResponse(inputs: Props, failures: CheckFailure[]): pb.CheckResponse {
  return new pb.CheckResponse()
    .setInputs(struct(inputs))
    .setFailuresList(
      failures.map((f) => new pb.CheckFailure().setProperty(f.property).setReason(f.reason)),
    );
}

function props(value: Struct | undefined): Props {
  return value ? (value.toJavaScript() as Props) : {};
}

function struct(value: Props): Struct {
  return Struct.fromJavaScript(
    JSON.parse(JSON.stringify(value)) as Record<string, JavaScriptValue>,
  );
}

// urn:pulumi:stack::project::parent$type::name
function typeOfUrn(urn: string): string {
  const qualified = urn.split("::")[2] ?? "";
  return qualified.split("$").pop() ?? "";
}
