/**
 * The plugin's resources as a Node.js program (or the plugin's own Construct) registers them:
 * `sentry-rotation:index:<Kind>` custom resources, served by the `sentry-rotation` plugin. Each has
 * the output properties its schema description names, the same as the dynamic class of the same
 * kind, so the components read either the same way. Each aliases the dynamic type of its kind,
 * so a resource the dynamic provider made is taken over without a new key (docs/plugin.md).
 */
import * as pulumi from "@pulumi/pulumi";
import type { ResourceClasses } from "../components/resource-classes";
import { outputsForPreview } from "../provider/preview-diff";
import { packageVersion } from "./main";
import { KINDS, type KindDescription } from "./schema/kinds";
import { typeToken } from "./schema/schema";
import type { CustomKind } from "./resource-calls";

/** Registers a plugin resource of `kind`; its outputs are the properties its description names. */
export function pluginResource(
  kind: CustomKind,
  name: string,
  args: object,
  opts: pulumi.CustomResourceOptions = {},
): pulumi.CustomResource {
  const description: KindDescription = KINDS[kind];
  // Unknown during previews, as the dynamic classes send them: `pulumi preview --diff` then shows
  // each output a rotation changes, and why (provider/preview-diff.ts).
  const outputs = outputsForPreview(
    Object.fromEntries(Object.keys(description.outputs).map((key) => [key, undefined])),
    pulumi.runtime.isDryRun(),
    pulumi.unknown,
  );
  return new PluginCustomResource(
    typeToken(kind),
    name,
    { ...outputs, ...args },
    {
      ...opts,
      // This plugin's own version, as the generated SDKs ask for it: a component's children and
      // the program's resources then share one default provider, run after run.
      version: opts.version ?? packageVersion(),
      aliases: [
        ...(opts.aliases ?? []),
        ...(description.dynamicType ? [{ type: description.dynamicType }] : []),
      ],
    },
  );
}

class PluginCustomResource extends pulumi.CustomResource {}

// Same output properties as the dynamic classes (both from the kinds' types): see the top.
const as = <R>(resource: pulumi.CustomResource) => resource as unknown as R;

/** The plugin's resources, for the components it serves through Construct. */
export const PLUGIN_RESOURCES: ResourceClasses = {
  clientKey: (name, args, opts) => as(pluginResource("ClientKey", name, args, opts)),
  clientKeyPair: (name, args, opts) => as(pluginResource("ClientKeyPair", name, args, opts)),
  orgAuthToken: (name, args, opts) => as(pluginResource("OrgAuthToken", name, args, opts)),
  sinkReceipt: (name, args, opts) => as(pluginResource("SinkReceipt", name, args, opts)),
  dotenvFile: (name, args, opts) =>
    as(
      pluginResource(
        "DotenvFile",
        name,
        { ...args, variables: pulumi.secret(args.variables) },
        opts,
      ),
    ),
};
