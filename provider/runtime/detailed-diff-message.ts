/**
 * Writes a diff's property-level detail (DiffDecision.detailedDiff) into a provider protocol
 * DiffResponse: the one writer for both hosts, the dynamic provider's (detailed-diff-bridge.ts,
 * through the host's own protobuf module) and the plugin's (plugin/server.ts).
 */
import type { DetailedDiff, PropertyDiffKind } from "../diff-helpers";

/** The DiffResponse methods the writer uses (pulumi/proto/provider_pb). */
export interface DiffResponseMessage {
  setHasdetaileddiff(value: boolean): unknown;
  getDetaileddiffMap(): { set(key: string, value: PropertyDiffMessage): unknown };
  setDiffsList(value: string[]): unknown;
}

/** The PropertyDiff methods the writer uses. */
export interface PropertyDiffMessage {
  setKind(value: number): unknown;
  setInputdiff(value: boolean): unknown;
}

/** The protobuf PropertyDiff class: its constructor and its Kind enum. */
export interface PropertyDiffClass {
  new (): PropertyDiffMessage;
  Kind: Record<KindName, number>;
}

/** The protocol's names of the kinds (PropertyDiff.Kind). */
type KindName = "ADD" | "ADD_REPLACE" | "DELETE" | "DELETE_REPLACE" | "UPDATE" | "UPDATE_REPLACE";

const KIND_NAMES = {
  add: "ADD",
  "add-replace": "ADD_REPLACE",
  delete: "DELETE",
  "delete-replace": "DELETE_REPLACE",
  update: "UPDATE",
  "update-replace": "UPDATE_REPLACE",
} as const satisfies Record<PropertyDiffKind, KindName>;

/**
 * Sets the detailed diff, `hasDetailedDiff` and the changed top-level properties (`diffs`).
 * Returns false, writing nothing, when there is no detail.
 */
export function writeDetailedDiff(
  message: DiffResponseMessage,
  detail: DetailedDiff | undefined,
  propertyDiff: PropertyDiffClass,
): boolean {
  if (!detail || Object.keys(detail).length === 0) return false;
  const map = message.getDetaileddiffMap();
  for (const [property, diff] of Object.entries(detail)) {
    const entry = new propertyDiff();
    entry.setKind(propertyDiff.Kind[KIND_NAMES[diff.kind]]);
    entry.setInputdiff(diff.inputDiff);
    map.set(property, entry);
  }
  message.setHasdetaileddiff(true);
  message.setDiffsList([...new Set(Object.keys(detail).map(topLevel))]);
  return true;
}

function topLevel(property: string): string {
  return property.split(/[.[]/, 1)[0] ?? property;
}
