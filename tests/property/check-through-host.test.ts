import assert from "node:assert/strict";
import fc from "fast-check";
import { CLIENT_KEY_FIELD_RULES } from "../../provider/resources/client-key/check";
import { ClientKey } from "../../provider/resources/client-key/resource";
import { ClientKeyPair } from "../../provider/resources/client-key-pair/resource";
import { DotenvFile } from "../../provider/resources/dotenv-file/resource";
import { OrgAuthToken } from "../../provider/resources/org-auth-token/resource";
import { ensureBuilt } from "../../testkit/dist";
import { captureProvider } from "../../testkit/capture-provider";
import { startClientSandbox, type ClientTestSandbox } from "../support/client-sandbox";
import { startProviderHost, urn, type ProviderHost } from "../../testkit/provider-host";
import {
  anyValue,
  dotenvPathLike,
  durationLike,
  inputsFor,
  nameLike,
  rateLimitLike,
  slugLike,
  triggersLike,
} from "./arbitraries";
import { assertNamedFailures } from "./outcome";

const keyFields = {
  organization: slugLike,
  project: slugLike,
  name: nameLike,
  rotateEvery: durationLike,
  rotationTriggers: triggersLike,
  rateLimit: rateLimitLike,
  isActive: anyValue,
  onReplace: anyValue,
};

/**
 * A sample of the random inputs sent to `check` through the real dynamic-provider host (gRPC,
 * Struct conversion, the serialized provider): each answer is acceptance or failures naming their
 * field, within the call's deadline, and the configured Sentry (the sandbox) receives no request.
 */
describe("check through the real provider host against random input (property)", function () {
  this.timeout(120_000);
  let sandbox: ClientTestSandbox;
  let host: ProviderHost;
  const providers: Record<string, string> = {};

  before(async () => {
    ensureBuilt();
    sandbox = await startClientSandbox();
    const probes = {
      ClientKey: () => new ClientKey("p", { project: "p", name: "p" }),
      ClientKeyPair: () =>
        new ClientKeyPair("p", { project: "p", name: "p", rotateEvery: "30d", overlap: "1d" }),
      OrgAuthToken: () => new OrgAuthToken("p", { name: "p" }),
      DotenvFile: () => new DotenvFile("p", { path: "/tmp/p.env", variables: { A: "b" } }),
    };
    for (const [kind, construct] of Object.entries(probes)) {
      providers[kind] = (await captureProvider(construct)).provider;
    }
    // A hang fails the call; the deadline leaves room for a busy machine's first call, which
    // also loads the provider.
    host = await startProviderHost({ callTimeoutMs: 15_000 });
    await host.configure(
      { "sentry-rotation:authToken": sandbox.token, "sentry-rotation:url": sandbox.url },
      { secretKeys: ["sentry-rotation:authToken"] },
    );
    await sandbox.clearRequests();
  });
  after(async () => {
    await host?.stop();
    await sandbox?.close();
  });

  async function sample(
    kind: string,
    fields: Record<string, fc.Arbitrary<unknown>>,
    known: string[],
    // An empty resource is the first case: every required field missing at once.
    examples: Array<[Record<string, unknown>]> = [[{}]],
  ) {
    await fc.assert(
      fc.asyncProperty(inputsFor(fields), async (news) => {
        const answer = await host.check(
          urn(`pulumi-nodejs:dynamic/sentry:${kind}`, "r"),
          {},
          {
            ...news,
            __provider: providers[kind],
          },
        );
        assertNamedFailures(answer.failures, known);
      }),
      { numRuns: 40, examples },
    );
  }

  it("ClientKey", () => sample("ClientKey", keyFields, Object.keys(CLIENT_KEY_FIELD_RULES)));

  it("ClientKeyPair", () =>
    sample("ClientKeyPair", { ...keyFields, overlap: durationLike }, [
      ...Object.keys(keyFields),
      "overlap",
    ]));

  it("OrgAuthToken", () => {
    const fields = {
      organization: slugLike,
      name: nameLike,
      rotateEvery: durationLike,
      rotationTriggers: triggersLike,
    };
    return sample("OrgAuthToken", fields, Object.keys(fields));
  });

  it("DotenvFile", () =>
    sample(
      "DotenvFile",
      { path: dotenvPathLike, variables: fc.oneof(fc.dictionary(fc.string(), anyValue), anyValue) },
      ["path", "variables"],
    ));

  it("made no API call and printed no token", async () => {
    assert.deepEqual(await sandbox.requests(), []);
    assert.ok(host.isRunning(), "the host survived every input");
    assert.ok(!JSON.stringify(host.output()).includes(sandbox.token));
  });
});
