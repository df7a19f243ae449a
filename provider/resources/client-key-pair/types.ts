import type * as pulumi from "@pulumi/pulumi";
import type { RetirementGate, RetirementHold } from "../../lifecycle/retirement-gate";
import { type ClientKeyArgs, type ClientKeyInputs, type DsnVariants } from "../client-key/types";

/** Arguments of a {@link ClientKeyPair}: a ClientKey's, with rotation and an overlap window required. */
export interface ClientKeyPairArgs extends Omit<ClientKeyArgs, "rotateEvery"> {
  /** Rotation period such as "30d". */
  rotateEvery: pulumi.Input<string>;
  /** How long the previous key stays valid after its successor is live (at most `rotateEvery`). */
  overlap: pulumi.Input<string>;
  /**
   * Usage-gated retirement: before the previous key is deactivated (or deleted), Sentry's stats
   * for it are read; a key that received error events within `quietPeriod` (default "24h") is
   * held, and retired on a later run once quiet, or after `maxHold` (default "7d") at the latest.
   * `overlap` plus `maxHold` must fit in `rotateEvery`.
   */
  retirement?: pulumi.Input<{
    quietPeriod?: pulumi.Input<string>;
    maxHold?: pulumi.Input<string>;
  }>;
  /**
   * Emergency revoke: a new value (any text, e.g. the time and the incident) removes the previous
   * key on the next `up`, per `onReplace`, ignoring the overlap and the usage gate; with a changed
   * `rotationTriggers` in the same run, the key that was current until then is the one removed.
   * Keep the value afterwards: it only acts when it changes. Plain text: never the leaked value.
   */
  revokePrevious?: pulumi.Input<string>;
}

/** The checked, plain inputs. */
export interface ClientKeyPairInputs extends Omit<ClientKeyInputs, "rotateEvery"> {
  rotateEvery: string;
  overlap: string;
  retirement?: RetirementGate;
  revokePrevious?: string;
}

/** One key of the pair, without its secrets (those are top-level secret outputs). */
export interface PairKey {
  keyId: string;
  dsnPublic: string;
  dsnCsp: string;
  dsn: DsnVariants;
  projectId: number;
  isActive: boolean;
  createdAt: string;
  currentBrowserSdkVersion: string;
}

/** The key in use: consumers get its values. */
export interface CurrentKey extends PairKey {
  /** When it is replaced by a new key. */
  rotateAt: string;
  /** Set by refresh when the key was deleted in Sentry: the next `up` makes a new one at once. */
  missing?: boolean;
  /**
   * Set when Sentry never confirmed the create of the pair's first key: only `keyId` is known, and
   * the next `up` finds the key under it or makes it.
   */
  unconfirmed?: boolean;
}

/** The key that was current before the last rotation, valid during the overlap. */
export interface PreviousKey extends PairKey {
  /** When it is deactivated (its successor's creation plus the overlap). */
  deactivateAt: string;
  /** When it is deleted at the latest (the next rotation). */
  deleteAt: string;
  /** Set while its retirement is held because it is still in use (see `retirement`). */
  retirementHold?: RetirementHold;
}

/** The state of a pair. */
export interface ClientKeyPairOutputs extends ClientKeyPairInputs {
  current: CurrentKey;
  previous?: PreviousKey;
  /** Keys whose removal has not been confirmed yet; the next `up` finishes it. */
  retiring: string[];
  /** The current key's secret key (secret). */
  secretKey: string;
  /** The current key's secret DSN (secret). */
  dsnSecret: string;
  /** The previous key's secret DSN (secret), while there is a previous key. */
  previousDsnSecret?: string;
  /** When the next rotation is due. */
  nextRotationAt: string;
  /** The schedule in words (`next at <when> (rotateEvery 30d, overlap 7d)`); the preview's story hangs here. */
  rotation?: string;
}

/** Outputs that are secret: the engine encrypts them in state. */
export const CLIENT_KEY_PAIR_SECRET_OUTPUTS = [
  "secretKey",
  "dsnSecret",
  "previousDsnSecret",
  "connection",
] as const;
