import assert from "node:assert/strict";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { ensureBuilt } from "../../testkit/dist";
import { type PulumiMocks, setupPulumiMocks } from "../support/pulumi-mocks";

describe("examples/local under mocks", () => {
  let mocks: PulumiMocks;
  before(async function () {
    this.timeout(120_000);
    ensureBuilt();
    mocks = await setupPulumiMocks({ project: "sentry-rotation-local" });
    pulumi.runtime.setAllConfig({ "sentry-rotation-local:project": "sandbox-project" });
    require("../../examples/local");
    await mocks.settled();
  });

  it("rotates a client key into .env.sentry and an org token into .env.sentry-ci", () => {
    const key = mocks.find("pulumi-nodejs:dynamic/sentry:ClientKey", "web");
    assert.equal(key.inputs.project, "sandbox-project");
    assert.equal(key.inputs.rotateEvery, "90d");
    const token = mocks.find("pulumi-nodejs:dynamic/sentry:OrgAuthToken", "ci");
    const files = mocks.findAll("pulumi-nodejs:dynamic/sentry:DotenvFile");
    // Relative paths are resolved against the program's directory when the program runs.
    const paths = files.map((f) => path.relative(process.cwd(), String(f.inputs.path))).sort();
    assert.deepEqual(paths, [".env.sentry", ".env.sentry-ci"]);
    const dsnFile = files.find((f) => String(f.inputs.path).endsWith(".env.sentry"))!;
    const tokenFile = files.find((f) => String(f.inputs.path).endsWith(".env.sentry-ci"))!;
    assert.ok(dsnFile.dependencies.includes(key.urn), "the DSN file is written from the key");
    assert.ok(
      tokenFile.dependencies.includes(token.urn),
      "the token file is written from the token",
    );
  });
});
