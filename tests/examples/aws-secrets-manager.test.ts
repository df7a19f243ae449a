import assert from "node:assert/strict";
import { ensureBuilt } from "../../testkit/dist";
import { isSecretPath, type PulumiMocks, setupPulumiMocks } from "../support/pulumi-mocks";

describe("examples/aws-secrets-manager under mocks", () => {
  let mocks: PulumiMocks;
  before(async function () {
    this.timeout(120_000);
    ensureBuilt();
    mocks = await setupPulumiMocks({
      project: "sentry-rotation-aws",
      stack: "prod",
      outputs: (args) =>
        args.type.startsWith("aws:") ? { arn: `arn:aws:test:::${args.name}` } : undefined,
    });
    require("../../examples/aws-secrets-manager");
    await mocks.settled();
  });

  it("keeps the old key for 2 days and delivers the DSN to Secrets Manager and SSM as secrets", () => {
    const pair = mocks.find("pulumi-nodejs:dynamic/sentry:ClientKeyPair", "api");
    assert.equal(pair.inputs.overlap, "2d");
    const secret = mocks.findAll("aws:secretsmanager/secret:Secret")[0];
    assert.equal(secret?.inputs.name, "prod/sentry/api");
    const version = mocks.findAll("aws:secretsmanager/secretVersion:SecretVersion")[0]!;
    assert.ok(version.dependencies.includes(pair.urn), "the version is written from the key");
    assert.ok(isSecretPath(version, "secretString"), "the JSON is a secret");
    const parameter = mocks.findAll("aws:ssm/parameter:Parameter")[0]!;
    assert.equal(parameter.inputs.name, "/prod/sentry/api/dsn");
    assert.equal(parameter.inputs.type, "SecureString");
    assert.ok(isSecretPath(parameter, "value"));
    assert.ok(parameter.dependencies.includes(pair.urn));
  });
});
