import { isDeepStrictEqual } from "node:util";
import {
  changedFields,
  replacementCauses,
  fieldsOfClass,
  windowWaitSentence,
  type DiffClasses,
  type DiffDecision,
} from "../../diff-helpers";
import { detailed, instant, previewDiff, type PreviewStory } from "../../preview-diff";
import { afterPeriod, rotationDueAt, rotationStatus } from "../../rotation";
import { containsUnknown } from "../../unknown";
import { CLIENT_KEY_DIFF_CLASSES, retiredAs } from "../client-key/diff";
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
      ...detailed(
        previewDiff(
          { ...olds },
          { ...news },
          { fields: replaces, replace: replaces },
          {
            causes: replacementCauses(replaces, undefined, news.rotateEvery),
            steps: [
              "a new pair of keys replaces this one",
              `${pairKeyIds(olds).length > 1 ? "keys" : "key"} ${pairKeyIds(olds).join(", ")} then ${pairKeyIds(olds).length > 1 ? "are" : "is"} ${retiredAs(olds.onReplace)}`,
            ],
            outputs: ["current.keyId", "nextRotationAt", "rotation"],
            replace: true,
          },
        ),
      ),
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
  const inputs = [
    ...(plan.rotate === "trigger-changed" ? ["rotationTriggers"] : []),
    ...(plan.revoke || plan.recordRevoke ? ["revokePrevious"] : []),
    ...updates,
  ];
  return {
    changes: reasons.length > 0,
    replaces: [],
    ...(updates.length > 0 ? { updates } : {}),
    reasons: waiting ? [waiting, ...reasons] : reasons,
    ...(reason ? { reason } : {}),
    ...detailed(
      previewDiff(
        { ...olds },
        { ...news },
        { fields: inputs, replace: [] },
        pairStory(plan, olds, news, now),
      ),
    ),
  };
}

/** What the preview shows of a pair's steps: which key becomes current, previous, retired, and why. */
function pairStory(
  plan: PairPlan,
  olds: ClientKeyPairOutputs,
  news: ClientKeyPairInputs,
  now: Date,
): PreviewStory | undefined {
  const causes: string[] = [];
  const steps: string[] = [];
  const outputs: string[] = [];
  const current = olds.current.keyId;
  if (plan.confirm) {
    causes.push(`the create of key ${plan.confirm} was never confirmed by Sentry`);
    steps.push(`key ${plan.confirm} is found, or made under that id`);
    outputs.push("current.dsnPublic", "current.createdAt");
  } else if (plan.rotate) {
    const status = pairRotation(olds, news, now);
    causes.push(
      plan.rotate === "due"
        ? `due since ${instant(status?.rotateAt ?? olds.current.rotateAt)} (rotateEvery ${news.rotateEvery})`
        : plan.rotate === "trigger-changed"
          ? "rotationTriggers changed"
          : `current key ${current} was deleted in Sentry`,
    );
    steps.push("a new key becomes current and reaches the sinks");
    if (plan.rotate !== "current-missing") {
      steps.push(
        plan.revoke
          ? `key ${current} becomes previous`
          : `key ${current} becomes previous, valid for ${news.overlap}`,
      );
    }
    if (olds.previous) steps.push(`key ${olds.previous.keyId} is ${retiredAs(news.onReplace)}`);
    outputs.push(...ROTATED_OUTPUTS, "previous.keyId");
  } else if (plan.deactivatePrevious && olds.previous) {
    causes.push(`overlap over: ${news.overlap} since key ${current} became current`);
    steps.push(
      news.retirement
        ? `previous key ${olds.previous.keyId} is deactivated once Sentry shows no error events with it in the last ${news.retirement.quietPeriod} (else its retirement is held)`
        : `previous key ${olds.previous.keyId} is deactivated`,
    );
    outputs.push("previous.isActive");
  }
  if (plan.revoke) {
    const revoked = plan.rotate ? current : olds.previous?.keyId;
    causes.push("revokePrevious changed");
    steps.push(
      `previous key ${revoked} is ${retiredAs(news.onReplace)} now, ignoring the overlap and any usage`,
    );
    outputs.push(news.onReplace === "deactivate" ? "previous.isActive" : "previous.keyId");
  }
  for (const keyId of plan.retire) {
    if (causes.length === 0) causes.push("an earlier run did not finish removing old keys");
    steps.push(`key ${keyId} is ${retiredAs(news.onReplace)}`);
  }
  if (plan.retire.length > 0) outputs.push("retiring");
  return steps.length > 0 ? { causes, steps, outputs, replace: false } : undefined;
}

// What a new current key changes, as the preview shows it.
const ROTATED_OUTPUTS = [
  "current.keyId",
  "current.dsnPublic",
  "current.createdAt",
  "current.rotateAt",
  "nextRotationAt",
  "rotation",
];

function pairKeyIds(olds: ClientKeyPairOutputs): string[] {
  return [
    olds.current.keyId,
    ...(olds.previous ? [olds.previous.keyId] : []),
    ...(olds.retiring ?? []),
  ];
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
