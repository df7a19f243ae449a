/** Marks when an org auth token was last used (`dateLastUsed`), at most once a minute, like Sentry. */
import type { SandboxContext } from "./context";

const MIN_INTERVAL_MS = 60_000;

/** Records a use of org auth token `id`; a failure to persist is logged, not fatal to the request. */
export function recordTokenUse(ctx: SandboxContext, id: number, log: (line: string) => void): void {
  const token = ctx.store.state.orgAuthTokens.find((t) => t.id === id);
  const now = ctx.now();
  if (
    !token ||
    (token.dateLastUsed && now.getTime() - Date.parse(token.dateLastUsed) < MIN_INTERVAL_MS)
  )
    return;
  try {
    ctx.store.mutate((state) => {
      state.orgAuthTokens.find((t) => t.id === id)!.dateLastUsed = now.toISOString();
    });
  } catch (error) {
    log(`sandbox: could not record the use of org auth token ${id}: ${(error as Error).message}`);
  }
}
