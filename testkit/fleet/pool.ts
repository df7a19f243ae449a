/**
 * Bounded parallelism, as the Pulumi engine runs steps: at most `parallel` at once, in order of
 * arrival. With `stopOnError`, the first failure stops new items from starting (the engine's
 * default: steps already running finish, nothing new is launched).
 */

/** How one item ended. */
export type Settled<R> = { ok: true; value: R } | { ok: false; error: unknown } | { skipped: true };

/** Runs `work` over `items` with at most `parallel` running; results are in item order. */
export async function runBounded<T, R>(
  items: readonly T[],
  parallel: number,
  work: (item: T, index: number) => Promise<R>,
  options: { stopOnError?: boolean } = {},
): Promise<Settled<R>[]> {
  if (!Number.isInteger(parallel) || parallel < 1) {
    throw new Error(`parallel must be a whole number >= 1, got ${parallel}`);
  }
  const results: Settled<R>[] = items.map(() => ({ skipped: true }));
  let next = 0;
  let stopped = false;
  const worker = async (): Promise<void> => {
    while (!stopped && next < items.length) {
      const index = next++;
      try {
        results[index] = { ok: true, value: await work(items[index] as T, index) };
      } catch (error) {
        results[index] = { ok: false, error };
        if (options.stopOnError) stopped = true;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(parallel, items.length) }, worker));
  return results;
}

/** The errors among settled results. */
export function failuresOf<R>(results: readonly Settled<R>[]): unknown[] {
  return results.flatMap((r) => ("ok" in r && !r.ok ? [r.error] : []));
}
