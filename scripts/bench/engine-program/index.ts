/**
 * The fleet of `npm run bench -- --engine`: config `keys` ClientKeys spread over the comma-separated
 * `projects` (key n in project n mod P), each rotating every 90 days, as the simulated engine's.
 * Config `frontDoor`: "dynamic" (default) through the package's dynamic provider, "plugin" through
 * the sentry-rotation plugin on the generated TypeScript SDK.
 */
import * as pulumi from "@pulumi/pulumi";
import * as sentryRotation from "@pulumi-sentry-rotation/sdk";
import { ClientKey } from "pulumi-sentry-rotation";

const config = new pulumi.Config();
const count = config.requireNumber("keys");
const projects = config.require("projects").split(",");
const plugin = config.get("frontDoor") === "plugin";

for (let n = 0; n < count; n++) {
  const args = {
    project: projects[n % projects.length]!,
    name: `fleet key ${n}`,
    rotateEvery: "90d",
  };
  if (plugin) new sentryRotation.ClientKey(`key-${n}`, args);
  else new ClientKey(`key-${n}`, args);
}
