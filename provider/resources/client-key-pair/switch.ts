/**
 * Switching a RotatingClientKey between its two shapes (adding or removing `overlap`): the engine
 * hands the new resource the old one's state (the component aliases the other type), and these
 * pure functions read that state as the new kind's, so the key in use stays current. Nothing is
 * created; only a pair's previous key (and keys it was still retiring) leave when `overlap` goes.
 */
import { scheduleText } from "../../preview-diff";
import { rotationDueAt } from "../../rotation";
import { type ClientKeyInputs, type ClientKeyOutputs } from "../client-key/types";
import { currentKey, pairSchedule } from "./state";
import { type ClientKeyPairInputs, type ClientKeyPairOutputs } from "./types";

/** Whether a state is a pair's (it has a `current` key), not a single ClientKey's. */
export function isPairState(state: object): state is ClientKeyPairOutputs {
  const current = (state as { current?: unknown }).current;
  return typeof current === "object" && current !== null;
}

/** Whether a state is a single ClientKey's that holds a key (the start of a switch to a pair). */
export function isSingleKeyState(state: object): state is ClientKeyOutputs {
  return !isPairState(state) && typeof (state as { keyId?: unknown }).keyId === "string";
}

/**
 * A ClientKey's state read as a pair's (overlap added): its key becomes the pair's current key,
 * with no previous key; the inputs stay the old ones, so the diff shows what changed.
 */
export function pairFromSingle(
  olds: ClientKeyOutputs,
  news: ClientKeyPairInputs,
): ClientKeyPairOutputs {
  const {
    keyId,
    publicKey: _publicKey,
    rotateAt: _rotateAt,
    rotation: _rotation,
    secretKey,
    dsnSecret,
    dsnPublic,
    dsnCsp,
    dsn,
    projectId,
    createdAt,
    currentBrowserSdkVersion,
    ...inputs
  } = olds;
  const current = currentKey(
    {
      keyId,
      dsnPublic,
      dsnCsp,
      dsn,
      projectId,
      isActive: olds.isActive,
      createdAt,
      currentBrowserSdkVersion,
    },
    news,
  );
  // Without `createdAt` Sentry never confirmed the key: the pair's update finds or makes it.
  const unconfirmed = createdAt ? {} : { unconfirmed: true };
  return {
    ...inputs,
    rotateEvery: olds.rotateEvery ?? news.rotateEvery,
    // The ClientKey had none: the diff shows `overlap` added.
    overlap: "",
    current: { ...current, ...unconfirmed },
    retiring: [],
    secretKey,
    dsnSecret,
    nextRotationAt: current.rotateAt,
    rotation: pairSchedule(current, news),
  };
}

/** What removing `overlap` does to a pair: its current key stays, these keys leave. */
export interface SingleFromPair {
  state: ClientKeyOutputs;
  /** The previous key and keys still being retired: removed (per `onReplace`) by the update. */
  retire: string[];
}

/** A pair's state read as a ClientKey's (overlap removed): its current key is the key. */
export function singleFromPair(olds: ClientKeyPairOutputs, news: ClientKeyInputs): SingleFromPair {
  const { current, previous, retiring } = olds;
  const rotateAt = news.rotateEvery
    ? rotationDueAt(current.createdAt, news.rotateEvery).toISOString()
    : undefined;
  const {
    overlap: _o,
    retirement: _r,
    revokePrevious: _v,
    current: _c,
    previous: _p,
    previousDsnSecret: _ps,
    retiring: _rt,
    nextRotationAt: _n,
    rotation: _t,
    ...inputs
  } = olds;
  return {
    state: {
      ...inputs,
      keyId: current.keyId,
      publicKey: current.keyId,
      dsnPublic: current.dsnPublic,
      dsnCsp: current.dsnCsp,
      dsn: current.dsn,
      projectId: current.projectId,
      isActive: current.isActive,
      createdAt: current.createdAt,
      currentBrowserSdkVersion: current.currentBrowserSdkVersion,
      ...(rotateAt ? { rotateAt } : {}),
      rotation: scheduleText(rotateAt, [`rotateEvery ${news.rotateEvery}`]),
    },
    retire: [...(previous ? [previous.keyId] : []), ...(retiring ?? [])],
  };
}

/** The audit detail of a switch, naming the key that stays current and the keys that leave. */
export function handOverDetail(keyId: string, to: "pair" | "single", retired: string[]): string {
  return to === "pair"
    ? `overlap added: key ${keyId} stays current, now in a ClientKeyPair; no new key, none removed`
    : `overlap removed: key ${keyId} stays current, now a ClientKey; no new key; the pair's older keys removed: ${retired.join(", ") || "none"}`;
}
