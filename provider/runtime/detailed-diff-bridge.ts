/**
 * Hands a diff's property-level detail to the engine, which the dynamic-provider host of
 * @pulumi/pulumi does not do: its Diff maps only `changes`, `replaces` and `deleteBeforeReplace`
 * (pulumi/pulumi#3080), so `pulumi preview --diff` could only show input changes, and a rotation,
 * which changes no input, showed as an update with no property at all.
 *
 * The bridge runs inside that host process. It finds the host's own protobuf module (the one its
 * main script loaded) and wraps `DiffResponse.setChanges`, which the host calls once per Diff,
 * synchronously after reading `changes` from our result. Reading `changes` (a getter) leaves the
 * detail for that very call, so concurrent Diffs cannot mix up their details. Anywhere else (under
 * mocks, another host layout) it changes nothing: the result is the plain one, and the log lines
 * still give every reason.
 */
import * as path from "node:path";
import type { DetailedDiff } from "../diff-helpers";
import {
  writeDetailedDiff,
  type DiffResponseMessage,
  type PropertyDiffClass,
} from "./detailed-diff-message";

/** What the host's protobuf module offers that the bridge uses (pulumi/proto/provider_pb). */
interface ProviderProto {
  DiffResponse: {
    prototype: {
      setChanges(this: DiffResponseMessage, value: number): unknown;
    };
  };
  PropertyDiff: PropertyDiffClass;
}

// The detail of the Diff whose `changes` was just read; taken by the next setChanges.
let pending: DetailedDiff | undefined;
let installed: boolean | undefined;

/** The dynamic provider's diff result, carrying `detailed` to the engine where the host allows. */
export function withDetailedDiff<Result extends { changes?: boolean }>(
  result: Result,
  detailed: DetailedDiff | undefined,
): Result {
  if (!detailed || Object.keys(detailed).length === 0 || !installBridge()) return result;
  const { changes, ...rest } = result;
  const carried = { ...rest, detailedDiff: detailed } as unknown as Result;
  Object.defineProperty(carried, "changes", {
    enumerable: true,
    get: () => {
      pending = changes ? detailed : undefined;
      return changes;
    },
  });
  return carried;
}

/** Whether the bridge is in place in this process (it installs itself on first use). */
export function installBridge(): boolean {
  installed ??= install();
  return installed;
}

function install(): boolean {
  const proto = hostProto();
  if (!proto) return false;
  const setChanges = proto.DiffResponse.prototype.setChanges;
  proto.DiffResponse.prototype.setChanges = function (this: DiffResponseMessage, value: number) {
    const outcome = setChanges.call(this, value);
    const detail = pending;
    pending = undefined;
    writeDetailedDiff(this, detail, proto.PropertyDiff);
    return outcome;
  };
  return true;
}

// The protobuf module of the host this process runs (its main script), or undefined elsewhere.
function hostProto(): ProviderProto | undefined {
  const main = require.main?.filename;
  if (!main || !main.endsWith(path.join("cmd", "dynamic-provider", "index.js"))) return undefined;
  try {
    const proto = require.main!.require("../../proto/provider_pb") as Partial<ProviderProto>;
    const usable =
      typeof proto.DiffResponse?.prototype.setChanges === "function" &&
      typeof proto.PropertyDiff?.Kind === "object";
    return usable ? (proto as ProviderProto) : undefined;
  } catch {
    return undefined;
  }
}
