import type * as pulumi from "@pulumi/pulumi";

/** What kind of key a sink receives. */
export type ReceiptKeyType = "client-key" | "org-auth-token";

/** Arguments of a {@link SinkReceipt}: which key reached which sink. */
export interface SinkReceiptArgs {
  /** A client key (DSN) or an org auth token. */
  keyType: pulumi.Input<ReceiptKeyType>;
  /** Organization slug; defaults like the key's (`sentry-rotation:organization`, then `SENTRY_ORG`). */
  organization?: pulumi.Input<string>;
  /** Project slug (client keys). */
  project?: pulumi.Input<string>;
  /** The delivered key's id (client key id or org auth token id): pass the key's Output. */
  keyId: pulumi.Input<string>;
  /** The token's last characters (org auth tokens), as Sentry shows them. */
  tokenLastCharacters?: pulumi.Input<string>;
  /** Where the key was delivered, as `describeSinkFor` names it; never a value. */
  sink: pulumi.Input<string>;
  /** The URN of the rotating key, so the event joins that key's trail. */
  auditUrn?: pulumi.Input<string>;
}

/** The checked, plain inputs. */
export interface SinkReceiptInputs {
  keyType: ReceiptKeyType;
  organization: string;
  project?: string;
  keyId: string;
  tokenLastCharacters?: string;
  sink: string;
  auditUrn?: string;
}

/** The state of a receipt: its inputs and when the delivery was recorded. */
export interface SinkReceiptOutputs extends SinkReceiptInputs {
  /** When the sink was last seen updated with `keyId` (ISO 8601). */
  deliveredAt: string;
}
