/**
 * Plain JS objects <-> google.protobuf.Struct, the way the engine hands properties to the
 * dynamic-provider host: secrets stripped (the host answers Configure with acceptSecrets=false),
 * undefined properties left out, the unknown sentinel passed as its plain string.
 */
import * as pulumi from "@pulumi/pulumi";
import { type JavaScriptValue, Struct } from "google-protobuf/google/protobuf/struct_pb";

/** A property bag as the engine sends it to, and receives it from, a provider. */
export type Props = Record<string, unknown>;

/** The string the engine sends in place of a value that is not known yet (preview). */
export const UNKNOWN: string = pulumi.runtime.unknownValue;

/** The `__provider` property: the serialized dynamic provider, stored in state with the inputs. */
export const PROVIDER_KEY = "__provider";

/** True when `value` is the engine's unknown sentinel. */
export function isUnknown(value: unknown): boolean {
  return value === UNKNOWN;
}

/** Wraps a value the way the SDK marks a secret on the wire (for tests that feed secrets in). */
export function secretValue(value: unknown): Props {
  return { [pulumi.runtime.specialSigKey]: pulumi.runtime.specialSecretSig, value };
}

/** Removes secret markers recursively, as the engine does before calling the dynamic host. */
export function stripSecrets(value: unknown, path = "properties"): unknown {
  if (pulumi.runtime.isRpcSecret(value)) {
    return stripSecrets(pulumi.runtime.unwrapRpcSecret(value), path);
  }
  if (value === null || typeof value === "string" || typeof value === "boolean") return value;
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw badValue(path, `the number ${value}`);
    return value;
  }
  if (Array.isArray(value)) {
    // The SDK serializes undefined array elements as null.
    return value.map((v, i) => (v === undefined ? null : stripSecrets(v, `${path}[${i}]`)));
  }
  if (isPlainObject(value)) {
    const out: Props = {};
    for (const [k, v] of Object.entries(value)) {
      if (v !== undefined) out[k] = stripSecrets(v, `${path}.${k}`);
    }
    return out;
  }
  throw badValue(path, describe(value));
}

/** Converts a property bag to a Struct, after `stripSecrets`. */
export function toStruct(props: Props, label: string): Struct {
  if (!isPlainObject(props)) {
    throw new Error(`${label} must be a plain object of properties, got ${describe(props)}`);
  }
  return Struct.fromJavaScript(stripSecrets(props, label) as Record<string, JavaScriptValue>);
}

/** Converts a Struct from the host back to a plain object ({} when absent). */
export function fromStruct(struct: Struct | undefined): Props {
  return struct ? (struct.toJavaScript() as Props) : {};
}

/** A copy of `props` without `__provider`, for assertions on outputs. */
export function withoutProvider(props: Props): Props {
  const { [PROVIDER_KEY]: _provider, ...rest } = props;
  return rest;
}

function isPlainObject(value: unknown): value is Props {
  if (typeof value !== "object" || value === null) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function describe(value: unknown): string {
  if (value === undefined) return "undefined";
  if (typeof value === "function") return "a function";
  if (pulumi.Output.isInstance(value)) return "a pulumi Output";
  if (typeof value === "object" && value !== null)
    return `an instance of ${value.constructor?.name}`;
  return typeof value;
}

function badValue(path: string, what: string): Error {
  return new Error(
    `${path} is ${what}; the engine only sends JSON values (strings, numbers, booleans, null, ` +
      `arrays, plain objects): convert it first`,
  );
}
