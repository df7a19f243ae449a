/**
 * A service on AWS reads its Sentry DSN from Secrets Manager (JSON, previous version kept as
 * AWSPREVIOUS) and its Lambda functions from an SSM SecureString. The key rotates every 30 days and
 * the old one stays valid for 2 days, long enough for every cached copy to expire.
 */
import * as pulumi from "@pulumi/pulumi";
import { RotatingClientKey } from "pulumi-sentry-rotation";

const config = new pulumi.Config();
const env = pulumi.getStack();

const api = new RotatingClientKey("api", {
  project: config.get("project") ?? "api",
  name: `api (${env})`,
  rotateEvery: "30d",
  overlap: "2d",
  sinks: [
    { type: "awsSecretsManager", name: `${env}/sentry/api`, description: "Sentry DSN of the API" },
    { type: "ssmParameter", name: `/${env}/sentry/api/dsn` },
  ],
});

/** The secret holding the DSN JSON. */
export const secretName = `${env}/sentry/api`;
/** When the key rotates next. */
export const nextRotationAt = api.nextRotationAt;
