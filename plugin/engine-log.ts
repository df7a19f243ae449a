/**
 * The plugin's log lines, sent to the engine's Log service so they show in the CLI output under
 * their resource (a plugin's own stdout is not shown to the user). Without an engine address (a
 * test driving the plugin directly) they go to stderr.
 */
import * as grpc from "@grpc/grpc-js";
import { EngineClient } from "@pulumi/pulumi/proto/engine_grpc_pb";
import * as enginePb from "@pulumi/pulumi/proto/engine_pb";

/** Writes one line, about the resource `urn` when given. */
export type EngineLog = (message: string, urn?: string) => void;

/** A log to the engine at `address`, or to stderr when there is none. */
export function engineLog(address: string | undefined): EngineLog {
  if (!address) return (message) => process.stderr.write(`sentry-rotation: ${message}\n`);
  const client = new EngineClient(address, grpc.credentials.createInsecure());
  return (message, urn) => {
    const req = new enginePb.LogRequest();
    req.setSeverity(enginePb.LogSeverity.INFO);
    req.setMessage(`sentry-rotation: ${message}`);
    if (urn) req.setUrn(urn);
    client.log(req, (err) => {
      if (err) process.stderr.write(`sentry-rotation: ${message}\n`);
    });
  };
}
