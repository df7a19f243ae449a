/** URNs in the shape the engine gives resources: urn:pulumi:<stack>::<project>::<type>::<name>. */

/** Project name the harness uses by default (the one in Pulumi.yaml). */
export const HARNESS_PROJECT = "sentry-rotation";

/** Stack name the harness uses by default. */
export const HARNESS_STACK = "dev";

/** Options for `urn`. */
export interface UrnOptions {
  project?: string;
  stack?: string;
  /** Type of the parent resource, when the resource has a non-stack parent. */
  parentType?: string;
}

/** Builds a valid URN for a resource of `type` named `name`. */
export function urn(type: string, name: string, options: UrnOptions = {}): string {
  const { project = HARNESS_PROJECT, stack = HARNESS_STACK, parentType } = options;
  if (!/^[^:\s]+(:[^:\s]*)?:[^:\s]+$/.test(type)) {
    throw new Error(
      `urn: type "${type}" is not a type token; pass e.g. "pulumi-nodejs:dynamic/sentry:ClientKey"`,
    );
  }
  if (name === "" || name.includes("::")) {
    throw new Error(`urn: name "${name}" must be non-empty and must not contain "::"`);
  }
  const qualifiedType = parentType ? `${parentType}$${type}` : type;
  return `urn:pulumi:${stack}::${project}::${qualifiedType}::${name}`;
}

/** The parts of a URN the provider RPCs carry separately (name and type). */
export function parseUrn(value: string): { type: string; name: string } {
  const parts = value.split("::");
  const qualifiedType = parts[2];
  const name = parts.slice(3).join("::");
  if (!value.startsWith("urn:pulumi:") || parts.length < 4 || !qualifiedType || !name) {
    throw new Error(`"${value}" is not a URN; build one with urn(type, name)`);
  }
  return { type: qualifiedType.split("$").pop() as string, name };
}
