import assert from "node:assert/strict";
import { formatSoakResult, unexplainedWindows } from "../../scripts/soak/report";
import { runSoak } from "../../scripts/soak/soak";
import { ensureBuilt } from "../../testkit/dist";

/**
 * The fault soak of a fleet of ClientKeyPairs (what RotatingClientKey with `overlap` registers),
 * shortened for the suite (`npm run soak -- --pairs N` is the long one): each pair feeds a dotenv
 * sink; the initial deploy and each rotation start with a lost create (committed, answer lost,
 * lookup refused) among random 5xx, 429 storms, slow answers and resets; then the overlap runs
 * out under faults. No key may be orphaned, the replaced key must stay valid as the previous key
 * until the overlap ends, then be deactivated, then deleted at the next rotation, and no sink may
 * ever hold a key that does not work (a pair is updated in place: there is no engine window).
 */
describe("fault soak of key pairs with overlap (short)", function () {
  // About 30 s on an idle machine; a 2-core machine shared with other builds needs several times that.
  this.timeout(300_000);

  it("rotates pairs under faults, keeps every replaced key valid for the overlap, then retires it", async () => {
    ensureBuilt();
    const lines: string[] = [];
    const result = await runSoak({
      fleet: "pairs",
      keys: 4,
      projects: 2,
      rounds: 2,
      parallel: 8,
      seed: 20261201,
      faultEveryMs: 60,
      // Bounds each faulty run's time (a chain of faults costs the client's full backoff).
      maxFaultsPerRun: 8,
      log: (line) => lines.push(line),
    });
    const summary = formatSoakResult(result);
    console.log([...lines, summary].join("\n").replace(/^/gm, "      "));
    assert.equal(result.lost, 0, summary);
    assert.deepEqual(unexplainedWindows(result.windows, "pairs"), [], summary);
    // The armed lost creates: the initial deploy's and each round's rotation.
    assert.ok(result.lostCreates >= 3, `creates whose answer was lost (${result.lostCreates})`);
    assert.ok(result.failedRuns >= 3, `faulty runs failed (${result.failedRuns})`);
    assert.ok(result.recoveries >= 3, `recoveries (${result.recoveries})`);
    // Every rotation the check saw kept the replaced key; at least one in each round.
    assert.ok(
      result.overlapKept >= 2,
      `replaced keys kept for the overlap (${result.overlapKept})`,
    );
    assert.ok(result.overlapEnded >= 2, `previous keys deactivated (${result.overlapEnded})`);
    assert.ok(result.overlapDeleted >= 1, `previous keys deleted (${result.overlapDeleted})`);
  });
});
