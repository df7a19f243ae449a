import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import { captureProvider, captureProviders } from "../../testkit/capture-provider";
import { Echo } from "./fixtures/echo-provider";
import { unserializableProvider } from "./fixtures/closure-providers";
import { ProbeResource } from "./fixtures/probe-resource";

class Parent extends pulumi.ComponentResource {
  constructor(name: string) {
    super("harness:index:Parent", name);
  }
}

describe("captureProvider", function () {
  it("unwraps secret inputs and names them", async function () {
    const captured = await captureProvider(() => new Echo("s1", { value: pulumi.secret("hush") }));
    assert.deepStrictEqual(captured.inputs, { value: "hush", generation: 1 });
    assert.deepStrictEqual(captured.secretInputs, ["value"]);
    assert.strictEqual(captured.providerIsSecret, false);
  });

  it("gives children the URN the engine would, with the parent type", async function () {
    const all = await captureProviders(() => {
      const parent = new Parent("p");
      return [parent, new Echo("child", { value: "c" }, { parent })];
    });
    assert.deepStrictEqual(
      all.map((c) => c.urn),
      [
        "urn:pulumi:dev::sentry-rotation::harness:index:Parent$pulumi-nodejs:dynamic/harness:Echo::child",
      ],
    );
  });

  it("insists on exactly one dynamic resource", async function () {
    await assert.rejects(
      captureProvider(() => [new Echo("a", { value: "a" }), new Echo("b", { value: "b" })]),
      /expected exactly one dynamic resource, got 2 .*use captureProviders/,
    );
    await assert.rejects(
      captureProvider(() => new Parent("only")),
      /got 0 \(none\)/,
    );
  });

  it("turns a closure-serialization failure into a clear rejection", async function () {
    const make = () => new ProbeResource(unserializableProvider, "agent", "Bad");
    await assert.rejects(
      captureProvider(make),
      (err: Error) =>
        /could not be serialized/.test(err.message) && /variable 'agent'/.test(err.message),
    );
    // The runtime is still usable afterwards.
    const next = await captureProvider(() => new Echo("after", { value: "ok" }));
    assert.strictEqual(next.name, "after");
  });
});
