import assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import {
  checkProviderConfig,
  diffProviderConfig,
  providerSettings,
} from "../../plugin/provider-config";
import { secretKeysOf, unwrapSecrets, wrapSecrets } from "../../plugin/secrets";
import { resolveConnection } from "../../provider/settings";

const secret = (value: unknown) => ({
  [pulumi.runtime.specialSigKey]: pulumi.runtime.specialSecretSig,
  value,
});

describe("plugin provider config and secrets", () => {
  it("resolves a connection: an explicit one whole, else config, then environment", () => {
    const config = {
      get: (key: string) => ({ "sentry-rotation:url": "https://config.example/" })[key],
    };
    const env = {
      SENTRY_URL: "https://env.example",
      SENTRY_AUTH_TOKEN: "env-token",
      SENTRY_ORG: "env-org",
    };
    assert.deepEqual(
      [
        resolveConnection(undefined, config, env).url,
        resolveConnection({ url: " https://x.example// " }, config, env).url,
      ],
      ["https://config.example", "https://x.example"],
    );
    const explicit = resolveConnection({ authToken: "mine", organization: " " }, config, env);
    assert.equal(explicit.authToken, "mine");
    // A resource's own connection is taken whole: nothing comes from the stack's environment.
    assert.equal(explicit.organization, undefined, "a blank explicit value is no organization");
  });

  it("takes a provider instance's inputs before the environment", () => {
    const settings = providerSettings(
      { url: "https://a.example", authToken: "a-token", auditLog: "/tmp/audit.jsonl" },
      { SENTRY_URL: "https://env.example", SENTRY_AUTH_TOKEN: "env", SENTRY_ORG: "env-org" },
    );
    assert.deepEqual(
      {
        url: settings.url,
        authToken: settings.authToken,
        organization: settings.organization,
        auditLog: settings.auditLog,
      },
      {
        url: "https://a.example",
        authToken: "a-token",
        organization: "env-org",
        auditLog: "/tmp/audit.jsonl",
      },
    );
  });

  it("names the field and the fix for bad config, and never replaces on a change", () => {
    assert.deepEqual(checkProviderConfig({ url: "https://sentry.io", version: "1.0.0" }), []);
    const failures = checkProviderConfig({ url: "ftp://x", token: "t", organization: 5 });
    assert.deepEqual(
      failures.map((f) => f.property),
      ["token", "organization", "url"],
    );
    assert.match(
      failures[0]?.reason ?? "",
      /^token: not a setting of the sentry-rotation provider; use one of url, organization, authToken/,
    );
    assert.match(failures[1]?.reason ?? "", /^organization: must be a string, got/);
    assert.deepEqual(
      diffProviderConfig({ url: "a", authToken: "x" }, { url: "b", authToken: "x" }),
      {
        changes: ["url"],
        replaces: [],
      },
    );
  });

  it("unwraps secrets at any depth, and wraps the named properties once", () => {
    const props = { a: secret("s"), b: { c: [secret(1)] }, d: "plain" };
    assert.deepEqual(unwrapSecrets(props), { a: "s", b: { c: [1] }, d: "plain" });
    assert.deepEqual(secretKeysOf(props).sort(), ["a", "b"]);
    const wrapped = wrapSecrets({ a: "s", d: "plain", e: undefined }, ["a", "a", "e"]);
    assert.deepEqual(wrapped, { a: secret("s"), d: "plain", e: undefined });
  });
});
