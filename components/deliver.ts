import type * as pulumi from "@pulumi/pulumi";
import { type SinkReceipt, sinkReceipts } from "../provider/resources/sink-receipt/resource";
import { type SinkReceiptArgs } from "../provider/resources/sink-receipt/types";
import { DYNAMIC_RESOURCES, type ResourceClasses } from "./resource-classes";
import {
  createSink,
  describeSinkFor,
  type SinkSource,
  type SinkSpec,
  type SinkValues,
} from "./sinks";

/**
 * Builds a rotating component's sinks (children of `parent`, fed from `values`) and one receipt
 * per sink that records its delivery in the audit trail.
 */
export function deliverToSinks(
  name: string,
  parent: pulumi.Resource,
  specs: SinkSpec[],
  values: SinkValues,
  source: SinkSource,
  key: Omit<SinkReceiptArgs, "sink">,
  resources: ResourceClasses = DYNAMIC_RESOURCES,
): { sinks: pulumi.ComponentResource[]; receipts: SinkReceipt[] } {
  const sinks = specs.map((spec, i) =>
    createSink(`${name}-sink-${i}`, spec, values, { parent }, resources),
  );
  const receipts = sinkReceipts(
    name,
    sinks.map((component, i) => ({
      component,
      description: describeSinkFor(specs[i] as SinkSpec, source),
    })),
    key,
    parent,
    resources.sinkReceipt,
  );
  return { sinks, receipts };
}
