/**
 * The local example: a client key and an org auth token, rotated against the Sentry sandbox and
 * written to dotenv files. No cloud account needed; the real-engine tests and `npm run demo` run it.
 */
import * as pulumi from "@pulumi/pulumi";
import { RotatingClientKey, RotatingOrgAuthToken } from "pulumi-sentry-rotation";

const config = new pulumi.Config();
const dsnFile = config.get("dsnFile") ?? ".env.sentry";
const tokenFile = config.get("tokenFile") ?? ".env.sentry-ci";

const web = new RotatingClientKey("web", {
  project: config.require("project"),
  name: "web (local example)",
  rotateEvery: config.get("rotateEvery") ?? "90d",
  overlap: config.get("overlap"),
  // A key made outside Pulumi to take over on the first `up` (tests/e2e/overlap-switch.test.ts).
  existingKeyId: config.get("existingKeyId"),
  sinks: [{ type: "dotenvFile", path: dsnFile }],
});

const ci = new RotatingOrgAuthToken("ci", {
  name: "ci (local example)",
  rotateEvery: config.get("tokenRotateEvery") ?? "30d",
  sinks: [{ type: "dotenvFile", path: tokenFile }],
});

/** The current key's id. */
export const keyId = web.current.keyId;
/** The DSN an SDK would use (public, not secret). */
export const dsn = web.current.dsnPublic;
/** When the key rotates next. */
export const nextRotationAt = web.nextRotationAt;
/** The previous key's id during an overlap (absent from the outputs without one). */
export const previousKeyId = web.previous?.keyId;
/** The org auth token's id (the token itself is in the dotenv file and, encrypted, in state). */
export const tokenId = ci.tokenId;
