/** Errors the dynamic-provider host returns over gRPC, as ordinary rejected promises. */
import type * as grpc from "@grpc/grpc-js";

/** A provider method (or the host itself) failed; `message` is the provider's own message. */
export class ProviderCallError extends Error {
  constructor(
    /** The RPC that failed: "check", "create", ... */
    readonly method: string,
    /** The gRPC status code (the host uses UNKNOWN for errors thrown by provider methods). */
    readonly code: grpc.status,
    message: string,
  ) {
    super(message);
    this.name = "ProviderCallError";
  }
}

/** Converts a gRPC ServiceError to a ProviderCallError carrying the status details. */
export function toProviderCallError(method: string, err: grpc.ServiceError): ProviderCallError {
  // `details` is the message the provider threw; `message` adds a "2 UNKNOWN: " prefix.
  return new ProviderCallError(method, err.code, err.details || err.message);
}
