import * as pulumi from "@pulumi/pulumi";
import { type ClientKeyPair } from "../provider/resources/client-key-pair/resource";
import { type ClientKey } from "../provider/resources/client-key/resource";
import { type ClientKeyPairArgs } from "../provider/resources/client-key-pair/types";
import { withSecretConnection } from "../provider/resources/connection-args";
import { type ClientKeyArgs } from "../provider/resources/client-key/types";
import { type SinkReceipt } from "../provider/resources/sink-receipt/resource";
import { deliverToSinks } from "./deliver";
import { DYNAMIC_RESOURCES, type ResourceClasses } from "./resource-classes";
import { type SinkSpec, type SinkValues } from "./sinks";

/** Arguments of a {@link RotatingClientKey}. */
export interface RotatingClientKeyArgs extends ClientKeyArgs {
  /**
   * How long the old key stays valid after its successor is live (a plain duration such as "7d",
   * no longer than `rotateEvery`). Without it, the old key is removed as soon as the new one is in
   * place. It is a plain value because it decides the shape of the component.
   */
  overlap?: string;
  /** Only with `overlap`: hold the previous key's retirement while Sentry shows it in use. */
  retirement?: ClientKeyPairArgs["retirement"];
  /** Only with `overlap`: a new value removes the previous key on the next `up` (emergency). */
  revokePrevious?: ClientKeyPairArgs["revokePrevious"];
  /** Where the current key is delivered, updated after a new key exists and before the old goes. */
  sinks?: SinkSpec[];
}

/** One key of a rotating component, each field its own Output (so only `dsnSecret` is secret). */
export interface RotatingKeyOutputs {
  /** The key id (its 32-hex public key). */
  keyId: pulumi.Output<string>;
  /** The DSN SDKs use. */
  dsnPublic: pulumi.Output<string>;
  /** The DSN with the secret key; a Pulumi secret. */
  dsnSecret: pulumi.Output<string>;
  /** Whether Sentry accepts events for it. */
  isActive: pulumi.Output<boolean>;
  /** When Sentry created it. */
  createdAt: pulumi.Output<string>;
  /** For the current key, when it rotates; for the previous key, when it is deactivated. */
  rotateAt: pulumi.Output<string | undefined>;
}

/**
 * The previous key of a rotating component with `overlap`: the same fields as the current key,
 * each undefined while there is no previous key (before the first rotation, after its removal).
 */
export type PreviousKeyOutputs = {
  [Field in keyof RotatingKeyOutputs]: pulumi.Output<
    pulumi.Unwrap<RotatingKeyOutputs[Field]> | undefined
  >;
};

/**
 * A Sentry client key that rotates on schedule and delivers itself to its sinks. Without `overlap`
 * it is one `ClientKey` replaced on rotation (create-before-delete). With `overlap`, a
 * `ClientKeyPair` keeps the previous key valid for the overlap, then deactivates it, then deletes
 * it at the next rotation at the latest. Consumers always get the newest active key (`current`).
 * Adding or removing `overlap` later keeps the current key (an update, not a rotation); removing it
 * retires the pair's previous key at once.
 */
export class RotatingClientKey extends pulumi.ComponentResource {
  /** The key in use; what sinks receive. */
  readonly current: RotatingKeyOutputs;
  /**
   * The key before the last rotation (only with `overlap`); its fields are undefined while there
   * is no such key.
   */
  readonly previous?: PreviousKeyOutputs;
  /** When the next rotation is due. */
  readonly nextRotationAt: pulumi.Output<string | undefined>;
  /** The sink components, in the order given. */
  readonly sinks: pulumi.ComponentResource[];
  /** One receipt per sink: records `sink-updated` once that sink holds the current key. */
  readonly receipts: SinkReceipt[];
  /** The underlying resource: a ClientKey, or a ClientKeyPair with `overlap`. */
  readonly resource: ClientKey | ClientKeyPair;

  /**
   * The underlying resource.
   * @deprecated Use {@link RotatingClientKey.resource}, the name every rotating component uses.
   */
  get key(): ClientKey | ClientKeyPair {
    return this.resource;
  }

  /**
   * @param resources the resources it is built from: the dynamic provider's (default), or the
   * plugin's when the plugin serves the component through Construct.
   */
  constructor(
    name: string,
    args: RotatingClientKeyArgs,
    opts?: pulumi.ComponentResourceOptions,
    resources: ResourceClasses = DYNAMIC_RESOURCES,
  ) {
    // The engine records a component's args: its connection goes there as a secret too.
    super("sentry-rotation:index:RotatingClientKey", name, withSecretConnection(args), opts);
    const { overlap, retirement, revokePrevious, sinks = [], ...keyArgs } = args;
    if (overlap === undefined) {
      if (retirement !== undefined) {
        throw new Error(
          `RotatingClientKey ${name}: retirement needs overlap (without it the old key is removed in the same run); set overlap, or remove retirement.`,
        );
      }
      const key = resources.clientKey(name, keyArgs, {
        parent: this,
        aliases: switchedFrom("ClientKeyPair"),
      });
      this.resource = key;
      this.current = singleKeyOutputs(key);
      this.nextRotationAt = key.rotateAt;
    } else {
      if (keyArgs.rotateEvery === undefined) {
        throw new Error(
          `RotatingClientKey ${name}: overlap needs rotateEvery; set both, or neither.`,
        );
      }
      const pair = resources.clientKeyPair(
        name,
        { ...keyArgs, rotateEvery: keyArgs.rotateEvery, overlap, retirement, revokePrevious },
        { parent: this, aliases: switchedFrom("ClientKey") },
      );
      this.resource = pair;
      this.current = pairCurrentOutputs(pair);
      this.previous = pairPreviousOutputs(pair);
      this.nextRotationAt = pair.nextRotationAt;
    }
    ({ sinks: this.sinks, receipts: this.receipts } = deliverToSinks(
      name,
      this,
      sinks,
      sinkValuesOf(this.current),
      "clientKey",
      {
        keyType: "client-key",
        organization: keyArgs.organization,
        project: keyArgs.project,
        keyId: this.current.keyId,
        auditUrn: this.resource.urn,
      },
      resources,
    ));
    this.registerOutputs({
      current: this.current,
      previous: this.previous,
      nextRotationAt: this.nextRotationAt,
    });
  }
}

/**
 * Adding or removing `overlap` changes the child's type (ClientKey <-> ClientKeyPair): aliasing the
 * other type makes the engine update the child in place from the other kind's state (the key in
 * use stays current, see provider/resources/client-key-pair/switch.ts) instead of creating a new
 * key and deleting the old one. Both front doors' type tokens, the dynamic one and the plugin's.
 */
function switchedFrom(kind: "ClientKey" | "ClientKeyPair"): pulumi.Alias[] {
  return [
    { type: `pulumi-nodejs:dynamic/sentry:${kind}` },
    { type: `sentry-rotation:index:${kind}` },
  ];
}

/** What a client key hands to its sinks. */
export function sinkValuesOf(key: RotatingKeyOutputs): SinkValues {
  return {
    keyId: key.keyId,
    publicKey: key.keyId,
    rotatedAt: key.createdAt,
    dsn: key.dsnPublic,
    dsnSecret: key.dsnSecret,
  };
}

function singleKeyOutputs(key: ClientKey): RotatingKeyOutputs {
  return {
    keyId: key.keyId,
    dsnPublic: key.dsnPublic,
    dsnSecret: key.dsnSecret,
    isActive: key.isActive,
    createdAt: key.createdAt,
    rotateAt: key.rotateAt,
  };
}

function pairCurrentOutputs(pair: ClientKeyPair): RotatingKeyOutputs {
  return {
    keyId: pair.current.keyId,
    dsnPublic: pair.current.dsnPublic,
    dsnSecret: pair.dsnSecret,
    isActive: pair.current.isActive,
    createdAt: pair.current.createdAt,
    rotateAt: pair.current.rotateAt,
  };
}

function pairPreviousOutputs(pair: ClientKeyPair): PreviousKeyOutputs {
  const previous = pair.previous;
  return {
    keyId: previous.apply((p) => p?.keyId),
    dsnPublic: previous.apply((p) => p?.dsnPublic),
    dsnSecret: pulumi.secret(pair.previousDsnSecret),
    isActive: previous.apply((p) => p?.isActive),
    createdAt: previous.apply((p) => p?.createdAt),
    rotateAt: previous.apply((p) => p?.deactivateAt),
  };
}
