import { isDeepStrictEqual } from "node:util";
import type { AuditReason } from "./audit/event";
import { afterPeriod, type RotationStatus } from "./rotation";
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
}

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
