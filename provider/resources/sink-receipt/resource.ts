import * as pulumi from "@pulumi/pulumi";
import { serializedProvider } from "../serialized-provider";
import { type SinkReceiptArgs } from "./types";

/**
 * Proof that a sink holds a key: created (or updated) once the sink's resources are, it records a
 * `sink-updated` audit event. The rotating components make one per sink, after the sink and before
 * the engine removes a replaced key, so a rotation's trail reads created, verified, sink-updated,
 * deleted, verified-dead. Holds ids and names only. Type token
 * `pulumi-nodejs:dynamic/sentry:SinkReceipt`.
 */
export class SinkReceipt extends pulumi.dynamic.Resource {
  /** The delivered key's id. */
  declare readonly keyId: pulumi.Output<string>;
  /** Where it was delivered. */
  declare readonly sink: pulumi.Output<string>;
  /** When the delivery was recorded (ISO 8601). */
  declare readonly deliveredAt: pulumi.Output<string>;

  constructor(name: string, args: SinkReceiptArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      serializedProvider("SinkReceipt"),
      name,
      { ...args, deliveredAt: undefined },
      opts,
      "sentry",
      "SinkReceipt",
    );
  }
}

/**
 * One receipt per sink component, each waiting for its sink. They are children of the rotating
 * component, never of the sink: a dependency on a component waits for all of its children, so a
 * receipt under its own sink would wait for itself. Nothing the key depends on waits for them.
 */
export function sinkReceipts(
  name: string,
  sinks: { component: pulumi.Resource; description: string }[],
  key: Omit<SinkReceiptArgs, "sink">,
  parent: pulumi.Resource,
  make: (name: string, args: SinkReceiptArgs, opts: pulumi.CustomResourceOptions) => SinkReceipt = (
    n,
    a,
    o,
  ) => new SinkReceipt(n, a, o),
): SinkReceipt[] {
  return sinks.map(({ component, description }, i) =>
    make(
      `${name}-sink-${i}-receipt`,
      { ...key, sink: description },
      { parent, dependsOn: [component] },
    ),
  );
}
