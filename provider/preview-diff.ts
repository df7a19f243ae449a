/**
 * What `pulumi preview --diff` shows for a key resource: the inputs that changed, the outputs a
 * rotation changes (old value, then unknown until apply), and the story under `rotation`: why it
 * rotates and what happens to which key, one line each. Pure.
 *
 * The engine shows a detailed diff's old value from the state's outputs and its new value from the
 * new inputs (pkg/engine/detailedDiff.go). Outputs are no inputs, so the resource classes send every
 * output as unknown during preview (`outputsForPreview`); the story's lines are keys under the
 * `rotation` output, shown as `+ <line>: [unknown]`.
 */
import type { DetailedDiff, PropertyDiffKind } from "./diff-helpers";

/** Why and how a resource's keys change, for the preview. */
export interface PreviewStory {
  /** Why, one line each (shown as `because: <line>`). */
  causes: string[];
  /** What happens to which key, in order (shown as `step <n>: <line>`). */
  steps: string[];
  /** Output paths whose value changes (e.g. `keyId`, `current.keyId`). */
  outputs: string[];
  /** Whether the change is a replacement (the outputs are marked so). */
  replace: boolean;
}

/** The inputs that changed, by field, and which of them force a replacement. */
export interface InputChanges {
  fields: string[];
  replace: string[];
}

/** The detailed diff of a decision: changed inputs, changed outputs, and the story's lines. */
export function previewDiff(
  olds: Record<string, unknown>,
  news: Record<string, unknown>,
  inputs: InputChanges,
  story?: PreviewStory,
): DetailedDiff {
  const detail: DetailedDiff = {};
  for (const field of inputs.fields) {
    const kind: PropertyDiffKind =
      olds[field] === undefined ? "add" : news[field] === undefined ? "delete" : "update";
    detail[field] = { kind: withReplace(kind, inputs.replace.includes(field)), inputDiff: true };
  }
  if (!story) return detail;
  const anchored = typeof olds.rotation === "string";
  // The story's lines hang under `rotation`: its own value is not shown beside them.
  for (const path of story.outputs.filter((p) => !(anchored && p === "rotation"))) {
    // An output the state does not hold yet appears rather than changes.
    const kind = valueAt(olds, path) === undefined ? "add" : "update";
    detail[path] = { kind: withReplace(kind, story.replace), inputDiff: false };
  }
  // Lines hang under the `rotation` output, sorted as the engine shows keys; a state written
  // before that output existed gets them as top-level keys, which the engine shows with no value.
  const lines = [
    ...story.causes.map((cause) => `because: ${cause}`),
    ...story.steps.map((step, index) => `step ${index + 1}: ${step}`),
  ];
  for (const line of lines) {
    detail[anchored ? `rotation["${quoted(line)}"]` : `rotation: ${bare(line)}`] = {
      kind: "add",
      inputDiff: false,
    };
  }
  return detail;
}

/** `{ detailedDiff }` when there is any detail, else nothing (a decision without detail stays as it was). */
export function detailed(detail: DetailedDiff): { detailedDiff?: DetailedDiff } {
  return Object.keys(detail).length > 0 ? { detailedDiff: detail } : {};
}

/** An instant as the story prints it: ISO 8601 without milliseconds. */
export function instant(iso: string | Date): string {
  return new Date(iso).toISOString().replace(/\.\d{3}Z$/, "Z");
}

/**
 * The `rotation` output: the schedule in words, e.g. `next at 2027-03-01T00:00:00Z (rotateEvery
 * 90d)`. Absent a period, `never: no rotateEvery`.
 */
export function scheduleText(rotateAt: string | undefined, settings: string[]): string {
  return rotateAt === undefined
    ? "never: no rotateEvery"
    : `next at ${instant(rotateAt)} (${settings.join(", ")})`;
}

/**
 * The resource's declared outputs as the program registers them: unknown during preview, so the
 * engine shows a changed output as `<old> => [unknown]`; absent (undefined) otherwise.
 */
export function outputsForPreview<T extends Record<string, undefined>>(
  outputs: T,
  dryRun: boolean,
  unknown: unknown,
): Record<keyof T, unknown> {
  return Object.fromEntries(
    Object.keys(outputs).map((name) => [name, dryRun ? unknown : undefined]),
  ) as Record<keyof T, unknown>;
}

function valueAt(record: Record<string, unknown>, path: string): unknown {
  let value: unknown = record;
  for (const part of path.split(".")) {
    value =
      value !== null && typeof value === "object"
        ? (value as Record<string, unknown>)[part]
        : undefined;
  }
  return value;
}

function withReplace(kind: PropertyDiffKind, replace: boolean): PropertyDiffKind {
  return replace && !kind.endsWith("-replace") ? (`${kind}-replace` as PropertyDiffKind) : kind;
}

// A line inside `["..."]` of a property path: no quote or backslash.
function quoted(line: string): string {
  return line.replace(/["\\]/g, "'");
}

// A line as a path of its own: nothing the engine would read as a path separator.
function bare(line: string): string {
  return line.replace(/[.[\]"\\]/g, " ");
}
