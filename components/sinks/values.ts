import * as pulumi from "@pulumi/pulumi";
import { describeSource, FIELDS_BY_SOURCE, sinkSource } from "./sources";
import { sinkSpecProblems } from "./spec-problems";
import { type SinkField, type SinkType, type SinkValues } from "./types";

/** One of the values, as a Pulumi secret (every value a sink stores is kept secret). */
export function secretValue(
  values: SinkValues,
  field: SinkField,
  where: string,
): pulumi.Output<string> {
  const value = values[field];
  if (value === undefined) {
    const source = sinkSource(values);
    throw new Error(
      `${where}: "${field}" is not available from ${describeSource(source)}; use one of ${FIELDS_BY_SOURCE[source].join(", ")}.`,
    );
  }
  return pulumi.secret(value);
}

/** Each name mapped to its value, every value a Pulumi secret. */
export function secretValues(
  values: SinkValues,
  mapping: Record<string, SinkField>,
  where: string,
): Record<string, pulumi.Output<string>> {
  return Object.fromEntries(
    Object.entries(mapping).map(([name, field]) => [
      name,
      secretValue(values, field, `${where}.${name}`),
    ]),
  );
}

/**
 * Throws one error listing every problem of a sink's settings, so a bad program fails before any
 * resource is registered. `where` names the sink in the message. Settings given as Outputs (a KMS
 * key from another resource) are left to the cloud provider to check.
 */
export function assertValidSink(
  spec: { type: SinkType } & object,
  where: string,
  values: SinkValues,
): void {
  const plain = Object.fromEntries(
    Object.entries(spec).filter(
      ([, v]) => !pulumi.Output.isInstance(v) && !((v as unknown) instanceof Promise),
    ),
  );
  const problems = sinkSpecProblems(plain, where, sinkSource(values));
  if (problems.length > 0) throw new Error(problems.join("\n"));
}
