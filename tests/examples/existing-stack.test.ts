import assert from "node:assert/strict";
import { ensureBuilt } from "../../testkit/dist";
import { type PulumiMocks, setupPulumiMocks } from "../support/pulumi-mocks";

describe("examples/existing-stack under mocks", () => {
  let mocks: PulumiMocks;
  before(async function () {
    this.timeout(120_000);
    ensureBuilt();
    mocks = await setupPulumiMocks({
      project: "sentry-rotation-existing-stack",
      outputs: (args) =>
        args.type === "pulumi-nodejs:dynamic/sentry:ClientKey"
          ? { dsnPublic: "https://k@o1.ingest.sentry.io/1" }
          : args.type.startsWith("aws:")
            ? { arn: `arn:aws:test:::${args.name}` }
            : undefined,
    });
    require("../../examples/existing-stack");
    await mocks.settled();
  });

  it("adds a rotating key beside the existing resources, read by the function directly", () => {
    const key = mocks.find("pulumi-nodejs:dynamic/sentry:ClientKey", "orders");
    const fn = mocks.find("aws:lambda/function:Function", "orders");
    assert.ok(fn.dependencies.includes(key.urn), "the function is updated after a new key exists");
    assert.ok(mocks.find("aws:iam/role:Role", "orders-fn"), "the existing resources are untouched");
  });
});
