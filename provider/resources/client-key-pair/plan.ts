import { isDeepStrictEqual } from "node:util";
import {
  changedFields,
  fieldsOfClass,
  windowWaitSentence,
  type DiffClasses,
  type DiffDecision,
} from "../../diff-helpers";
import { afterPeriod, rotationDueAt, rotationStatus } from "../../rotation";
import { containsUnknown } from "../../unknown";
import { CLIENT_KEY_DIFF_CLASSES } from "../client-key/diff";
import { type ClientKeyPairInputs, type ClientKeyPairOutputs } from "./types";

/** How a change of each ClientKeyPair input is applied: as for a ClientKey, except as noted. */
export const PAIR_DIFF_CLASSES = {
  ...CLIENT_KEY_DIFF_CLASSES,
  // A trigger rotates the pair in place (see planPair), it does not replace it.
  rotationTriggers: "own-rule",
  // Applied to the schedule.
  overlap: "update",
  // Applied when the previous key's overlap ends.
  retirement: "update",
  // A new value removes the previous key now (see planPair).
  revokePrevious: "own-rule",
} as const satisfies DiffClasses<ClientKeyPairInputs, "auditUrn">;

/** Inputs whose change needs a whole new pair. */
export const PAIR_REPLACE_FIELDS = fieldsOfClass(PAIR_DIFF_CLASSES, "replace");
/** Inputs applied in place to the current key (or, for the periods, to the schedule). */
export const PAIR_UPDATE_FIELDS = fieldsOfClass(PAIR_DIFF_CLASSES, "update");

/** What an update of a pair has to do, in order. Pure, so diff and update agree. */
export interface PairPlan {
  /** The first key, whose create Sentry never confirmed: found or made under this id. */
  confirm?: string;
  /** Why a new current key is made now, if it is. */
  rotate?: "due" | "trigger-changed" | "current-missing";
  /** The previous key's overlap is over: deactivate it (once quiet, with a retirement gate). */
  deactivatePrevious: boolean;
  /**
   * `revokePrevious` has a new value and there is (or this run's rotation makes) a previous key:
   * remove it now, ignoring the overlap and the usage gate.
   */
  revoke: boolean;
  /** `revokePrevious` changed with nothing to revoke: only the state records the new value. */
  recordRevoke: boolean;
  /** Keys whose removal is still pending from an earlier run. */
  retire: string[];
}

/** Works out what the pair needs at `now`. */
export function planPair(
  olds: ClientKeyPairOutputs,
  news: ClientKeyPairInputs,
  now: Date,
): PairPlan {
  const revokeChanged = !isDeepStrictEqual(olds.revokePrevious, news.revokePrevious);
  if (olds.current.unconfirmed) {
    return {
      confirm: olds.current.keyId,
      deactivatePrevious: false,
      revoke: false,
      recordRevoke: revokeChanged,
      retire: olds.retiring ?? [],
    };
  }
  const rotate = rotationReason(olds, news, now);
  const hasPrevious =
    olds.previous !== undefined || (rotate !== undefined && !olds.current.missing);
  const revoke = revokeChanged && news.revokePrevious !== undefined && hasPrevious;
  return {
    rotate,
    deactivatePrevious:
      !revoke &&
      olds.previous !== undefined &&
      olds.previous.isActive &&
      now.getTime() >= deactivateAt(olds, news).getTime(),
    revoke,
    recordRevoke: revokeChanged && !revoke,
    retire: olds.retiring ?? [],
  };
}

function rotationReason(
  olds: ClientKeyPairOutputs,
  news: ClientKeyPairInputs,
  now: Date,
): PairPlan["rotate"] {
  if (olds.current.missing) return "current-missing";
  if (!isDeepStrictEqual(olds.rotationTriggers, news.rotationTriggers)) return "trigger-changed";
  return pairRotation(olds, news, now)?.due ? "due" : undefined;
}

function pairRotation(olds: ClientKeyPairOutputs, news: ClientKeyPairInputs, now: Date) {
  return rotationStatus(olds.current.createdAt, news.rotateEvery, now, news.rotationWindow);
}

// The overlap counts from the current key's creation, with the overlap as it is now configured.
function deactivateAt(olds: ClientKeyPairOutputs, news: ClientKeyPairInputs): Date {
  if (containsUnknown(news.overlap)) return new Date(olds.previous?.deactivateAt ?? 0);
  return afterPeriod(olds.current.createdAt, news.overlap, "overlap");
}

/** The diff of a pair: replace for a new project, otherwise in-place steps with their reasons. */
export function diffClientKeyPair(
  olds: ClientKeyPairOutputs,
  news: ClientKeyPairInputs,
  now: Date,
): DiffDecision {
  const replaces = changedFields({ ...olds }, { ...news }, PAIR_REPLACE_FIELDS);
  if (replaces.length > 0) {
    return {
      changes: true,
      replaces,
      reasons: replaces.map((field) => `${field} changed: a new pair of keys replaces this one`),
    };
  }
  const plan = planPair(olds, news, now);
  const updates = changedFields({ ...olds }, { ...news }, PAIR_UPDATE_FIELDS);
  // As for a single key: an omitted loader version means "as Sentry has it".
  const sdk = news.browserSdkVersion;
  if (sdk !== undefined && sdk !== olds.current.currentBrowserSdkVersion) {
    updates.push("browserSdkVersion");
  }
  const reasons = [
    ...(plan.confirm
      ? [`finishing the creation of key ${plan.confirm}, which Sentry never confirmed`]
      : []),
    ...(plan.rotate ? [rotationSentence(plan.rotate, olds, news, plan.revoke)] : []),
    ...(plan.deactivatePrevious ? [deactivationSentence(olds, news)] : []),
    ...(plan.revoke ? [revokeSentence(plan, olds, news)] : []),
    ...(plan.recordRevoke ? ["revokePrevious changed: there is no previous key to revoke"] : []),
    ...(plan.retire.length ? [`finishing the removal of ${plan.retire.join(", ")}`] : []),
    ...(updates.length ? [`updated in place: ${updates.join(", ")}`] : []),
  ];
  const reason = plan.rotate ? AUDIT_REASON[plan.rotate] : undefined;
  // A due key outside its window changes nothing now; the preview still says why and until when.
  const rotation = plan.confirm || plan.rotate ? undefined : pairRotation(olds, news, now);
  const waiting = rotation ? windowWaitSentence(rotation, now) : undefined;
  return {
    changes: reasons.length > 0,
    replaces: [],
    ...(updates.length > 0 ? { updates } : {}),
    reasons: waiting ? [waiting, ...reasons] : reasons,
    ...(reason ? { reason } : {}),
  };
}

/** The audit reason of each cause of rotation. */
export const AUDIT_REASON = {
  due: "expired",
  "trigger-changed": "trigger-changed",
  "current-missing": "drift",
} as const;

function deactivationSentence(olds: ClientKeyPairOutputs, news: ClientKeyPairInputs): string {
  const keyId = olds.previous?.keyId;
  const hold = olds.previous?.retirementHold;
  if (hold) {
    return `previous key ${keyId} held since ${hold.since} (still in use): its usage is read again; it is deactivated once quiet for ${news.retirement?.quietPeriod ?? "its quiet period"}, or at ${hold.until} at the latest`;
  }
  return news.retirement
    ? `overlap over: previous key ${keyId} will be deactivated unless Sentry shows error events with it in the last ${news.retirement.quietPeriod} (then its retirement is held)`
    : `overlap over: previous key ${keyId} will be deactivated`;
}

function revokeSentence(
  plan: PairPlan,
  olds: ClientKeyPairOutputs,
  news: ClientKeyPairInputs,
): string {
  const keyId = plan.rotate ? olds.current.keyId : olds.previous?.keyId;
  const how = news.onReplace === "deactivate" ? "deactivated" : "deleted";
  return `revokePrevious changed: ${plan.rotate ? "after the rotation, " : ""}previous key ${keyId} will be ${how} now, ignoring the overlap and any usage`;
}

function rotationSentence(
  reason: NonNullable<PairPlan["rotate"]>,
  olds: ClientKeyPairOutputs,
  news: ClientKeyPairInputs,
  revoked: boolean,
): string {
  const then = olds.previous ? `; previous key ${olds.previous.keyId} will be removed` : "";
  const stays = revoked ? "is revoked (below)" : `stays valid for ${news.overlap}`;
  const keep = `a new key becomes current and ${olds.current.keyId} ${stays}${then}`;
  switch (reason) {
    case "due":
      return `rotation due: rotateAt ${rotationDueAt(olds.current.createdAt, news.rotateEvery).toISOString()} has passed: ${keep}`;
    case "trigger-changed":
      return `rotationTriggers changed: ${keep}`;
    case "current-missing":
      return `current key ${olds.current.keyId} was deleted in Sentry: a new key becomes current`;
  }
}
