import * as pulumi from "@pulumi/pulumi";
import { SinkReceiptArgs } from "./types";

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
      receiptProvider(),
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
): SinkReceipt[] {
  return sinks.map(
    ({ component, description }, i) =>
      new SinkReceipt(
        `${name}-sink-${i}-receipt`,
        { ...key, sink: description },
        { parent, dependsOn: [component] },
      ),
  );
}

/**
 * Like `serializedProvider` but without `configure`: the host configures each provider text once,
 * and a configure replaces the provider context, with the rotation reasons the key's diff left in
 * it for this receipt and for the key's delete. A receipt is always diffed after its key, whose
 * provider has configured the context by then.
 */
function receiptProvider(): pulumi.dynamic.ResourceProvider {
  const entry = (): typeof import("../../host-entry") => require("pulumi-sentry-rotation/provider");
  return {
    check: (olds, news) => entry().providers.SinkReceipt.check(olds, news),
    diff: (id, olds, news) => entry().providers.SinkReceipt.diff(id, olds, news),
    create: (inputs) => entry().providers.SinkReceipt.create(inputs),
    read: (id, props) => entry().providers.SinkReceipt.read(id, props),
    update: (id, olds, news) => entry().providers.SinkReceipt.update(id, olds, news),
    delete: (id, props) => entry().providers.SinkReceipt.delete(id, props),
  };
}
