/**
 * Schema property descriptions, typed against each kind's TypeScript interfaces (`satisfies`), so
 * a new input or output does not compile until the schema describes it. The package schema
 * (schema.ts) and the plugin's secret handling (which outputs to mark secret) are both built from
 * these descriptions: the kinds are described once.
 */

/** One property as the Pulumi package schema writes it. */
export interface PropertySpec {
  type?: "string" | "integer" | "number" | "boolean" | "array" | "object";
  $ref?: string;
  items?: PropertySpec;
  additionalProperties?: PropertySpec;
  /** What the property is (every top-level property has one; item types need none). */
  description?: string;
  secret?: boolean;
  /** Inputs whose change replaces the resource (shown by generated SDKs' docs). */
  willReplaceOnChanges?: boolean;
}

/** A description of every property of `T` except those named in `Except`. */
export type PropertySpecs<T, Except extends keyof T = never> = {
  readonly [Field in Exclude<keyof T, Except>]-?: PropertySpec;
};

/** The schema token of a type of this package, e.g. `sentry-rotation:index:RateLimit`. */
export function typeRef(name: string): string {
  return `#/types/sentry-rotation:index:${name}`;
}

/** Shorthands for the property shapes the kinds use. */
export const string = (description: string, extra: Partial<PropertySpec> = {}): PropertySpec => ({
  type: "string",
  description,
  ...extra,
});
export const secretString = (description: string): PropertySpec =>
  string(description, { secret: true });
export const integer = (description: string): PropertySpec => ({ type: "integer", description });
export const boolean = (description: string): PropertySpec => ({ type: "boolean", description });
export const stringMap = (
  description: string,
  extra: Partial<PropertySpec> = {},
): PropertySpec => ({
  type: "object",
  additionalProperties: { type: "string" },
  description,
  ...extra,
});
export const stringList = (description: string): PropertySpec => ({
  type: "array",
  items: { type: "string" },
  description,
});
export const ref = (name: string, description: string): PropertySpec => ({
  $ref: typeRef(name),
  description,
});
