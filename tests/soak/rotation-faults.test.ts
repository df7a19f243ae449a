import assert from "node:assert/strict";
import { SinkWatch } from "../../scripts/soak/sink-watch";
import { readSink } from "../../scripts/soak/sinks";
import { keyUrn } from "../../testkit/fleet/fleet-program";
import { keysIn } from "../../testkit/fleet/sandbox-fleet";
import { sandboxAdmin } from "../../testkit/sandbox-admin";
import { startTestFleet, type TestFleet } from "./support";

/**
 * Rotation of a key feeding a sink, through the real host and the simulated engine, when one
 * call fails at the worst moment. The engine deletes a replaced key only at the end of a run that
 * succeeded, or first thing in the next run; either way the sink must have moved on before.
 */
describe("fleet rotation under single faults", function () {
  this.timeout(60_000);
  let fleet: TestFleet;

  beforeEach(async () => {
    fleet = await startTestFleet({ keys: 1, projects: 1, sinks: true });
    const report = await fleet.engine.up(await fleet.host(), fleet.program);
    assert.ok(report.ok, JSON.stringify(report.failures));
  });
  afterEach(() => fleet.close());

  it("a replacement Sentry created is not reported half-made because a read after it failed", async () => {
    const old = String(fleet.engine.live.get(keyUrn(0))?.outputs.keyId);
    // Sentry answers the create; the next read of a key fails (a replica lagging, say).
    await sandboxAdmin(fleet.sandbox.url).addFaults({
      method: "GET",
      path: "/keys/[0-9a-f]{32}/$",
      kind: "status",
      status: 404,
      times: 1,
    });
    const watch = new SinkWatch(fleet.sandbox.url, fleet.projects, fleet.sinkFiles);
    watch.start("rotation");
    const report = await fleet.engine.up(await fleet.host("+91d"), fleet.program, {
      beforeDelete: watch.beforeDelete,
    });
    await watch.stop();
    assert.deepEqual(report.failures, []);
    const current = String(fleet.engine.live.get(keyUrn(0))?.outputs.keyId);
    assert.notEqual(current, old);
    assert.equal(readSink(fleet.sinkFiles[0]!)?.publicKey, current);
    assert.deepEqual(
      (await keysIn(fleet.sandbox.url, fleet.projects)).map((k) => k.id),
      [current],
    );
    assert.deepEqual(watch.findings, [], "the sink never held a deleted key");
  });
});
