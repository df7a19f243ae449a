import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import { captureProvider } from "../../testkit/capture-provider";
import { startProviderHost, urn } from "../../testkit/provider-host";
import {
  cleanProvider,
  HELPER_SECRET,
  leakyProvider,
  REFERENCED_LABEL,
  RUNTIME_ENV,
  secretOutputProvider,
  UNREFERENCED_SECRET,
} from "./fixtures/closure-providers";
import { ProbeResource } from "./fixtures/probe-resource";

function capture(provider: pulumi.dynamic.ResourceProvider, name: string) {
  return captureProvider(() => new ProbeResource(provider, name, "Closure"));
}

// The rule: __provider holds, by value, everything the provider's methods reach (constants,
// helper functions and what those reach, local modules' used exports), and nothing else.
describe("closure capture: what the serialized __provider contains", function () {
  it("leaves out module-scope values no method reaches, and env read at run time", async function () {
    const { provider } = await capture(cleanProvider, "clean");
    assert.ok(!provider.includes(UNREFERENCED_SECRET), "unreferenced module value is not captured");
    assert.ok(provider.includes(REFERENCED_LABEL), "a referenced constant is copied by value");
    assert.match(provider, /process\.env\[exports\.RUNTIME_ENV\]/, "env is read inside the host");
  });

  it("copies a value reached through a helper function (so it would sit in state)", async function () {
    const { provider } = await capture(leakyProvider, "leaky");
    assert.ok(provider.includes(HELPER_SECRET));
  });

  it("marks __provider secret when a method captures a secret Output, value in clear inside", async function () {
    const value = "sntrys_captured-secret-output-3141";
    const captured = await capture(secretOutputProvider(pulumi.secret(value)), "secret-output");
    assert.strictEqual(captured.providerIsSecret, true);
    assert.ok(captured.provider.includes(value));
  });

  it("a credential read from the host's environment works and is not in __provider", async function () {
    const token = "sntryu_env-token-for-closure-test";
    const { provider } = await capture(cleanProvider, "clean-run");
    const host = await startProviderHost({ provider, env: { [RUNTIME_ENV]: token } });
    try {
      await host.configure({});
      const created = await host.create(
        urn("pulumi-nodejs:dynamic/harness:Closure", "clean-run"),
        {},
      );
      assert.deepStrictEqual(created.outputs, {
        label: REFERENCED_LABEL,
        tokenLength: token.length,
      });
      assert.ok(!provider.includes(token));
    } finally {
      await host.stop();
    }
  });
});
