import assert from "node:assert/strict";
import type * as pulumi from "@pulumi/pulumi";
import { RotatingClientKey } from "../../components/rotating-client-key";
import { RotatingOrgAuthToken } from "../../components/rotating-org-auth-token";
import {
  outputDetails,
  type PulumiMocks,
  resolveOutput,
  setupPulumiMocks,
} from "../support/pulumi-mocks";

const KEY_ID = "a".repeat(32);
const CLIENT_KEY = "pulumi-nodejs:dynamic/sentry:ClientKey";
const PAIR = "pulumi-nodejs:dynamic/sentry:ClientKeyPair";
const TOKEN = "pulumi-nodejs:dynamic/sentry:OrgAuthToken";
const RECEIPT = "pulumi-nodejs:dynamic/sentry:SinkReceipt";
const DOTENV = "pulumi-nodejs:dynamic/sentry:DotenvFile";

// What the providers would compute, so dependents see realistic values.
function providerOutputs(
  args: pulumi.runtime.MockResourceArgs,
): Record<string, unknown> | undefined {
  const key = {
    keyId: KEY_ID,
    dsnPublic: `https://${KEY_ID}@o1.ingest.sentry.io/1`,
    isActive: true,
    createdAt: "2026-11-01T00:00:00.000Z",
  };
  if (args.type === CLIENT_KEY) {
    return {
      ...key,
      dsnSecret: "https://aaa:bbb@o1.ingest.sentry.io/1",
      rotateAt: "2027-01-30T00:00:00.000Z",
    };
  }
  if (args.type === PAIR && args.name === "fresh") {
    // Before its first rotation a pair has no previous key.
    return {
      current: { ...key, rotateAt: "2026-12-01T00:00:00.000Z" },
      dsnSecret: "https://aaa:bbb@o1.ingest.sentry.io/1",
      nextRotationAt: "2026-12-01T00:00:00.000Z",
    };
  }
  if (args.type === PAIR) {
    return {
      current: { ...key, rotateAt: "2026-12-01T00:00:00.000Z" },
      previous: { ...key, keyId: "b".repeat(32), deactivateAt: "2026-11-08T00:00:00.000Z" },
      dsnSecret: "https://aaa:bbb@o1.ingest.sentry.io/1",
      previousDsnSecret: "https://bbb:ccc@o1.ingest.sentry.io/1",
      nextRotationAt: "2026-12-01T00:00:00.000Z",
    };
  }
  if (args.type === TOKEN) {
    return {
      tokenId: "42",
      token: "sntrys_test_value",
      tokenLastCharacters: "alue",
      createdAt: key.createdAt,
      rotateAt: "2026-12-01T00:00:00.000Z",
    };
  }
  return undefined;
}

describe("rotating components under mocks", () => {
  let mocks: PulumiMocks;
  before(async () => {
    mocks = await setupPulumiMocks({ outputs: providerOutputs });
  });
  beforeEach(() => mocks.reset());

  it("without overlap, is one ClientKey child with secret outputs declared", async () => {
    const key = new RotatingClientKey("web", { project: "web", name: "web", rotateEvery: "90d" });
    await mocks.settled();
    const component = mocks.find("sentry-rotation:index:RotatingClientKey", "web");
    const child = mocks.find(CLIENT_KEY, "web");
    assert.equal(child.parent, component.urn);
    assert.deepEqual(child.additionalSecretOutputs, ["secretKey", "dsnSecret", "connection"]);
    assert.equal(child.inputs.rotateEvery, "90d");
    assert.equal(mocks.maybeFind(PAIR, "web"), undefined);
    assert.equal(await resolveOutput(key.current.keyId), KEY_ID);
    assert.equal(await resolveOutput(key.nextRotationAt), "2027-01-30T00:00:00.000Z");
    assert.equal(key.previous, undefined);
  });

  it("with overlap, is one ClientKeyPair exposing current and previous", async () => {
    const key = new RotatingClientKey("api", {
      project: "api",
      name: "api",
      rotateEvery: "30d",
      overlap: "7d",
    });
    await mocks.settled();
    const pair = mocks.find(PAIR, "api");
    assert.equal(pair.inputs.overlap, "7d");
    assert.deepEqual(pair.additionalSecretOutputs, [
      "secretKey",
      "dsnSecret",
      "previousDsnSecret",
      "connection",
    ]);
    assert.equal(mocks.maybeFind(CLIENT_KEY, "api"), undefined);
    assert.equal(await resolveOutput(key.current.keyId), KEY_ID);
    assert.equal(await resolveOutput(key.previous!.keyId), "b".repeat(32));
    assert.equal(await resolveOutput(key.previous!.rotateAt), "2026-11-08T00:00:00.000Z");
    assert.equal((await outputDetails(key.previous!.dsnSecret)).isSecret, true);
    assert.equal(await resolveOutput(key.nextRotationAt), "2026-12-01T00:00:00.000Z");
  });

  it("with overlap and no previous key yet, leaves every previous field undefined, not empty", async () => {
    const key = new RotatingClientKey("fresh", {
      project: "api",
      name: "fresh",
      rotateEvery: "30d",
      overlap: "7d",
    });
    await mocks.settled();
    for (const field of ["keyId", "dsnPublic", "isActive", "createdAt", "rotateAt"] as const) {
      assert.equal(await resolveOutput<unknown>(key.previous![field]), undefined, field);
    }
    const secret = await outputDetails(key.previous!.dsnSecret);
    assert.equal(secret.isSecret, true);
    assert.equal(secret.value, undefined);
  });

  it("passes rotationWindow to its ClientKey, ClientKeyPair or OrgAuthToken", async () => {
    const window = {
      daysOfWeek: ["Sat"],
      startTime: "02:30",
      duration: "3h",
      timeZone: "Europe/Berlin",
    };
    new RotatingClientKey("single", {
      project: "web",
      name: "single",
      rotateEvery: "30d",
      rotationWindow: window,
    });
    new RotatingClientKey("paired", {
      project: "web",
      name: "paired",
      rotateEvery: "30d",
      overlap: "7d",
      rotationWindow: window,
    });
    new RotatingOrgAuthToken("tok", { name: "tok", rotateEvery: "30d", rotationWindow: window });
    await mocks.settled();
    assert.deepEqual(mocks.find(CLIENT_KEY, "single").inputs.rotationWindow, window);
    assert.deepEqual(mocks.find(PAIR, "paired").inputs.rotationWindow, window);
    assert.deepEqual(mocks.find(TOKEN, "tok").inputs.rotationWindow, window);
  });

  it("exposes its inner resource as resource, and still as the deprecated key", () => {
    const key = new RotatingClientKey("alias", { project: "web", name: "alias" });
    assert.equal(key.key, key.resource);
    assert.equal(key.resource.constructor.name, "ClientKey");
  });

  it("refuses an overlap without a rotation period", () => {
    assert.throws(
      () => new RotatingClientKey("x", { project: "x", name: "x", overlap: "7d" }),
      /overlap needs rotateEvery/,
    );
  });

  it("feeds each sink from the current key, as a child that depends on it", async () => {
    new RotatingClientKey("web", {
      project: "web",
      name: "web",
      rotateEvery: "90d",
      sinks: [{ type: "dotenvFile", path: "/tmp/sentry-rotation-test.env" }],
    });
    await mocks.settled();
    const component = mocks.find("sentry-rotation:index:RotatingClientKey", "web");
    const key = mocks.find(CLIENT_KEY, "web");
    const sinkComponent = mocks.childrenOf(component).find((r) => !r.custom);
    assert.ok(sinkComponent, "a sink component is a child of the rotating key");
    const sinkResources = mocks.resources.filter((r) => r.custom && r !== key);
    assert.ok(sinkResources.length > 0);
    for (const resource of sinkResources) {
      assert.ok(resource.dependencies.includes(key.urn), `${resource.type} depends on the key`);
    }
  });

  it("rotates an org auth token and hands the secret token to its sinks", async () => {
    const token = new RotatingOrgAuthToken("ci", {
      name: "ci",
      rotateEvery: "30d",
      sinks: [{ type: "dotenvFile", path: "/tmp/sentry-rotation-token.env" }],
    });
    await mocks.settled();
    const resource = mocks.find(TOKEN, "ci");
    assert.deepEqual(resource.additionalSecretOutputs, ["token", "connection"]);
    assert.equal(await resolveOutput(token.tokenId), "42");
    const dotenv = mocks.findAll("pulumi-nodejs:dynamic/sentry:DotenvFile")[0];
    assert.ok(dotenv, "the dotenv sink was created");
    assert.ok(dotenv.dependencies.includes(resource.urn));
  });

  it("records each delivery with a receipt that waits for its sink and carries the key's id", async () => {
    const rotating = new RotatingClientKey("web", {
      project: "web",
      name: "web",
      rotateEvery: "90d",
      sinks: [
        { type: "dotenvFile", path: "/tmp/sentry-rotation-a.env" },
        { type: "dotenvFile", path: "/tmp/sentry-rotation-b.env" },
      ],
    });
    await mocks.settled();
    const component = mocks.find("sentry-rotation:index:RotatingClientKey", "web");
    const key = mocks.find(CLIENT_KEY, "web");
    assert.equal(rotating.receipts.length, 2);
    for (const i of [0, 1]) {
      const receipt = mocks.find(RECEIPT, `web-sink-${i}-receipt`);
      const sinkComponent = mocks.find("sentry-rotation:index:DotenvFileSink", `web-sink-${i}`);
      const sinkFile = mocks.childrenOf(sinkComponent).find((r) => r.type === DOTENV);
      assert.ok(sinkFile, "the sink writes its file with a DotenvFile");
      // A child of the rotating component, not of its sink (which would wait for itself).
      assert.equal(receipt.parent, component.urn);
      assert.ok(receipt.explicitDependsOn.includes(sinkFile.urn), "the receipt waits for its sink");
      assert.deepEqual(receipt.propertyDependencies.keyId, [key.urn]);
      assert.equal(receipt.inputs.keyId, KEY_ID);
      assert.equal(receipt.inputs.auditUrn, key.urn);
      assert.equal(receipt.inputs.keyType, "client-key");
      assert.equal(receipt.inputs.project, "web");
      assert.equal(receipt.inputs.sink, `dotenv-file:/tmp/sentry-rotation-${i ? "b" : "a"}.env`);
      assert.deepEqual(receipt.secretPaths, [], "a receipt holds no secret");
    }
    // The key waits for nothing a receipt waits for.
    assert.deepEqual(key.dependencies, []);
    const other = mocks.find(RECEIPT, "web-sink-1-receipt");
    assert.ok(!other.dependencies.includes(mocks.find(DOTENV, "web-sink-0").urn));
  });

  it("receipts of a key pair follow its current key; a token's carry its last characters", async () => {
    new RotatingClientKey("api", {
      project: "api",
      name: "api",
      rotateEvery: "30d",
      overlap: "7d",
      sinks: [{ type: "githubActionsSecret", repository: "api" }],
    });
    new RotatingOrgAuthToken("ci", {
      name: "ci",
      rotateEvery: "30d",
      sinks: [{ type: "dotenvFile", path: "/tmp/sentry-rotation-token.env" }],
    });
    await mocks.settled();
    const pair = mocks.find(PAIR, "api");
    const pairReceipt = mocks.find(RECEIPT, "api-sink-0-receipt");
    assert.deepEqual(pairReceipt.propertyDependencies.keyId, [pair.urn]);
    assert.equal(pairReceipt.inputs.keyId, KEY_ID);
    assert.equal(pairReceipt.inputs.sink, "github-actions-secret:api/SENTRY_DSN");
    const token = mocks.find(TOKEN, "ci");
    const tokenReceipt = mocks.find(RECEIPT, "ci-sink-0-receipt");
    assert.equal(tokenReceipt.inputs.keyType, "org-auth-token");
    assert.equal(tokenReceipt.inputs.keyId, "42");
    assert.equal(tokenReceipt.inputs.tokenLastCharacters, "alue");
    assert.equal(tokenReceipt.inputs.auditUrn, token.urn);
    assert.deepEqual(tokenReceipt.secretPaths, []);
    assert.ok(!JSON.stringify(tokenReceipt.inputs).includes("sntrys_test_value"));
  });
});
