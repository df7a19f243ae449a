/**
 * The fleet of `npm run bench -- --engine`: config `keys` ClientKeys spread over the comma-separated
 * `projects` (key n in project n mod P), each rotating every 90 days, as the simulated engine's.
 */
import * as pulumi from "@pulumi/pulumi";
import { ClientKey } from "pulumi-sentry-rotation";

const config = new pulumi.Config();
const count = config.requireNumber("keys");
const projects = config.require("projects").split(",");

for (let n = 0; n < count; n++) {
  new ClientKey(`key-${n}`, {
    project: projects[n % projects.length]!,
    name: `fleet key ${n}`,
    rotateEvery: "90d",
  });
}
