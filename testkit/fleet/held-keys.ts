/**
 * The Sentry keys one fleet resource holds in its state, whatever its kind: a ClientKey holds one
 * key; a ClientKeyPair (a RotatingClientKey with `overlap`) holds its current key, the previous
 * key while the overlap and its deletion are pending, and the keys whose removal is unfinished.
 * Pure.
 */
import type { StateEntry } from "./engine-model";

/** The previous key of a pair, as the state records it. */
export interface HeldPrevious {
  keyId: string;
  isActive: boolean;
}

/** What one resource holds in Sentry. */
export interface HeldKeys {
  /** The key consumers get (a ClientKey's key, a pair's current key). */
  current: string;
  /** Its public DSN, as sinks receive it; undefined until Sentry confirmed the key. */
  dsnPublic: string | undefined;
  /** False while Sentry never confirmed the create of `current` (only its id is known). */
  confirmed: boolean;
  /** A pair's previous key, while there is one. */
  previous?: HeldPrevious;
  /** Keys whose removal has not been confirmed yet (a pair's `retiring`). */
  retiring: string[];
  /** Every key the state knows: current, previous, retiring. */
  all: string[];
}

/** The keys a state entry holds; a ClientKeyPair is recognised by its `current` object. */
export function heldKeys(entry: StateEntry): HeldKeys {
  const outputs = entry.outputs;
  const pairCurrent = record(outputs.current);
  if (!pairCurrent) {
    const current = String(outputs.keyId);
    return {
      current,
      dsnPublic: stringOrUndefined(outputs.dsnPublic),
      // A create Sentry never confirmed leaves the key's id and nothing Sentry said.
      confirmed: !(entry.initErrors && outputs.createdAt === undefined),
      retiring: [],
      all: [current],
    };
  }
  const current = String(pairCurrent.keyId);
  const previousRecord = record(outputs.previous);
  const previous = previousRecord
    ? { keyId: String(previousRecord.keyId), isActive: previousRecord.isActive === true }
    : undefined;
  const retiring = Array.isArray(outputs.retiring) ? outputs.retiring.map(String) : [];
  return {
    current,
    dsnPublic: stringOrUndefined(pairCurrent.dsnPublic),
    confirmed: pairCurrent.unconfirmed !== true,
    ...(previous ? { previous } : {}),
    retiring,
    all: [current, ...(previous ? [previous.keyId] : []), ...retiring],
  };
}

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

function stringOrUndefined(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}
