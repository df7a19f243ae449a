import * as pulumi from "@pulumi/pulumi";
import type { ResourceKind } from "../host-entry";

/**
 * The provider object Pulumi serializes into state. It captures nothing but `kind`: every method
 * loads the package's stable `./provider` entry inside the provider host, where the token comes
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
  const entry = loadHostEntry;
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
 * The package's `./provider` entry, as the provider host finds it from its working directory (the
 * Pulumi project). In a user's project that is the installed package. A program inside this
 * repository (its own stack, examples, tests) has no installed copy, since a package does not
 * depend on itself: there the repository is found by walking up to its package.json, and its own
 * `exports` resolve the entry (`dist/`). Serialized with the provider, so it uses nothing but Node.
 */
export function loadHostEntry(): typeof import("../host-entry") {
  const packageName = "pulumi-sentry-rotation";
  const request = "pulumi-sentry-rotation/provider"; // the stable contract with stored state
  try {
    return require(request);
  } catch (err) {
    const notFound =
      (err as NodeJS.ErrnoException).code === "MODULE_NOT_FOUND" &&
      String((err as Error).message).includes(`'${request}'`);
    if (!notFound) throw err;
  }
  const fs: typeof import("node:fs") = require("node:fs");
  const path: typeof import("node:path") = require("node:path");
  const { createRequire }: typeof import("node:module") = require("node:module");
  for (let dir = process.cwd(); ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, "package.json");
    if (
      fs.existsSync(manifest) &&
      JSON.parse(fs.readFileSync(manifest, "utf8")).name === packageName
    ) {
      return createRequire(manifest)(request);
    }
    if (path.dirname(dir) === dir) {
      throw new Error(
        `${packageName} is not installed where this Pulumi program runs (${process.cwd()}): ` +
          `run npm install ${packageName} in the project.`,
      );
    }
  }
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
