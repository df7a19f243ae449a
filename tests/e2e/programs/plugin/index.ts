/**
 * Keys through either front door, chosen by config `frontDoor`:
 * - "plugin": `sentry-rotation:index:*` resources served by the sentry-rotation plugin, declared
 *   with @pulumi/pulumi's CustomResource and ComponentResource (remote) the way any program can
 *   before a generated SDK exists; each aliases the dynamic type of its kind (migration).
 * - "dynamic": the same keys through the package's dynamic provider.
 * Config: keys (how many ClientKeys, default 1), component ("true": a RotatingClientKey with a
 * dotenv sink at `dotenvPath`), importedName (a ClientKey adopted by `pulumi import`),
 * second{Url,Organization,Project,Token} (a key through a second, explicit provider), apiOverlap
 * (the component's `overlap`).
 */
import * as pulumi from "@pulumi/pulumi";
import {
  ClientKey as DynamicClientKey,
  RotatingClientKey as DynamicRotatingClientKey,
} from "pulumi-sentry-rotation";

const config = new pulumi.Config();
const project = config.require("project");
const frontDoor = config.get("frontDoor") ?? "plugin";
const keyCount = config.getNumber("keys") ?? 1;

const CLIENT_KEY_OUTPUTS = [
  "keyId",
  "publicKey",
  "secretKey",
  "dsnPublic",
  "dsnSecret",
  "dsnCsp",
  "dsn",
  "projectId",
  "createdAt",
  "rotateAt",
];

/** A plugin ClientKey, as a program without the generated SDK declares it. */
class ClientKey extends pulumi.CustomResource {
  declare readonly keyId: pulumi.Output<string>;
  declare readonly dsnPublic: pulumi.Output<string>;
  declare readonly dsnSecret: pulumi.Output<string>;
  constructor(
    name: string,
    args: Record<string, pulumi.Input<unknown>>,
    opts: pulumi.CustomResourceOptions = {},
  ) {
    super(
      "sentry-rotation:index:ClientKey",
      name,
      { ...Object.fromEntries(CLIENT_KEY_OUTPUTS.map((k) => [k, undefined])), ...args },
      {
        ...opts,
        additionalSecretOutputs: ["secretKey", "dsnSecret"],
        // Keys the dynamic provider made are taken over, not replaced (docs/plugin.md).
        aliases: [{ type: "pulumi-nodejs:dynamic/sentry:ClientKey" }],
      },
    );
  }
}

/** An explicit provider of the plugin: its own Sentry connection. */
class SentryRotationProvider extends pulumi.ProviderResource {
  constructor(name: string, args: Record<string, pulumi.Input<string>>) {
    super("sentry-rotation", name, args);
  }
}

/** The plugin's RotatingClientKey, built by the plugin's Construct. */
class RotatingClientKey extends pulumi.ComponentResource {
  declare readonly current: pulumi.Output<{ keyId: string; dsnPublic: string }>;
  constructor(
    name: string,
    args: Record<string, unknown>,
    opts: pulumi.ComponentResourceOptions = {},
  ) {
    super(
      "sentry-rotation:index:RotatingClientKey",
      name,
      { ...args, current: undefined, nextRotationAt: undefined },
      opts,
      true,
    );
  }
}

const keys: { keyId: pulumi.Output<string> }[] = [];
for (let i = 0; i < keyCount; i++) {
  const args = { project, name: `key ${i}`, rotateEvery: "90d" };
  keys.push(
    frontDoor === "plugin"
      ? new ClientKey(`key-${i}`, args)
      : new DynamicClientKey(`key-${i}`, args),
  );
}
export const keyIds = pulumi.all(keys.map((k) => k.keyId));

if (config.getBoolean("component")) {
  const args = {
    project,
    name: "api",
    rotateEvery: "90d",
    // Adding or removing it later keeps the key (tests/e2e/overlap-switch-plugin.test.ts).
    overlap: config.get("apiOverlap"),
    sinks: [{ type: "dotenvFile" as const, path: config.require("dotenvPath") }],
  };
  const api =
    frontDoor === "plugin"
      ? new RotatingClientKey("api", args)
      : new DynamicRotatingClientKey("api", args);
  const current = pulumi.output(api.current as unknown as pulumi.Input<{ keyId: string }>);
  // `current` holds the secret DSN, so the whole object comes back secret; its key id is not.
  exports.apiKeyId = pulumi.unsecret(current.apply((c) => c.keyId));
}

const importedName = config.get("importedName");
if (importedName) {
  // Exactly the inputs `pulumi import` read: nothing to change afterwards.
  new ClientKey(importedName, { project, name: config.require("importedKeyName") });
}

const secondUrl = config.get("secondUrl");
if (secondUrl) {
  const second = new SentryRotationProvider("second", {
    url: secondUrl,
    organization: config.require("secondOrganization"),
    authToken: config.requireSecret("secondToken"),
  });
  const elsewhere = new ClientKey(
    "elsewhere",
    { project: config.require("secondProject"), name: "elsewhere" },
    { provider: second },
  );
  exports.elsewhereKeyId = elsewhere.keyId;
}
