/**
 * The cloud SDKs are optional peer dependencies: a program installs only those its sinks use, and
 * a sink loads its SDK when it is built, never when the package is imported.
 */
import type * as aws from "@pulumi/aws";
import type * as github from "@pulumi/github";
import type * as k8s from "@pulumi/kubernetes";
import { InputError } from "../../provider/input-error";
import type { SinkType } from "./types";

/** The cloud SDK packages sinks load, with the major versions this package supports. */
export const PEER_PACKAGES = {
  "@pulumi/aws": { majors: [6, 7], sinks: ["awsSecretsManager", "ssmParameter"] },
  "@pulumi/kubernetes": { majors: [4], sinks: ["kubernetesSecret"] },
  "@pulumi/github": { majors: [5, 6], sinks: ["githubActionsSecret"] },
} as const satisfies Record<string, { majors: readonly number[]; sinks: readonly SinkType[] }>;

/** A peer package a sink needs is not installed (or cannot be loaded) in the user's project. */
export class MissingPeerPackageError extends Error {
  constructor(
    readonly packageName: keyof typeof PEER_PACKAGES,
    where: string,
    cause: unknown,
  ) {
    const range = PEER_PACKAGES[packageName].majors.map((major) => `${major}.x`).join(" or ");
    super(
      `${where} needs the package ${packageName} (${range}), which this project does not have. ` +
        `Install it beside pulumi-sentry-rotation: npm install ${packageName}`,
      { cause },
    );
    this.name = "MissingPeerPackageError";
  }
}

/** `@pulumi/aws`, for the AWS sinks; `where` names the sink in the error when it is missing. */
export function loadAws(where: string): typeof aws {
  return loadPeer("@pulumi/aws", where, () => require("@pulumi/aws"));
}

/** `@pulumi/kubernetes`, for the Kubernetes sink. */
export function loadKubernetes(where: string): typeof k8s {
  return loadPeer("@pulumi/kubernetes", where, () => require("@pulumi/kubernetes"));
}

/** `@pulumi/github`, for the GitHub Actions sink. */
export function loadGithub(where: string): typeof github {
  return loadPeer("@pulumi/github", where, () => require("@pulumi/github"));
}

/** The [major, minor] version of an installed peer package (e.g. [6, 83] for @pulumi/aws 6.83.0). */
export function peerVersion(packageName: keyof typeof PEER_PACKAGES): [number, number] {
  const manifest = require(`${packageName}/package.json`) as { version: string };
  // Some releases write their version with a leading "v" (@pulumi/github 5.x: "v5.26.0").
  const [major = 0, minor = 0] = manifest.version
    .replace(/^v/, "")
    .split(".")
    .map((part) => Number.parseInt(part, 10));
  return [major, minor];
}

function loadPeer<T>(packageName: keyof typeof PEER_PACKAGES, where: string, load: () => T): T {
  try {
    // Each loader passes a literal to require(), so bundlers and `npm ls` see the dependency.
    return load();
  } catch (err) {
    if (isNotFound(err, packageName)) throw new MissingPeerPackageError(packageName, where, err);
    throw err;
  }
}

/** Not found is the package itself missing, not a module it requires failing to load. */
function isNotFound(err: unknown, packageName: string): boolean {
  return (
    err instanceof Error &&
    (err as NodeJS.ErrnoException).code === "MODULE_NOT_FOUND" &&
    err.message.includes(`'${packageName}'`)
  );
}

/**
 * The `region` resource argument, when set. Per-resource regions came with @pulumi/aws 7; on 6 the
 * region comes from the AWS provider, so a sink `region` there is refused with the way to do it.
 */
export function awsRegionArg(region: string | undefined, where: string): { region?: string } {
  if (region === undefined) return {};
  if (peerVersion("@pulumi/aws")[0] < 7) {
    throw new InputError(
      `${where}.region`,
      "needs @pulumi/aws 7 or later (per-resource regions). With @pulumi/aws 6, remove region " +
        "and pass an aws.Provider for that region in the sink's resource options (opts.provider).",
    );
  }
  return { region };
}

/**
 * The secret's value argument of a GitHub Actions secret: `value` from @pulumi/github 6.13 on,
 * where `plaintextValue` is deprecated; `plaintextValue` before, where `value` does not exist.
 */
export function githubSecretValueArg<T>(value: T): { value: T } | { plaintextValue: T } {
  const [major, minor] = peerVersion("@pulumi/github");
  return major > 6 || (major === 6 && minor >= 13) ? { value } : { plaintextValue: value };
}
