/**
import { stopAtFirstFailure } from "stop-at-first-failure";
 * For a suite whose steps build on each other (one stack, step after step): after its first
 * failure, its later steps are skipped, since they would only fail for the same reason.
 *
 * Used instead of Mocha's `this.bail(true)`, which does more: a bailing suite is not run at all
 * once any test anywhere in the run has failed, so one failure in an early file silently dropped
 * every engine suite from the report.
 */
export function stopAtFirstFailure(suite: Mocha.Suite): void {
  let failed: string | undefined;
  suite.afterEach(function () {
    if (this.currentTest?.state === "failed") failed ??= this.currentTest.title;
  });
  suite.beforeEach(function () {
    if (failed === undefined) return;
    console.log(`      (skipped: the earlier step "${failed}" failed)`);
    this.skip();
  });
}
