/**
 * One stack, two Sentry servers: "web-a" and "ci-a" use the stack's connection
 * (`sentry-rotation:url`/`authToken`/`organization`), "web-b" and "ci-b" state their own, with
 * the other server's token from a secret config value: as a secret for "web-b", and read as a
 * plain string for "ci-b" (which the package must still keep encrypted in state).
 */
import * as pulumi from "@pulumi/pulumi";
import { RotatingClientKey, RotatingOrgAuthToken } from "pulumi-sentry-rotation";

const config = new pulumi.Config();
const other = {
  url: config.require("otherUrl"),
  organization: config.require("otherOrganization"),
  authToken: config.requireSecret("otherToken"),
};

const webA = new RotatingClientKey("web-a", {
  project: config.require("project"),
  name: "web a",
  rotateEvery: "30d",
  sinks: [{ type: "dotenvFile", path: ".env.a" }],
});
const webB = new RotatingClientKey("web-b", {
  project: config.require("otherProject"),
  name: "web b",
  rotateEvery: "30d",
  connection: other,
  sinks: [{ type: "dotenvFile", path: ".env.b" }],
});
const ciA = new RotatingOrgAuthToken("ci-a", { name: "ci a", rotateEvery: "30d" });
const ciB = new RotatingOrgAuthToken("ci-b", {
  name: "ci b",
  rotateEvery: "30d",
  connection: { ...other, authToken: config.require("otherToken") },
});

export const keyA = webA.current.keyId;
export const keyB = webB.current.keyId;
export const tokenA = ciA.tokenId;
export const tokenB = ciB.tokenId;
