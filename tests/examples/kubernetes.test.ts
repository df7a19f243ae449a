import assert from "node:assert/strict";
import { ensureBuilt } from "../../testkit/dist";
import { isSecretPath, type PulumiMocks, setupPulumiMocks, valueAt } from "../support/pulumi-mocks";

describe("examples/kubernetes under mocks", () => {
  let mocks: PulumiMocks;
  before(async function () {
    this.timeout(120_000);
    ensureBuilt();
    mocks = await setupPulumiMocks({ project: "sentry-rotation-kubernetes" });
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
    assert.ok(isSecretPath(secret, "stringData.SENTRY_DSN"));
    assert.ok(secret.dependencies.includes(key.urn));

    const configMap = mocks.findAll("kubernetes:core/v1:ConfigMap")[0]!;
    assert.equal(valueAt(configMap.inputs, "metadata.name"), "sentry-public");
    assert.deepEqual(configMap.secretPaths, [], "the ConfigMap holds nothing secret");

    const patch = mocks.findAll("kubernetes:apps/v1:DeploymentPatch")[0]!;
    assert.equal(valueAt(patch.inputs, "metadata.name"), "checkout");
    assert.ok(patch.dependencies.includes(secret.urn), "the rollout waits for the Secret");
    assert.ok(patch.dependencies.includes(key.urn), "the annotation carries the new key id");
  });
});
