import assert from "node:assert/strict";
import { keyUrn } from "../../testkit/fleet/fleet-program";
import { keysIn } from "../../testkit/fleet/sandbox-fleet";
import { sandboxAdmin } from "../../testkit/sandbox-admin";
import { startTestFleet, type TestFleet } from "./support";

const KEYS = "/keys/$";
const KEY = "/keys/[0-9a-f]{32}/$";

/**
 * A create whose answer never came back (it may have made the key) and whose lookup failed too
 * (found by the soak: such keys were orphaned). The key's id is chosen by the provider, so the
 * engine must keep it in state; the next run finds the key, or makes it under that same id.
 */
describe("a create whose outcome Sentry never confirmed", function () {
  this.timeout(60_000);
  let fleet: TestFleet;

  beforeEach(async () => {
    fleet = await startTestFleet({ keys: 1, projects: 1, sinks: true });
  });
  afterEach(() => fleet.close());

  async function orphans(): Promise<string[]> {
    const known = new Set(
      [...fleet.engine.live.values(), ...fleet.engine.pendingDeletes].map((e) =>
        String(e.outputs.keyId),
      ),
    );
    return (await keysIn(fleet.sandbox.url, fleet.projects))
      .map((k) => k.id)
      .filter((id) => !known.has(id));
  }

  // Any failed lookup takes the same path; 403 is not retried, which keeps the test quick.
  const lookupFails = { method: "GET", path: KEY, kind: "status", status: 403, times: 1 } as const;

  it("made the key: the state keeps it, and the next run adopts it", async () => {
    await sandboxAdmin(fleet.sandbox.url).addFaults(
      { method: "POST", path: KEYS, kind: "drop-after-commit" },
      lookupFails,
    );
    const first = await fleet.engine.up(await fleet.host(), fleet.program);
    assert.equal(first.ok, false);
    assert.deepEqual(await orphans(), [], "the key Sentry made is in state");
    const next = await fleet.engine.up(await fleet.host(), fleet.program);
    assert.deepEqual(next.failures, []);
    const [key] = await keysIn(fleet.sandbox.url, fleet.projects);
    assert.equal(fleet.engine.live.get(keyUrn(0))?.outputs.keyId, key?.id);
    assert.equal(typeof fleet.engine.live.get(keyUrn(0))?.outputs.dsnPublic, "string");
    assert.deepEqual(await orphans(), []);
  });

  it("did not make the key: the next run makes it under the id in state", async () => {
    await sandboxAdmin(fleet.sandbox.url).addFaults(
      { method: "POST", path: KEYS, kind: "reset" },
      lookupFails,
    );
    const first = await fleet.engine.up(await fleet.host(), fleet.program);
    assert.equal(first.ok, false);
    assert.deepEqual(await keysIn(fleet.sandbox.url, fleet.projects), []);
    const id = fleet.engine.live.get(keyUrn(0))?.id;
    assert.ok(id, "the resource is in state with the id it was given");
    const next = await fleet.engine.up(await fleet.host(), fleet.program);
    assert.deepEqual(next.failures, []);
    const [key] = await keysIn(fleet.sandbox.url, fleet.projects);
    assert.equal(fleet.engine.live.get(keyUrn(0))?.id, id);
    assert.equal(`${id}`.split("/")[2], key?.id);
    assert.deepEqual(await orphans(), []);
  });
});
