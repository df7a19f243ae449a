import { isDeepStrictEqual } from "node:util";
import type { AuditReason } from "./audit/event";
import { rotateAt } from "./rotation";
import { containsUnknown } from "./unknown";

/** What the provider's diff tells the engine, plus the human reasons for the log. */
export interface DiffDecision {
  /** Whether anything changes (must be true whenever `replaces` is non-empty). */
  changes: boolean;
  /** Properties whose change needs a new key; "rotateAt" when the rotation is due. */
  replaces: string[];
  /** One sentence per replacement or update, for the preview output. */
  reasons: string[];
  /** Why a new key is made, for the audit trail (absent when none is). */
  reason?: AuditReason;
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

/** Rotation state seen by diff: due (with the instant it became due), or not. */
export interface DueCheck {
  due: boolean;
  rotateAt?: string;
}

/** Whether a resource created at `createdAt` and rotating every `rotateEvery` is due at `now`. */
export function dueAt(createdAt: unknown, rotateEvery: unknown, now: Date): DueCheck {
  if (typeof createdAt !== "string" || typeof rotateEvery !== "string") return { due: false };
  if (containsUnknown(rotateEvery)) return { due: false };
  const at = rotateAt(createdAt, rotateEvery);
  return { due: now.getTime() >= at.getTime(), rotateAt: at.toISOString() };
}

/** Builds the decision from the fields that force replacement and those updated in place. */
export function decide(
  replaceFields: string[],
  updateFields: string[],
  due: DueCheck,
  now: Date,
): DiffDecision {
  const replaces = [...replaceFields];
  const reasons = replaceFields.map((field) => `${field} changed: a new key replaces the old one`);
  if (due.due) {
    replaces.push("rotateAt");
    reasons.unshift(
      `rotation due: rotateAt ${due.rotateAt} has passed (now ${now.toISOString()}): a new key replaces the old one`,
    );
  }
  if (replaces.length === 0 && updateFields.length > 0) {
    reasons.push(`updated in place: ${updateFields.join(", ")}`);
  }
  return {
    changes: replaces.length > 0 || updateFields.length > 0,
    replaces,
    reasons,
    ...(replaces.length > 0 ? { reason: auditReason(replaces) } : {}),
  };
}

function auditReason(replaces: string[]): AuditReason {
  if (replaces.includes("rotateAt")) return "expired";
  return replaces.includes("rotationTriggers") ? "trigger-changed" : "manual";
}

/** Whether a key is overdue: past its rotateAt by more than the grace. */
export function isOverdue(rotateAtIso: unknown, grace: string, now: Date): boolean {
  if (typeof rotateAtIso !== "string") return false;
  return now.getTime() > rotateAt(rotateAtIso, grace).getTime();
}
