/**
 * Keys through either front door, chosen by config `frontDoor`:
 * - "plugin": `sentry-rotation:index:*` resources served by the sentry-rotation plugin, through
 *   the generated TypeScript SDK (`@pulumi-sentry-rotation/sdk`, sdk/nodejs, built and linked by
 *   testkit/node-sdk.ts); each ClientKey aliases the dynamic type of its kind (migration).
 * - "dynamic": the same keys through the package's dynamic provider.
 * Config: keys (how many ClientKeys, default 1), component ("true": a RotatingClientKey with a
 * dotenv sink at `dotenvPath`), importedName (a ClientKey adopted by `pulumi import`),
 * second{Url,Organization,Project,Token} (a key through a second, explicit provider), apiOverlap
 * (the component's `overlap`), securityDomains (a JSON list: the project's allowed domains, through
 * a ProjectSecurity named `web-origins`, adopted by `pulumi import`).
 */
import * as pulumi from "@pulumi/pulumi";
import * as sentryRotation from "@pulumi-sentry-rotation/sdk";
import {
  ClientKey as DynamicClientKey,
  RotatingClientKey as DynamicRotatingClientKey,
} from "pulumi-sentry-rotation";

const config = new pulumi.Config();
const project = config.require("project");
const frontDoor = config.get("frontDoor") ?? "plugin";
const keyCount = config.getNumber("keys") ?? 1;

/** A plugin ClientKey that takes over the dynamic provider's key of the same name (docs/plugin.md). */
function pluginClientKey(
  name: string,
  args: sentryRotation.ClientKeyArgs,
  opts: pulumi.CustomResourceOptions = {},
): sentryRotation.ClientKey {
  return new sentryRotation.ClientKey(name, args, {
    ...opts,
    aliases: [{ type: "pulumi-nodejs:dynamic/sentry:ClientKey" }],
  });
}

const keys: { keyId: pulumi.Output<string> }[] = [];
for (let i = 0; i < keyCount; i++) {
  const args = { project, name: `key ${i}`, rotateEvery: "90d" };
  keys.push(
    frontDoor === "plugin"
      ? pluginClientKey(`key-${i}`, args)
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
      ? new sentryRotation.RotatingClientKey("api", args)
      : new DynamicRotatingClientKey("api", args);
  const current = pulumi.output(api.current as unknown as pulumi.Input<{ keyId: string }>);
  // `current` holds the secret DSN, so the whole object comes back secret; its key id is not.
  exports.apiKeyId = pulumi.unsecret(current.apply((c) => c.keyId));
}

const importedName = config.get("importedName");
if (importedName) {
  // Exactly the inputs `pulumi import` read: nothing to change afterwards.
  pluginClientKey(importedName, { project, name: config.require("importedKeyName") });
}

const securityDomains = config.getObject<string[]>("securityDomains");
if (securityDomains) {
  new sentryRotation.ProjectSecurity("web-origins", { project, allowedDomains: securityDomains });
}

const secondUrl = config.get("secondUrl");
if (secondUrl) {
  const second = new sentryRotation.Provider("second", {
    url: secondUrl,
    organization: config.require("secondOrganization"),
    authToken: config.requireSecret("secondToken"),
  });
  const elsewhere = pluginClientKey(
    "elsewhere",
    { project: config.require("secondProject"), name: "elsewhere" },
    { provider: second },
  );
  exports.elsewhereKeyId = elsewhere.keyId;
}
