/**
 * Create and Update as the engine sees them, including the partial failure the harness client
 * folds into a plain error: a provider error carrying `id` and `properties` (PartialStateError)
 * reaches the engine as `ErrorResourceInitFailed` in the gRPC status details, and the engine keeps
 * the resource in state with those properties and the reasons as init errors.
 */
import * as grpc from "@grpc/grpc-js";
import { ResourceProviderClient } from "@pulumi/pulumi/proto/provider_grpc_pb";
import * as pb from "@pulumi/pulumi/proto/provider_pb";
import * as statuspb from "@pulumi/pulumi/proto/status_pb";
import { fromStruct, PROVIDER_KEY, toStruct, type Props } from "../provider-host/struct";
import { parseUrn } from "../provider-host/urn";

/** A create or update that failed after making progress: the engine records `properties`. */
export class InitFailedError extends Error {
  constructor(
    readonly id: string,
    readonly properties: Props,
    readonly reasons: string[],
    message: string,
  ) {
    super(message);
    this.name = "InitFailedError";
  }
}

/** Create/Update calls against a running host's port, with init failures decoded. */
export class EngineCalls {
  private readonly client: ResourceProviderClient;

  constructor(
    port: number,
    private readonly timeoutMs = 120_000,
  ) {
    this.client = new ResourceProviderClient(
      `127.0.0.1:${port}`,
      grpc.credentials.createInsecure(),
    );
  }

  /** Create; resolves with the id and the properties the engine stores. */
  async create(urn: string, props: Props): Promise<{ id: string; state: Props }> {
    const req = new pb.CreateRequest();
    address(req, urn).setProperties(toStruct(props, "create properties"));
    const res = await this.call<pb.CreateResponse>((cb) =>
      this.client.create(req, new grpc.Metadata(), this.options(), cb),
    );
    if (res.getId() === "") throw new Error(`create: empty id for ${urn}`);
    return { id: res.getId(), state: fromStruct(res.getProperties()) };
  }

  /** Update; resolves with the properties the engine stores. */
  async update(id: string, urn: string, olds: Props, news: Props): Promise<Props> {
    const req = new pb.UpdateRequest();
    address(req, urn).setId(id);
    req.setOlds(toStruct(olds, "update olds")).setNews(toStruct(news, "update news"));
    const res = await this.call<pb.UpdateResponse>((cb) =>
      this.client.update(req, new grpc.Metadata(), this.options(), cb),
    );
    return fromStruct(res.getProperties());
  }

  /** Closes the channel. */
  close(): void {
    this.client.close();
  }

  private options(): Partial<grpc.CallOptions> {
    return { deadline: Date.now() + this.timeoutMs };
  }

  private call<T>(invoke: (cb: (err: grpc.ServiceError | null, res: T) => void) => unknown) {
    return new Promise<T>((resolve, reject) => {
      invoke((err, res) => (err ? reject(decodeError(err)) : resolve(res)));
    });
  }
}

/** The engine's view of a failed call: an InitFailedError when details say so, else an Error. */
export function decodeError(err: grpc.ServiceError): Error {
  const message = err.details || err.message;
  for (const raw of err.metadata?.get("grpc-status-details-bin") ?? []) {
    const status = statuspb.Status.deserializeBinary(raw as Uint8Array);
    for (const detail of status.getDetailsList()) {
      if (!detail.getTypeUrl().endsWith("pulumirpc.ErrorResourceInitFailed")) continue;
      const init = pb.ErrorResourceInitFailed.deserializeBinary(detail.getValue_asU8());
      return new InitFailedError(
        init.getId(),
        fromStruct(init.getProperties()),
        init.getReasonsList(),
        message,
      );
    }
  }
  return new Error(message);
}

/** Whether the stored properties still carry the serialized provider (Delete needs it). */
export function hasProvider(props: Props): boolean {
  return typeof props[PROVIDER_KEY] === "string";
}

function address<R extends { setUrn(v: string): R; setName(v: string): R; setType(v: string): R }>(
  req: R,
  urn: string,
): R {
  const { type, name } = parseUrn(urn);
  return req.setUrn(urn).setName(name).setType(type);
}
