/** One of each kind, for `pulumi preview --diff` of their rotations. */
import * as pulumi from "@pulumi/pulumi";
import { RotatingClientKey, RotatingOrgAuthToken } from "pulumi-sentry-rotation";

const config = new pulumi.Config();
const single = new RotatingClientKey("single", {
  project: config.require("project"),
  name: "single",
  rotateEvery: "90d",
});
const paired = new RotatingClientKey("paired", {
  project: config.require("project"),
  name: "paired",
  rotateEvery: "90d",
  overlap: "7d",
});
const token = new RotatingOrgAuthToken("ci", { name: "ci", rotateEvery: "90d" });

export const singleKeyId = single.current.keyId;
export const pairedKeyId = paired.current.keyId;
export const tokenId = token.tokenId;
