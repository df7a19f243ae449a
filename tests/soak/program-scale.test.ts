import assert from "node:assert/strict";
import { serializedProvider } from "../../provider/resources/serialized-provider";
import { ClientKey } from "../../provider/resources/client-key/resource";
import { captureProviders } from "../../testkit/capture-provider";

/**
 * A program with a fleet of keys: the SDK caches a dynamic provider's serialization by object
 * identity, so every resource of a kind must hand it the same provider object. Otherwise each
 * resource re-serializes the closure: with 200 ClientKeys that was ~10 s of every preview and up
 * under the real engine (see docs/performance.md).
 */
describe("a program with many keys", () => {
  it("gives every resource of a kind the same provider object", () => {
    assert.equal(serializedProvider("ClientKey"), serializedProvider("ClientKey"));
    assert.notEqual(serializedProvider("ClientKey"), serializedProvider("DotenvFile"));
  });

  it("serializes the same closure for all of them", async () => {
    const captured = await captureProviders(() =>
      Array.from({ length: 20 }, (_, n) => new ClientKey(`k${n}`, { project: "p", name: `k${n}` })),
    );
    assert.equal(captured.length, 20);
    assert.equal(new Set(captured.map((c) => c.provider)).size, 1);
  });
});
