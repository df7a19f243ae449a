import assert from "node:assert/strict";
import { keyUrn } from "../../testkit/fleet/fleet-program";
import { countRequests, keysIn, RequestRecorder } from "../../testkit/fleet/sandbox-fleet";
import { sandboxAdmin } from "../../testkit/sandbox-admin";
import { startTestFleet, type TestFleet } from "./support";

/**
 * A refresh of a fleet through the real provider host: the reads of one project share one list
 * of its keys (provider/runtime/key-cache.ts) instead of one GET per key, and still never drop a
 * key that exists.
 */
describe("refresh of a fleet shares one key list per project", function () {
  this.timeout(60_000);
  let fleet: TestFleet;
  let recorder: RequestRecorder;

  before(async () => {
    fleet = await startTestFleet({ keys: 12, projects: 3 });
    const report = await fleet.engine.up(await fleet.host(), fleet.program);
    assert.ok(report.ok, JSON.stringify(report.failures));
    recorder = new RequestRecorder(fleet.sandbox.url, 200);
  });
  after(() => fleet.close());

  async function refresh() {
    const host = await fleet.host();
    await recorder.start();
    const report = await fleet.engine.refresh(host);
    const counts = countRequests(await recorder.stop());
    await host.stop();
    return { report, counts };
  }

  it("lists each project once and reads no key alone", async () => {
    const { report, counts } = await refresh();
    assert.deepEqual(report.failures, []);
    assert.deepEqual(counts.byCall, { "GET keys": 3 });
    assert.equal(fleet.engine.live.size, 12);
  });

  it("asks for a key missing from the list on its own, and drops it only on Sentry's 404", async () => {
    const gone = String(fleet.engine.live.get(keyUrn(4))?.outputs.keyId);
    const project = fleet.projects[4 % 3]!.slug;
    const response = await fetch(
      `${fleet.sandbox.url}/api/0/projects/${fleet.sandbox.organization}/${project}/keys/${gone}/`,
      { method: "DELETE", headers: { Authorization: `Bearer ${fleet.sandbox.token}` } },
    );
    assert.equal(response.status, 204);
    const { report, counts } = await refresh();
    assert.deepEqual(report.failures, []);
    assert.deepEqual(counts.byCall, { "GET keys": 3, "GET key": 1 });
    assert.equal(fleet.engine.live.has(keyUrn(4)), false);
    assert.equal(fleet.engine.live.size, 11);
  });

  it("falls back to one read per key when a project's list fails, and keeps every key", async () => {
    // Every list of the first project fails; its keys are read one by one.
    await sandboxAdmin(fleet.sandbox.url).addFaults({
      method: "GET",
      path: `/${fleet.projects[0]!.slug}/keys/$`,
      kind: "status",
      status: 403,
      times: 1,
    });
    const { report, counts } = await refresh();
    assert.deepEqual(report.failures, []);
    assert.equal(counts.byCall["GET keys"], 3);
    assert.equal(counts.byCall["GET key"], 4, "the first project's 4 keys, one GET each");
    const inSentry = new Set((await keysIn(fleet.sandbox.url, fleet.projects)).map((k) => k.id));
    const inState = [...fleet.engine.live.values()].map((e) => String(e.outputs.keyId));
    assert.deepEqual(new Set(inState), inSentry);
  });
});
