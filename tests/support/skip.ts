/**
 * Skips that are allowed locally but not in CI: a test that needs something absent calls
 * `skipUnless(this, condition, reason)`. Outside CI it is reported as pending with the reason;
 * under CI=true the same call fails the test, because CI must provide everything it needs.
 */
export function skipUnless(ctx: Mocha.Context, available: boolean, reason: string): void {
  if (available) return;
  if (process.env.CI === "true") {
    throw new Error(`required under CI but unavailable: ${reason}`);
  }
  console.log(`      (skipped: ${reason})`);
  ctx.skip();
}
