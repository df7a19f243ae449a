/**
 * The step the engine takes for an existing resource from the provider's Diff answer
 * (pulumi pkg/resource/deploy/step_generator.go, `diffResource` and its caller). Pure logic.
 */
import { isDeepStrictEqual } from "util";
import type { DiffResult } from "./types";
import { type Props, stripSecrets } from "./struct";

/** What `pulumi up` does with the resource. */
export type EngineStep = "same" | "update" | "replace" | "delete-before-replace";

/**
 * Maps a Diff answer to the engine's step. With `changes` unknown (a provider `diff` that
 * returned no `changes`) the engine compares old and new INPUTS itself (including `__provider`),
 * so a `replaces` list with equal inputs is ignored. The resource options `deleteBeforeReplace`
 * and `replaceOnChanges` are not modelled.
 */
export function engineStep(diff: DiffResult, oldInputs: Props, newInputs: Props): EngineStep {
  let changes = diff.changes;
  if (changes === "unknown") {
    changes = isDeepStrictEqual(stripSecrets(oldInputs), stripSecrets(newInputs)) ? "none" : "some";
  }
  if (changes === "none") return "same";
  if (diff.replaces.length === 0) return "update";
  return diff.deleteBeforeReplace ? "delete-before-replace" : "replace";
}
