import * as pulumi from "@pulumi/pulumi";
import type { ResourceKind } from "../host-entry";

/**
 * The provider object Pulumi serializes into state. It captures nothing but `kind`: every method
 * requires the package's stable `./provider` entry inside the provider host, where the token comes
 * from Configure or the environment. So state never holds a credential, and a Delete that runs the
 * closure from an older state still authenticates.
 */
export function serializedProvider(kind: ResourceKind): pulumi.dynamic.ResourceProvider {
  // One object per kind: the SDK caches a provider's serialization by identity, so a program of
  // many keys serializes the closure once instead of once per resource.
  let provider = providersByKind.get(kind);
  if (!provider) {
    provider = providerOf(kind);
    providersByKind.set(kind, provider);
  }
  return provider;
}

const providersByKind = new Map<ResourceKind, pulumi.dynamic.ResourceProvider>();

function providerOf(kind: ResourceKind): pulumi.dynamic.ResourceProvider {
  const entry = (): typeof import("../host-entry") => require("pulumi-sentry-rotation/provider");
  return {
    configure: (req) => entry().configure(req),
    check: (olds, news) => entry().providers[kind].check(olds, news),
    diff: (id, olds, news) => entry().providers[kind].diff(id, olds, news),
    create: (inputs) => entry().providers[kind].create(inputs),
    read: (id, props) => entry().providers[kind].read(id, props),
    update: (id, olds, news) => entry().providers[kind].update(id, olds, news),
    delete: (id, props) => entry().providers[kind].delete(id, props),
  };
}

/**
 * The URN a resource of our `kind` will have, as an input the provider puts in audit events. It
 * carries no dependency on the parent: a dependency on a component waits for all its children,
 * and one of them (a sink) waits for this very resource.
 */
export function auditUrnOf(
  kind: ResourceKind,
  name: string,
  opts: pulumi.CustomResourceOptions | undefined,
): pulumi.Output<string> {
  const urn = pulumi.createUrn(name, `pulumi-nodejs:dynamic/sentry:${kind}`, opts?.parent);
  return pulumi.output(new Promise<string>((resolve) => urn.apply((value) => resolve(value))));
}

/** The resource options with the kind's secret outputs added: the engine encrypts them in state. */
export function withSecretOutputs(
  opts: pulumi.CustomResourceOptions | undefined,
  secretOutputs: readonly string[],
): pulumi.CustomResourceOptions {
  return {
    ...opts,
    additionalSecretOutputs: [...(opts?.additionalSecretOutputs ?? []), ...secretOutputs],
  };
}
