/**
 * A program that already exists (a Lambda function behind an API) gains a rotating Sentry key by
 * composition: the function's environment reads the key's DSN directly, so the engine updates the
 * function after a new key exists and deletes the old key only afterwards. No sink needed.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { RotatingClientKey } from "pulumi-sentry-rotation";

// --- what the stack already had ---
const role = new aws.iam.Role("orders-fn", {
  assumeRolePolicy: JSON.stringify({
    Version: "2012-10-17",
    Statement: [
      { Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" },
    ],
  }),
});

// --- what this project adds ---
const sentry = new RotatingClientKey("orders", {
  project: new pulumi.Config().get("project") ?? "orders",
  name: "orders lambda",
  rotateEvery: "60d",
});

const fn = new aws.lambda.Function("orders", {
  role: role.arn,
  runtime: "nodejs20.x",
  handler: "index.handler",
  code: new pulumi.asset.AssetArchive({
    "index.js": new pulumi.asset.StringAsset(
      "exports.handler = async () => ({ statusCode: 200 });",
    ),
  }),
  environment: { variables: { SENTRY_DSN: sentry.current.dsnPublic } },
});

/** The function's name. */
export const functionName = fn.name;
/** When the key rotates next. */
export const nextRotationAt = sentry.nextRotationAt;
