/** Pure transformations of a pair's state: which key is current, previous, or being retired. */
import { randomBytes } from "node:crypto";
import { scheduleText } from "../../preview-diff";
import { afterPeriod, rotationDueAt } from "../../rotation";
import type { ProjectKey } from "../../sentry";
import { pickDsnForms } from "../../sentry/dsn-forms";
import { type ClientKeyInputs, type ClientKeyOutputs } from "../client-key/types";
import {
  type ClientKeyPairInputs,
  type ClientKeyPairOutputs,
  type CurrentKey,
  type PairKey,
  type PreviousKey,
} from "./types";

/** A new id for a pair: `org/project/pair-<random>` (the pair outlives each of its keys). */
export function newPairId(organization: string, project: string): string {
  return `${organization}/${project}/pair-${randomBytes(6).toString("hex")}`;
}

/** Splits a pair id into its organization and project. */
export function parsePairId(id: string): { organization: string; project: string } {
  // A pair made from a ClientKey (overlap added) keeps that resource's id, `org/project/<keyId>`.
  const match = /^([^/]+)\/([^/]+)\/(?:pair-[0-9a-f]+|[0-9a-f]{32})$/.exec(id);
  if (!match) {
    throw new Error(
      `"${id}" is not a client key pair id: expected "<org>/<project>/pair-<hex>" (or "<org>/<project>/<keyId>" for a pair switched from a ClientKey).`,
    );
  }
  return { organization: match[1] as string, project: match[2] as string };
}

/** The non-secret view of a Sentry key, with the DSN forms named in `dsnForms`. */
export function pairKey(
  key: ProjectKey,
  dsnForms: readonly string[] | undefined,
  knownCreatedAt?: string,
): PairKey {
  return {
    keyId: key.id,
    dsnPublic: key.dsn.public,
    dsnCsp: key.dsn.csp,
    dsn: pickDsnForms(key.dsn, dsnForms),
    projectId: key.projectId,
    isActive: key.isActive,
    createdAt: key.dateCreated ?? knownCreatedAt ?? new Date().toISOString(),
    currentBrowserSdkVersion: key.browserSdkVersion,
  };
}

/** The current key's view, with its rotation instant. */
export function currentKey(key: PairKey, inputs: ClientKeyPairInputs): CurrentKey {
  return { ...key, rotateAt: rotationDueAt(key.createdAt, inputs.rotateEvery).toISOString() };
}

/** The state with `key` as its current key. */
export function withCurrent(
  state: Omit<
    ClientKeyPairOutputs,
    "current" | "secretKey" | "dsnSecret" | "nextRotationAt" | "rotation"
  >,
  key: ProjectKey,
  inputs: ClientKeyPairInputs,
): ClientKeyPairOutputs {
  const current = currentKey(pairKey(key, inputs.dsnForms), inputs);
  return {
    ...state,
    ...inputs,
    current,
    secretKey: key.secret,
    dsnSecret: key.dsn.secret,
    nextRotationAt: current.rotateAt,
    rotation: pairSchedule(current, inputs),
  };
}

/** The pair's `rotation` output: when its current key rotates, with the period and the overlap. */
export function pairSchedule(current: CurrentKey, inputs: ClientKeyPairInputs): string {
  return scheduleText(current.rotateAt, [
    `rotateEvery ${inputs.rotateEvery}`,
    `overlap ${inputs.overlap}`,
  ]);
}

/**
 * The state after a rotation to `created`: the former current key becomes previous (valid until
 * the overlap ends), the former previous key is queued for removal.
 */
export function rotated(
  olds: ClientKeyPairOutputs,
  news: ClientKeyPairInputs,
  created: ProjectKey,
): ClientKeyPairOutputs {
  const { previous: _p, previousDsnSecret: _s, ...rest } = olds;
  const retiring = [...olds.retiring, ...(olds.previous ? [olds.previous.keyId] : [])];
  const next = withCurrent({ ...rest, retiring }, created, news);
  if (olds.current.missing) return next;
  return {
    ...next,
    previous: previousKey(olds.current, next.current, news),
    previousDsnSecret: olds.dsnSecret,
  };
}

function previousKey(
  former: PairKey,
  successor: PairKey,
  inputs: ClientKeyPairInputs,
): PreviousKey {
  const { rotateAt: _r, missing: _m, unconfirmed: _u, ...key } = former as CurrentKey;
  return {
    ...key,
    deactivateAt: afterPeriod(successor.createdAt, inputs.overlap, "overlap").toISOString(),
    deleteAt: rotationDueAt(successor.createdAt, inputs.rotateEvery).toISOString(),
  };
}

/**
 * The state of a pair whose first key Sentry may have made without confirming it: the key's id
 * alone, enough for the next run to find the key or make it under that id.
 */
export function unconfirmedPair(
  inputs: ClientKeyPairInputs,
  keyId: string,
): Record<string, unknown> {
  return { ...inputs, retiring: [], current: { keyId, unconfirmed: true } };
}

/** A pair's inputs as a single key's (the overlap is the pair's business). */
export function asKeyInputs(inputs: ClientKeyPairInputs): ClientKeyInputs {
  const { overlap: _overlap, ...rest } = inputs;
  return rest;
}

/** The current key of a pair as a single key's state, to compute in-place changes. */
export function asKeyOutputs(state: ClientKeyPairOutputs): ClientKeyOutputs {
  return {
    ...asKeyInputs(state),
    keyId: state.current.keyId,
    publicKey: state.current.keyId,
    secretKey: state.secretKey,
    dsnPublic: state.current.dsnPublic,
    dsnSecret: state.dsnSecret,
    dsnCsp: state.current.dsnCsp,
    dsn: state.current.dsn,
    projectId: state.current.projectId,
    createdAt: state.current.createdAt,
    currentBrowserSdkVersion: state.current.currentBrowserSdkVersion,
  };
}
