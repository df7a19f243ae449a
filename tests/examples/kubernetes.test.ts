import assert from "node:assert/strict";
import { ensureBuilt } from "../../testkit/dist";
import { isSecretPath, type PulumiMocks, setupPulumiMocks, valueAt } from "../support/pulumi-mocks";

const KEY_ID = "0123456789abcdef0123456789abcdef";

describe("examples/kubernetes under mocks", () => {
  let mocks: PulumiMocks;
  before(async function () {
    this.timeout(120_000);
    ensureBuilt();
    mocks = await setupPulumiMocks({
      project: "sentry-rotation-kubernetes",
      // What the Sentry API gives a new key; the sink encodes the DSN for the Secret.
      outputs: (args) =>
        args.type === "pulumi-nodejs:dynamic/sentry:ClientKey"
          ? {
              keyId: KEY_ID,
              publicKey: KEY_ID,
              dsnPublic: `https://${KEY_ID}@o1.ingest.sentry.io/42`,
              dsnSecret: `https://${KEY_ID}:5ec7e7@o1.ingest.sentry.io/42`,
            }
          : undefined,
    });
    require("../../examples/kubernetes");
    await mocks.settled();
  });

  it("updates the Secret, publishes only the public DSN, and rolls the Deployment onto the new key", () => {
    const key = mocks.find("pulumi-nodejs:dynamic/sentry:ClientKey", "checkout");
    const deployment = mocks.find("kubernetes:apps/v1:Deployment", "checkout");
    const component = mocks.find("sentry-rotation:index:RotatingClientKey", "checkout");
    assert.ok(component.dependencies.includes(deployment.urn));

    const secret = mocks.findAll("kubernetes:core/v1:Secret")[0]!;
    assert.equal(valueAt(secret.inputs, "metadata.name"), "sentry");
    const secretData = mocks.findAll("kubernetes:core/v1:SecretPatch")[0]!;
    assert.equal(valueAt(secretData.inputs, "metadata.name"), "sentry");
    assert.ok(isSecretPath(secretData, "data.SENTRY_DSN"));
    assert.ok(secretData.dependencies.includes(key.urn));

    const configMap = mocks.findAll("kubernetes:core/v1:ConfigMap")[0]!;
    assert.equal(valueAt(configMap.inputs, "metadata.name"), "sentry-public");
    const configMapData = mocks.findAll("kubernetes:core/v1:ConfigMapPatch")[0]!;
    assert.deepEqual(configMapData.secretPaths, [], "the ConfigMap holds nothing secret");

    const patch = mocks.findAll("kubernetes:apps/v1:DeploymentPatch")[0]!;
    assert.equal(valueAt(patch.inputs, "metadata.name"), "checkout");
    assert.ok(patch.dependencies.includes(secretData.urn), "the rollout waits for the Secret data");
    assert.ok(patch.dependencies.includes(key.urn), "the annotation carries the new key id");
  });
});
