import { randomBytes } from "node:crypto";
import type { AuditReason } from "../../audit/event";
import { type AuditSubject, clientKeySubject, orgAuthTokenSubject } from "../../audit/subject";
import { type ProviderContext } from "../../runtime/context";
import { type SinkReceiptInputs, type SinkReceiptOutputs } from "./types";

/** Who a receipt's events are about: the delivered key, on the rotating key's URN. */
export function receiptSubject(props: Partial<SinkReceiptInputs>): AuditSubject {
  return props.keyType === "org-auth-token"
    ? orgAuthTokenSubject({ ...props, tokenId: props.keyId })
    : clientKeySubject(props);
}

/** Records the first delivery of a key to a sink. */
export async function createSinkReceipt(
  ctx: ProviderContext,
  inputs: SinkReceiptInputs,
): Promise<{ id: string; outs: SinkReceiptOutputs }> {
  await record(ctx, inputs, keyReason(ctx, inputs) ?? "new");
  return {
    id: `receipt-${randomBytes(6).toString("hex")}`,
    outs: { ...inputs, deliveredAt: new Date().toISOString() },
  };
}

/** Records a delivery of another key (a rotation), or of the key to a changed sink. */
export async function updateSinkReceipt(
  ctx: ProviderContext,
  _id: string,
  olds: SinkReceiptOutputs,
  news: SinkReceiptInputs,
): Promise<SinkReceiptOutputs> {
  const moved = news.sink !== olds.sink;
  const detail = [
    ...(news.keyId !== olds.keyId ? [`replaces key ${olds.keyId}`] : []),
    ...(moved ? [`was delivered to ${olds.sink}`] : []),
  ].join("; ");
  await record(ctx, news, keyReason(ctx, news) ?? (moved ? "manual" : undefined), detail);
  return { ...news, deliveredAt: new Date().toISOString() };
}

/** A refresh keeps the receipt as it is: it records what the engine did, not what Sentry holds. */
export async function readSinkReceipt(
  _ctx: ProviderContext,
  id: string,
  props: Partial<SinkReceiptOutputs>,
): Promise<{ id: string; props: Partial<SinkReceiptOutputs> }> {
  return { id, props };
}

/**
 * Removing a receipt (a sink taken out of the config, or a destroy) records nothing: the key's own
 * `deleted` and `verified-dead` events close its trail, and a destroy removes receipts first, in a
 * provider host where no key's provider may have configured the audit targets yet.
 */
export async function deleteSinkReceipt(): Promise<void> {}

// The key's diff in this same `pulumi up` (the same provider host) knows why it rotated.
function keyReason(ctx: ProviderContext, inputs: SinkReceiptInputs): AuditReason | undefined {
  return ctx.run.rotationReason(inputs.auditUrn);
}

async function record(
  ctx: ProviderContext,
  inputs: SinkReceiptInputs,
  reason: AuditReason | undefined,
  detail?: string,
): Promise<void> {
  await ctx.audit.record({
    ...receiptSubject(inputs),
    action: "sink-updated",
    sink: inputs.sink,
    ...(reason ? { reason } : {}),
    ...(detail ? { detail } : {}),
  });
}
