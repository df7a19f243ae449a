import { type DiffDecision } from "../../diff-helpers";
import { containsUnknown } from "../../unknown";
import { type SinkReceiptInputs, type SinkReceiptOutputs } from "./types";

/**
 * A receipt changes only when another key reaches the sink, or the sink itself changes; then its
 * update records `sink-updated`. Pure and offline. Never a replacement, and never an audit reason
 * (that would overwrite the key's own reason, which the receipt reads).
 */
export function diffSinkReceipt(olds: SinkReceiptOutputs, news: SinkReceiptInputs): DiffDecision {
  const reasons: string[] = [];
  if (containsUnknown(news.keyId) || containsUnknown(news.sink)) {
    reasons.push("the key or the sink is not known until apply: the delivery will be recorded");
  } else {
    if (news.keyId !== olds.keyId) reasons.push(`now holds key ${news.keyId} (was ${olds.keyId})`);
    if (news.sink !== olds.sink) reasons.push(`the sink is now ${news.sink} (was ${olds.sink})`);
  }
  return { changes: reasons.length > 0, replaces: [], reasons };
}
