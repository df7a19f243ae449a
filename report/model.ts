/**
 * The keys and tokens a stack manages, from its state: one entry per Sentry key (a pair's current,
 * previous and retiring keys each count), with the sinks it was delivered to. Pure.
 */
import { plainBoolean, plainNumber, plainRecord, plainString, plainStrings } from "./plain-values";
import { type StackState, type StateResource } from "./state-export";

/** Type tokens of the resources the report reads. */
export const TYPE_TOKENS = {
  ClientKey: "pulumi-nodejs:dynamic/sentry:ClientKey",
  ClientKeyPair: "pulumi-nodejs:dynamic/sentry:ClientKeyPair",
  OrgAuthToken: "pulumi-nodejs:dynamic/sentry:OrgAuthToken",
  SinkReceipt: "pulumi-nodejs:dynamic/sentry:SinkReceipt",
} as const;

/** What a key is to the stack that manages it. */
export type KeyRole = "current" | "previous" | "retiring" | "pending-delete";

/** One delivery of a key to a sink. */
export interface SinkDelivery {
  /** Where, as the components name it, e.g. "aws-secrets-manager:prod/sentry". */
  sink: string;
  /** The key the sink last received (from its receipt); absent for a sink without a receipt. */
  keyId?: string;
  /** When that was recorded. */
  deliveredAt?: string;
}

/** One Sentry key or token a stack manages. */
export interface ManagedKey {
  stack: string;
  /** URN of the resource that manages it. */
  urn: string;
  /** The resource kind. */
  resource: "ClientKey" | "ClientKeyPair" | "OrgAuthToken";
  /** The resource's name in the program. */
  name: string;
  keyType: "client-key" | "org-auth-token";
  role: KeyRole;
  organization?: string;
  project?: string;
  projectId?: number;
  /** Client key id (its public key). */
  keyId?: string;
  tokenId?: string;
  tokenLastCharacters?: string;
  isActive?: boolean;
  /** When Sentry created it: its last rotation. */
  createdAt?: string;
  /** When it rotates (current keys with a period). */
  rotateAt?: string;
  rotateEvery?: string;
  /** When scheduled rotations may happen (the resource's `rotationWindow` input), if set. */
  rotationWindow?: Record<string, unknown>;
  /** A previous key's end of overlap, and when it is deleted at the latest. */
  deactivateAt?: string;
  deleteAt?: string;
  sinks: SinkDelivery[];
}

/** Every managed key of a stack, pending deletions included, with their sinks. */
export function managedKeys(state: StackState): ManagedKey[] {
  const deliveries = sinksByKeyUrn(state.resources);
  const keys: ManagedKey[] = [];
  for (const resource of state.resources) {
    const base = baseOf(state.stack, resource);
    if (!base) continue;
    const sinks = resource.pendingDelete ? [] : (deliveries.get(resource.urn) ?? []);
    if (resource.type === TYPE_TOKENS.ClientKeyPair) {
      keys.push(...pairKeys(base, resource, sinks));
    } else {
      keys.push({ ...base, ...singleKey(resource), sinks });
    }
  }
  return keys;
}

type Base = Pick<
  ManagedKey,
  "stack" | "urn" | "resource" | "name" | "keyType" | "role" | "organization" | "project"
>;

function baseOf(stack: string, resource: StateResource): Base | undefined {
  const kind = (Object.keys(TYPE_TOKENS) as (keyof typeof TYPE_TOKENS)[]).find(
    (k) => TYPE_TOKENS[k] === resource.type,
  );
  if (!kind || kind === "SinkReceipt" || !resource.custom) return undefined;
  const out = resource.outputs;
  const organization = plainString(out.organization);
  const project = plainString(out.project);
  return {
    stack,
    urn: resource.urn,
    resource: kind,
    name: resource.urn.split("::").pop() ?? resource.urn,
    keyType: kind === "OrgAuthToken" ? "org-auth-token" : "client-key",
    role: resource.pendingDelete ? "pending-delete" : "current",
    ...(organization ? { organization } : {}),
    ...(project ? { project } : {}),
  };
}

function singleKey(resource: StateResource): Partial<ManagedKey> {
  const out = resource.outputs;
  return dropUndefined({
    keyId: plainString(out.keyId),
    projectId: plainNumber(out.projectId),
    tokenId: plainString(out.tokenId),
    tokenLastCharacters: plainString(out.tokenLastCharacters),
    isActive: plainBoolean(out.isActive),
    createdAt: plainString(out.createdAt),
    rotateAt: plainString(out.rotateAt),
    rotateEvery: plainString(out.rotateEvery),
    rotationWindow: plainRecord(out.rotationWindow),
  });
}

function pairKeys(base: Base, resource: StateResource, sinks: SinkDelivery[]): ManagedKey[] {
  const out = resource.outputs;
  const rotateEvery = plainString(out.rotateEvery);
  const rotationWindow = plainRecord(out.rotationWindow);
  const keyOf = (value: unknown) => {
    const key = plainRecord(value);
    return dropUndefined({
      keyId: plainString(key?.keyId),
      projectId: plainNumber(key?.projectId),
      isActive: plainBoolean(key?.isActive),
      createdAt: plainString(key?.createdAt),
    });
  };
  const current = plainRecord(out.current);
  const previous = plainRecord(out.previous);
  const keys: ManagedKey[] = [];
  if (current) {
    const rotateAt = plainString(current.rotateAt);
    keys.push({
      ...base,
      ...keyOf(current),
      ...(rotateAt ? { rotateAt } : {}),
      ...(rotateEvery ? { rotateEvery } : {}),
      ...(rotationWindow ? { rotationWindow } : {}),
      sinks,
    });
  }
  if (previous) {
    keys.push({
      ...base,
      ...keyOf(previous),
      role: base.role === "pending-delete" ? base.role : "previous",
      ...dropUndefined({
        deactivateAt: plainString(previous.deactivateAt),
        deleteAt: plainString(previous.deleteAt),
      }),
      sinks: [],
    });
  }
  for (const keyId of plainStrings(out.retiring)) {
    const role = base.role === "pending-delete" ? base.role : "retiring";
    keys.push({ ...base, role, keyId, sinks: [] });
  }
  return keys;
}

// Receipts name the key's URN; sink components without receipts (older stacks) share its parent.
function sinksByKeyUrn(resources: StateResource[]): Map<string, SinkDelivery[]> {
  const byKey = new Map<string, SinkDelivery[]>();
  const add = (urn: string, delivery: SinkDelivery) =>
    byKey.set(urn, [...(byKey.get(urn) ?? []), delivery]);
  for (const r of resources) {
    if (r.type !== TYPE_TOKENS.SinkReceipt || r.pendingDelete) continue;
    const keyUrn = plainString(r.outputs.auditUrn);
    const sink = plainString(r.outputs.sink);
    if (!keyUrn || !sink) continue;
    add(keyUrn, {
      sink,
      ...dropUndefined({
        keyId: plainString(r.outputs.keyId),
        deliveredAt: plainString(r.outputs.deliveredAt),
      }),
    });
  }
  for (const key of resources) {
    if (!key.custom || key.pendingDelete || !key.parent || byKey.has(key.urn)) continue;
    if (!isKeyType(key.type)) continue;
    const sinkComponents = resources.filter(
      (r) => !r.custom && r.parent === key.parent && /^sentry-rotation:index:\w+Sink$/.test(r.type),
    );
    for (const component of sinkComponents) {
      add(key.urn, {
        sink: `${component.type.split(":").pop()} ${component.urn.split("::").pop()}`,
      });
    }
  }
  return byKey;
}

function isKeyType(type: string): boolean {
  return (
    type === TYPE_TOKENS.ClientKey ||
    type === TYPE_TOKENS.ClientKeyPair ||
    type === TYPE_TOKENS.OrgAuthToken
  );
}

function dropUndefined<T extends Record<string, unknown>>(record: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(record).filter(([, v]) => v !== undefined),
  ) as Partial<T>;
}
