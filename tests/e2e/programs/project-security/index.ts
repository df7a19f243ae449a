/**
 * One ProjectSecurity: managed from config (`allowedDomains` as JSON, `onDelete`), or, with
 * `readId` set, only read by its `<org>/<project>` id (ProjectSecurity.get).
 */
import * as pulumi from "@pulumi/pulumi";
import { ProjectSecurity } from "pulumi-sentry-rotation";

const config = new pulumi.Config();
const readId = config.get("readId");
const security = readId
  ? ProjectSecurity.get("read", readId)
  : new ProjectSecurity("web", {
      project: config.require("project"),
      allowedDomains: config.requireObject<string[]>("allowedDomains"),
      onDelete: config.get("onDelete") === "restore" ? "restore" : "keep",
    });

export const id = security.id;
export const allowedDomains = security.allowedDomains;
export const current = security.current;
