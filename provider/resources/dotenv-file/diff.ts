import { isDeepStrictEqual } from "node:util";
import { type DiffDecision } from "../../diff-helpers";
import { containsUnknown } from "../../unknown";
import { contentHash } from "./outputs";
import { type DotenvFileInputs, type DotenvFileOutputs } from "./types";

/**
 * Decides whether the file must be rewritten. Never a replacement: a new path moves the managed
 * lines (written to the new file first, then removed from the old one) in one update. Pure.
 */
export function diffDotenvFile(olds: DotenvFileOutputs, news: DotenvFileInputs): DiffDecision {
  const reasons: string[] = [];
  if (containsUnknown(news.path) || containsUnknown(news.variables)) {
    reasons.push("inputs not known until apply: the file may be rewritten");
  } else {
    const names = Object.keys(news.variables).sort();
    if (news.path !== olds.path) reasons.push(`moved from ${olds.path} to ${news.path}`);
    if (!isDeepStrictEqual(names, olds.variableNames)) {
      reasons.push(`variables now ${names.join(", ")} (were ${olds.variableNames.join(", ")})`);
    } else if (contentHash(names, new Map(Object.entries(news.variables))) !== olds.contentHash) {
      reasons.push(`new values for ${names.join(", ")}`);
    }
  }
  return { changes: reasons.length > 0, replaces: [], reasons };
}
