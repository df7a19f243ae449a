import { isDeepStrictEqual } from "node:util";
import type { AuditReason } from "./audit/event";
import { instant, previewDiff } from "./preview-diff";
import { afterPeriod, type RotationStatus } from "./rotation";
import { resolveConnection, type Connection } from "./settings";
import { containsUnknown } from "./unknown";

/** What the provider's diff tells the engine, plus the human reasons for the log. */
export interface DiffDecision {
  /** Whether anything changes (must be true whenever `replaces` is non-empty). */
  changes: boolean;
  /**
   * Properties whose change needs a new key; "rotateAt" (the output of the same name) when the
   * rotation is due, which is what `pulumi preview` shows as the replacement's cause.
   */
  replaces: string[];
  /** Inputs changed in place (for a plugin's detailed diff). */
  updates?: string[];
  /** One sentence per replacement or update, for the preview output. */
  reasons: string[];
  /** Why a new key is made, for the audit trail (absent when none is). */
  reason?: AuditReason;
  /** The old resource must go before its replacement is made (it holds no usable key). */
  deleteBeforeReplace?: boolean;
  /**
   * What `pulumi preview --diff` shows, by property path: the inputs that changed, and the outputs
   * a rotation changes (which key becomes current, which previous, which are retired, and why).
   */
  detailedDiff?: DetailedDiff;
}

/** How one property changes, as the engine's detailed diff names it. */
export type PropertyDiffKind =
  "add" | "add-replace" | "delete" | "delete-replace" | "update" | "update-replace";

/**
 * One entry of a detailed diff: the engine shows the old value from the state's outputs (or, with
 * `inputDiff`, its inputs) and the new one from the new inputs, which for an output a rotation
 * changes is unknown during preview.
 */
export interface PropertyDiff {
  kind: PropertyDiffKind;
  inputDiff: boolean;
}

/** A detailed diff, by property path (`current.keyId`, `retiring[0]`). */
export type DetailedDiff = Record<string, PropertyDiff>;

/**
 * How a change of one input is applied: a new key ("replace"), in place ("update"), by a rule of
 * the kind's own diff ("own-rule"), or never after the first create ("create-only").
 */
export type DiffClass = "replace" | "update" | "own-rule" | "create-only";

/**
 * The diff class of every input of a kind, typed against its inputs interface (`satisfies`), so a
 * new input does not compile without one. `Except` names inputs no user writes (the audit URN).
 */
export type DiffClasses<Inputs, Except extends keyof Inputs = never> = {
  readonly [Field in Exclude<keyof Inputs, Except>]-?: DiffClass;
};

/** The inputs of one class, in the table's order. */
export function fieldsOfClass<Table extends Readonly<Record<string, DiffClass>>>(
  table: Table,
  wanted: DiffClass,
): Array<Extract<keyof Table, string>> {
  return (Object.keys(table) as Array<Extract<keyof Table, string>>).filter(
    (field) => table[field] === wanted,
  );
}

/** The fields among `fields` whose new value differs from the old (an unknown value differs). */
export function changedFields(
  olds: Record<string, unknown>,
  news: Record<string, unknown>,
  fields: readonly string[],
): string[] {
  return fields.filter(
    (field) => containsUnknown(news[field]) || !isDeepStrictEqual(olds[field], news[field]),
  );
}

/** Builds the decision from the fields that force replacement and those updated in place. */
export function decide(
  replaceFields: string[],
  updateFields: string[],
  rotation: RotationStatus | undefined,
  now: Date,
): DiffDecision {
  const replaces = [...replaceFields];
  const reasons = replaceFields.map((field) => `${field} changed: a new key replaces the old one`);
  if (rotation?.due) {
    replaces.push("rotateAt");
    reasons.unshift(
      `rotation due: rotateAt ${rotation.rotateAt} has passed (now ${now.toISOString()}): a new key replaces the old one`,
    );
  }
  const waiting = rotation ? windowWaitSentence(rotation, now) : undefined;
  if (waiting) reasons.unshift(waiting);
  if (replaces.length === 0 && updateFields.length > 0) {
    reasons.push(`updated in place: ${updateFields.join(", ")}`);
  }
  return {
    changes: replaces.length > 0 || updateFields.length > 0,
    replaces,
    ...(updateFields.length > 0 ? { updates: [...updateFields] } : {}),
    reasons,
    ...(replaces.length > 0 ? { reason: auditReason(replaces) } : {}),
  };
}

/**
 * Why a key is replaced, one preview line each: `due since <when> (rotateEvery 90d)` when the
 * rotation is due, then `<field> changed` for each input that needs a new key.
 */
export function replacementCauses(
  replaceFields: string[],
  rotation: RotationStatus | undefined,
  rotateEvery: string | undefined,
): string[] {
  return [
    ...(rotation?.due
      ? [`due since ${instant(rotation.rotateAt)} (rotateEvery ${rotateEvery})`]
      : []),
    ...replaceFields.map((field) => `${field} changed`),
  ];
}

function auditReason(replaces: string[]): AuditReason {
  if (replaces.includes("rotateAt")) return "expired";
  return replaces.includes("rotationTriggers") ? "trigger-changed" : "manual";
}

/**
 * The preview's sentence for a key that is due but outside its rotation window (nothing changes
 * now); undefined for any other key.
 */
export function windowWaitSentence(rotation: RotationStatus, now: Date): string | undefined {
  if (rotation.due || !rotation.waitsForWindowAt) return undefined;
  return `due, waits for the window opening at ${rotation.waitsForWindowAt}: rotateAt ${rotation.rotateAt} has passed (now ${now.toISOString()}), outside rotationWindow ${rotation.window ?? ""}; no new key until then`;
}

/**
 * Whether a key is overdue: past the first instant it could rotate (its rotateAt, or the first
 * window opening after it) by more than the grace.
 */
export function isOverdue(rotation: RotationStatus, grace: string, now: Date): boolean {
  return now.getTime() > afterPeriod(rotation.rotatableAt, grace, "overdueGrace").getTime();
}

/**
 * What a change of a resource's `connection` needs: another Sentry URL (an absent connection
 * means the stack's, `stackUrl`) is another server, so a new key there ("replace"; the old one is
 * removed through the old state's connection); a new token or organization default is stored in
 * place ("update"). Pure; never looks at the token beyond equality.
 */
export function connectionChange(
  olds: Connection | undefined,
  news: Connection | undefined,
  stackUrl: string,
): "replace" | "update" | undefined {
  const urlOf = (connection: Connection | undefined) =>
    connection === undefined || connection === null
      ? stackUrl
      : containsUnknown(connection.url)
        ? connection.url
        : resolveConnection(connection, NO_CONFIG, {}).url;
  const [oldUrl, newUrl] = [urlOf(olds), urlOf(news)];
  if (containsUnknown(newUrl) || oldUrl !== newUrl) return "replace";
  return isDeepStrictEqual(olds, news) ? undefined : "update";
}

/**
 * The kind's decision with what a change of `connection` adds (see `connectionChange`), given the
 * old state and the new inputs.
 */
export function withConnectionChange(
  decision: DiffDecision,
  olds: Record<string, unknown>,
  news: Record<string, unknown>,
  stackUrl: string,
): DiffDecision {
  const before = olds.connection as Connection | undefined;
  const after = news.connection as Connection | undefined;
  const change = connectionChange(before, after, stackUrl);
  if (change === undefined) return decision;
  const replace = change === "replace";
  // The connection is a secret: the preview shows it changed, as [secret].
  const detailedDiff = {
    ...decision.detailedDiff,
    ...previewDiff(
      olds,
      news,
      { fields: ["connection"], replace: replace ? ["connection"] : [] },
      replace ? { causes: ["connection url changed"], steps: [], outputs: [], replace } : undefined,
    ),
  };
  if (replace) {
    return {
      ...decision,
      detailedDiff,
      changes: true,
      replaces: [...decision.replaces, "connection"],
      reasons: [
        ...decision.reasons,
        "connection url changed: a new key is made in that Sentry, then the old one is removed from the one it was in",
      ],
      reason: decision.reason ?? "manual",
    };
  }
  return {
    ...decision,
    detailedDiff,
    changes: true,
    updates: [...(decision.updates ?? []), "connection"],
    reasons: [
      ...decision.reasons,
      "connection updated in place (token or organization): no new key",
    ],
  };
}

const NO_CONFIG = { get: () => undefined };
