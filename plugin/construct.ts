/**
 * Construct: the plugin builds a component (RotatingClientKey, RotatingOrgAuthToken) in the
 * engine's program, from the same component classes a TypeScript program uses, with the plugin's
 * resources (plugin/resources.ts). The runtime wiring follows the Node SDK's own provider server
 * (@pulumi/pulumi provider/server.js `construct`), which this plugin cannot use as is (it ignores
 * Configure; see docs/plugin.md).
 */
import * as pulumi from "@pulumi/pulumi";
import type * as pb from "@pulumi/pulumi/proto/provider_pb";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { RotatingClientKey } from "../components/rotating-client-key";
import { RotatingOrgAuthToken } from "../components/rotating-org-auth-token";
import { PLUGIN_RESOURCES } from "./resources";
import { PACKAGE_NAME } from "./schema/schema";

// The SDK's runtime internals its own provider server uses for Construct (not in its typings).

const settings = require("@pulumi/pulumi/runtime/settings") as {
  resetOptions(...args: [string, string, number, string, string, boolean, string]): void;
  awaitFeatureSupport(): Promise<void>;
  waitForRPCs(): Promise<void>;
};
const state = require("@pulumi/pulumi/runtime/state") as {
  withLocalStorage<T>(run: () => Promise<T>): Promise<T>;
};
const sdkServer = require("@pulumi/pulumi/provider/server") as {
  deserializeInputs(inputs: Struct | undefined, deps: unknown): Promise<pulumi.Inputs>;
};

/** The components the plugin constructs, and what each returns as its outputs. */
const COMPONENTS = {
  RotatingClientKey: (
    name: string,
    inputs: pulumi.Inputs,
    opts: pulumi.ComponentResourceOptions,
  ) => {
    const component = new RotatingClientKey(name, inputs as never, opts, PLUGIN_RESOURCES);
    return {
      urn: component.urn,
      state: {
        current: component.current,
        ...(component.previous ? { previous: component.previous } : {}),
        nextRotationAt: component.nextRotationAt,
      },
    };
  },
  RotatingOrgAuthToken: (
    name: string,
    inputs: pulumi.Inputs,
    opts: pulumi.ComponentResourceOptions,
  ) => {
    const component = new RotatingOrgAuthToken(name, inputs as never, opts, PLUGIN_RESOURCES);
    return {
      urn: component.urn,
      state: {
        tokenId: component.tokenId,
        token: component.token,
        tokenLastCharacters: component.tokenLastCharacters,
        createdAt: component.createdAt,
        nextRotationAt: component.nextRotationAt,
      },
    };
  },
};

/** Builds the component of `req` in the engine's program; the response carries its outputs. */
export function construct(
  req: pb.ConstructRequest,
  engineAddress: string | undefined,
): Promise<{ urn: string; state: Struct; stateDependencies: Map<string, string[]> }> {
  return state.withLocalStorage(async () => {
    const prefix = `${PACKAGE_NAME}:index:`;
    const kind = req.getType().slice(prefix.length) as keyof typeof COMPONENTS;
    const build = req.getType().startsWith(prefix) ? COMPONENTS[kind] : undefined;
    if (!build) {
      throw new Error(
        `unknown component ${req.getType()}: the sentry-rotation plugin constructs ${Object.keys(
          COMPONENTS,
        )
          .map((k) => prefix + k)
          .join(", ")}`,
      );
    }
    if (!engineAddress)
      throw new Error("Construct needs the engine's address (the plugin's first argument)");
    settings.resetOptions(
      req.getProject(),
      req.getStack(),
      req.getParallel(),
      engineAddress,
      req.getMonitorendpoint(),
      req.getDryrun(),
      req.getOrganization(),
    );
    await settings.awaitFeatureSupport();
    const config: Record<string, string> = {};
    for (const [key, value] of req.getConfigMap().entries()) config[key] = value;
    pulumi.runtime.setAllConfig(config, req.getConfigsecretkeysList());
    const inputs = await sdkServer.deserializeInputs(
      req.getInputs(),
      req.getInputdependenciesMap(),
    );
    const result = build(req.getName(), inputs, componentOptions(req));
    const [serialized, dependencies] = await pulumi.runtime.serializeResourceProperties(
      `construct(${req.getType()}, ${req.getName()})`,
      result.state,
    );
    const stateDependencies = new Map<string, string[]>();
    for (const [key, resources] of dependencies) {
      stateDependencies.set(key, await Promise.all([...resources].map((r) => known(r.urn))));
    }
    const urn = await known(result.urn);
    await settings.waitForRPCs();
    return { urn, state: Struct.fromJavaScript(serialized), stateDependencies };
  });
}

// The resource options the program gave the component, as the SDK's own server rebuilds them.
function componentOptions(req: pb.ConstructRequest): pulumi.ComponentResourceOptions {
  const providers: Record<string, pulumi.ProviderResource> = {};
  for (const [pkg, ref] of req.getProvidersMap().entries()) {
    providers[pkg] = new pulumi.DependencyProviderResource(ref);
  }
  const aliases: (string | pulumi.Alias)[] = req
    .getAliasesList()
    .map((alias) =>
      alias.hasUrn() ? alias.getUrn() : { name: alias.getSpec()?.getName() || undefined },
    );
  return {
    aliases,
    dependsOn: req.getDependenciesList().map((urn) => new pulumi.DependencyResource(urn)),
    protect: req.getProtect(),
    providers,
    parent: req.getParent() ? new pulumi.DependencyResource(req.getParent()) : undefined,
    ignoreChanges: req.getIgnorechangesList(),
    replaceOnChanges: req.getReplaceonchangesList(),
    retainOnDelete: req.getRetainondelete(),
  };
}

// A URN is always known, even in preview: the Output's own promise (internal to the SDK).
function known(urn: pulumi.Output<string>): Promise<string> {
  return (urn as unknown as { promise(): Promise<string> }).promise();
}
