import assert from "node:assert/strict";
import { parseStackConfig } from "../../stack/config";
import { buildStack } from "../../stack/program";
import {
  isSecretPath,
  type PulumiMocks,
  resolveOutput,
  setupPulumiMocks,
} from "../support/pulumi-mocks";

describe("config-driven stack: program under mocks", () => {
  let mocks: PulumiMocks;
  before(async () => {
    mocks = await setupPulumiMocks({
      outputs: (args) =>
        args.type.startsWith("pulumi-nodejs:dynamic/sentry:")
          ? {
              keyId: "k".repeat(32),
              tokenId: "7",
              rotateAt: "2027-01-01T00:00:00.000Z",
              nextRotationAt: "2027-01-01T00:00:00.000Z",
              current: { keyId: "k".repeat(32), rotateAt: "2027-01-01T00:00:00.000Z" },
            }
          : undefined,
    });
  });

  it("builds one component per entry and exports ids, next rotations and sinks, nothing secret", async () => {
    const stack = buildStack(
      parseStackConfig({
        keys: [
          {
            name: "web",
            project: "web",
            rotateEvery: "90d",
            sinks: [{ type: "dotenvFile", path: "/tmp/web.env" }],
          },
          { name: "api", project: "api", keyName: "api server", rotateEvery: "30d", overlap: "7d" },
        ],
        tokens: [{ name: "ci", rotateEvery: "30d" }],
      }),
    );
    await mocks.settled();
    assert.equal(mocks.find("pulumi-nodejs:dynamic/sentry:ClientKey", "web").inputs.name, "web");
    assert.equal(
      mocks.find("pulumi-nodejs:dynamic/sentry:ClientKeyPair", "api").inputs.name,
      "api server",
    );
    assert.ok(mocks.find("pulumi-nodejs:dynamic/sentry:OrgAuthToken", "ci"));
    assert.equal(await resolveOutput(stack.keys.web!.keyId), "k".repeat(32));
    assert.equal(await resolveOutput(stack.keys.api!.nextRotationAt), "2027-01-01T00:00:00.000Z");
    assert.equal(stack.keys.web!.sinks.length, 1);
    assert.equal(await resolveOutput(stack.tokens.ci!.keyId), "7");
    assert.equal(
      mocks.find("pulumi-nodejs:dynamic/sentry:ClientKey", "web").inputs.rotationWindow,
      undefined,
    );
    for (const summary of [...Object.values(stack.keys), ...Object.values(stack.tokens)]) {
      assert.deepEqual(Object.keys(summary).sort(), ["keyId", "nextRotationAt", "sinks"]);
    }
  });

  it("gives every key and token the stack's rotation window unless the entry has its own", async () => {
    const window = { startTime: "02:30", duration: "3h", timeZone: "Europe/Berlin" };
    const own = { cron: "0 9 * * 1-5", duration: "8h" };
    buildStack(
      parseStackConfig({
        rotationWindow: window,
        keys: [
          { name: "win1", project: "web", rotateEvery: "90d" },
          { name: "win2", project: "api", rotateEvery: "30d", overlap: "7d", rotationWindow: own },
        ],
        tokens: [{ name: "wintok", rotateEvery: "30d" }],
      }),
    );
    await mocks.settled();
    assert.deepEqual(
      mocks.find("pulumi-nodejs:dynamic/sentry:ClientKey", "win1").inputs.rotationWindow,
      window,
    );
    assert.deepEqual(
      mocks.find("pulumi-nodejs:dynamic/sentry:ClientKeyPair", "win2").inputs.rotationWindow,
      own,
    );
    assert.deepEqual(
      mocks.find("pulumi-nodejs:dynamic/sentry:OrgAuthToken", "wintok").inputs.rotationWindow,
      window,
    );
  });
  it("gives an entry its named connection, as a secret; the others keep the stack's Sentry", async () => {
    const selfHosted = {
      url: "https://sentry.example.com",
      organization: "acme",
      authToken: "sntryu_self_hosted",
    };
    buildStack(
      parseStackConfig({
        keys: [
          { name: "conn1", project: "web", rotateEvery: "90d", connection: "self-hosted" },
          { name: "conn2", project: "api", rotateEvery: "90d" },
        ],
        tokens: [{ name: "conntok", rotateEvery: "30d", connection: "self-hosted" }],
        connections: { "self-hosted": selfHosted },
        connectionsSecret: true,
      }),
    );
    await mocks.settled();
    const key = mocks.find("pulumi-nodejs:dynamic/sentry:ClientKey", "conn1");
    assert.deepEqual(key.inputs.connection, selfHosted);
    assert.ok(isSecretPath(key, "connection"), "the connection is a secret input");
    const token = mocks.find("pulumi-nodejs:dynamic/sentry:OrgAuthToken", "conntok");
    assert.deepEqual(token.inputs.connection, selfHosted);
    assert.ok(isSecretPath(token, "connection"));
    assert.equal(
      mocks.find("pulumi-nodejs:dynamic/sentry:ClientKey", "conn2").inputs.connection,
      undefined,
    );
  });
});
