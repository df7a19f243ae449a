/**
 * The Pulumi package schema of the `sentry-rotation` plugin, generated from the kind descriptions
 * (kinds.ts). The plugin answers GetSchema with it; `npm run plugin:schema` writes it to
 * plugin/schema.json, which tests/plugin/schema.test.ts keeps equal to this generator.
 */
import { KINDS, PROVIDER_CONFIG, TYPES, type KindDescription } from "./kinds";
import type { PropertySpec } from "./property";

/** The package name: resource tokens are `sentry-rotation:index:<Kind>`. */
export const PACKAGE_NAME = "sentry-rotation";

/** The type token of a kind. */
export function typeToken(kind: string): string {
  return `${PACKAGE_NAME}:index:${kind}`;
}

/** The package schema, as a plain JSON value. Pure. */
export function packageSchema(version: string): Record<string, unknown> {
  const resources: Record<string, unknown> = {};
  for (const [kind, description] of Object.entries(KINDS) as [string, KindDescription][]) {
    resources[typeToken(kind)] = resourceSchema(description);
  }
  const types: Record<string, unknown> = {};
  for (const [name, type] of Object.entries(TYPES)) {
    types[typeToken(name)] = {
      type: "object",
      description: type.description,
      properties: type.properties,
      required: [...type.required],
    };
  }
  return {
    name: PACKAGE_NAME,
    displayName: "Sentry key rotation",
    version,
    description:
      "Time-based rotation of Sentry keys (DSNs and org auth tokens): create-before-delete, sinks updated in between, previews that show the rotation.",
    keywords: ["pulumi", "sentry", "secret-rotation", "category/utility", "kind/native"],
    license: "Apache-2.0",
    repository: "https://github.com/pulumi-sentry-rotation/pulumi-sentry-rotation",
    config: { variables: PROVIDER_CONFIG, defaults: [] },
    provider: {
      description:
        "The connection to one Sentry: explicit values, then stack config, then the environment.",
      inputProperties: PROVIDER_CONFIG,
      properties: PROVIDER_CONFIG,
    },
    resources,
    types,
    language: {
      nodejs: {
        packageName: "@pulumi-sentry-rotation/sdk",
        dependencies: { "@pulumi/pulumi": "^3.248.0" },
      },
      python: { packageName: "pulumi_sentry_rotation", requires: { pulumi: ">=3.0.0,<4.0.0" } },
      go: {
        importBasePath:
          "github.com/pulumi-sentry-rotation/pulumi-sentry-rotation/sdk/go/sentryrotation",
      },
      csharp: { rootNamespace: "PulumiSentryRotation", packageReferences: { Pulumi: "3.*" } },
    },
  };
}

function resourceSchema(kind: KindDescription): Record<string, unknown> {
  const properties: Record<string, PropertySpec> = kind.isComponent
    ? { ...kind.outputs }
    : { ...withoutReplaceFlags(kind.inputs), ...kind.outputs };
  return {
    description: kind.description,
    ...(kind.isComponent ? { isComponent: true } : {}),
    properties,
    required: [...kind.requiredOutputs],
    inputProperties: kind.inputs,
    requiredInputs: [...kind.requiredInputs],
    ...(kind.dynamicType ? { aliases: [{ type: kind.dynamicType }] } : {}),
  };
}

// willReplaceOnChanges describes inputs; outputs carry none.
function withoutReplaceFlags(
  specs: Readonly<Record<string, PropertySpec>>,
): Record<string, PropertySpec> {
  return Object.fromEntries(
    Object.entries(specs).map(([name, { willReplaceOnChanges: _w, ...spec }]) => [name, spec]),
  );
}
