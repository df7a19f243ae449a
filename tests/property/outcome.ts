/** How the property tests judge one call: an answer, or failures that name their field. */
import assert from "node:assert/strict";
import type { CheckFailure } from "../../provider/check-failures";
import { InputError } from "../../provider/input-error";

/** The most CPU a pure check may use (the first call includes loading): more is a hang. */
export const TIME_BOX_MS = 1000;

/**
 * Runs `work`, failing the property when it uses more CPU than the time box. CPU time of this
 * process, not wall-clock time, so other processes on a busy machine do not count.
 */
export function timeBoxed<T>(what: string, work: () => T): T {
  const started = process.cpuUsage();
  const result = work();
  const used = process.cpuUsage(started);
  const took = (used.user + used.system) / 1000;
  assert.ok(took < TIME_BOX_MS, `${what} took ${took.toFixed(0)} ms`);
  return result;
}

/** Every failure names one of `fields` first, and says something readable. */
export function assertNamedFailures(
  failures: readonly CheckFailure[],
  fields: readonly string[],
): void {
  for (const failure of failures) {
    assert.ok(fields.includes(failure.property), `unknown property ${failure.property}`);
    assert.ok(
      failure.reason.startsWith(`${failure.property}:`),
      `reason does not start with its field: ${failure.reason}`,
    );
    assertReadable(failure.reason);
  }
}

/** Runs `work`; it may only answer, or throw an InputError whose message names one of `fields`. */
export function answersOrNamesField<T>(
  fields: readonly string[],
  work: () => T,
  options: { readable?: boolean } = {},
): { ok: true; value: T } | { ok: false; error: InputError } {
  try {
    return { ok: true, value: timeBoxed("the call", work) };
  } catch (err) {
    if (!(err instanceof InputError)) {
      throw new Error(
        `crashed with ${err instanceof Error ? `${err.name}: ${err.message}` : String(err)}`,
      );
    }
    assert.ok(
      fields.some((field) => err.message.includes(field)),
      `the error names none of ${fields.join(", ")}: ${err.message}`,
    );
    if (options.readable !== false) assertReadable(err.message);
    return { ok: false, error: err };
  }
}

function assertReadable(message: string): void {
  assert.ok(!message.includes("[object Object]"), `unreadable message: ${message}`);
  for (const line of message.split("\n"))
    assert.ok(line.length < 1500, `line too long to read: ${line}`);
}
