/**
 * Adopting an existing client key. `pulumi import` cannot adopt dynamic resources
 * (pulumi/pulumi#16175), so `ClientKey` takes `existingKeyId`: the first `pulumi up` takes that
 * key over instead of creating one, and from then on it rotates on schedule like any other,
 * counted from the key's real creation date.
 */
import * as pulumi from "@pulumi/pulumi";
import { ClientKey } from "pulumi-sentry-rotation";

const config = new pulumi.Config();

const key = new ClientKey("adopted", {
  project: config.require("project"),
  name: config.get("name") ?? "adopted (local example)",
  rotateEvery: config.get("rotateEvery") ?? "90d",
  existingKeyId: config.require("existingKeyId"),
});

/** The adopted key's id: the one given in config until the first rotation. */
export const keyId = key.keyId;
/** The DSN an SDK would use (public, not secret). */
export const dsn = key.dsnPublic;
/** When Sentry created the key (the schedule counts from here). */
export const createdAt = key.createdAt;
/** When the key rotates next. */
export const rotateAt = key.rotateAt;
