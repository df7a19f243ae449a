import assert from "node:assert/strict";
import { AwsSecretsManagerSink, SsmParameterSink } from "../../../components/sinks";
import { isSecretPath, type PulumiMocks, resolveOutput } from "../../support/pulumi-mocks";
import {
  DSN,
  DSN_SECRET,
  fakeClientKey,
  fakeOrgAuthToken,
  KEY_ID,
  ROTATED_AT,
  setupSinkMocks,
  TOKEN,
  TOKEN_ID,
} from "./fixtures";

const SECRET = "aws:secretsmanager/secret:Secret";
const VERSION = "aws:secretsmanager/secretVersion:SecretVersion";
const PARAMETER = "aws:ssm/parameter:Parameter";

describe("AwsSecretsManagerSink", function () {
  let mocks: PulumiMocks;
  beforeEach(async function () {
    mocks = await setupSinkMocks();
  });

  it("creates the secret and a version holding the key as JSON, secret, after the key", async function () {
    const { key, values } = fakeClientKey();
    const sink = new AwsSecretsManagerSink("prod-dsn", {
      name: "prod/sentry",
      description: "Sentry DSN of web",
      kmsKeyId: "alias/sentry",
      tags: { team: "web" },
      recoveryWindowInDays: 7,
      region: "eu-west-1",
      values,
    });
    await mocks.settled();

    const component = mocks.find("sentry-rotation:index:AwsSecretsManagerSink", "prod-dsn");
    const secret = mocks.find(SECRET, "prod-dsn");
    const version = mocks.find(VERSION, "prod-dsn");
    assert.equal(secret.parent, component.urn);
    assert.equal(version.parent, component.urn);
    assert.deepEqual(secret.inputs, {
      name: "prod/sentry",
      description: "Sentry DSN of web",
      kmsKeyId: "alias/sentry",
      tags: { team: "web" },
      recoveryWindowInDays: 7,
      region: "eu-west-1",
    });
    assert.equal(version.inputs.secretId, "arn:aws:mock:prod-dsn");
    assert.equal(version.inputs.region, "eu-west-1");
    assert.deepEqual(JSON.parse(version.inputs.secretString as string), {
      dsn: DSN,
      publicKey: KEY_ID,
      keyId: KEY_ID,
      rotatedAt: ROTATED_AT,
    });
    assert.ok(isSecretPath(version, "secretString"), "the JSON is a Pulumi secret");
    const keyUrn = await resolveOutput(key.urn);
    assert.deepEqual(version.propertyDependencies.secretString, [keyUrn]);
    assert.ok(version.dependencies.includes(keyUrn), "the version waits for the key");
    assert.ok(version.dependencies.includes(secret.urn));
    assert.equal(await resolveOutput(sink.secretArn), "arn:aws:mock:prod-dsn");
    assert.equal(await resolveOutput(sink.versionId), "version-of-prod-dsn");
  });

  it("keeps replaced versions (retainOnDelete) so AWS's own AWSPREVIOUS label stays on the previous JSON", async function () {
    const { values } = fakeClientKey();
    new AwsSecretsManagerSink("s", { name: "prod/sentry", values });
    await mocks.settled();
    const version = mocks.find(VERSION, "s");
    assert.equal(version.retainOnDelete, true);
    assert.equal(version.deleteBeforeReplace, false, "the new version exists before the old goes");
    assert.equal(version.inputs.versionStages, undefined, "labels are left to PutSecretValue");
    assert.equal(
      mocks.find(SECRET, "s").retainOnDelete,
      undefined,
      "the secret itself is not retained",
    );
  });

  it("puts versions into an existing secret by name or ARN without creating one", async function () {
    const { values } = fakeClientKey();
    const arn = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/sentry-AbCdEf";
    new AwsSecretsManagerSink("existing", { secretId: arn, values });
    await mocks.settled();
    assert.equal(mocks.findAll(SECRET).length, 0);
    assert.equal(mocks.find(VERSION, "existing").inputs.secretId, arn);
  });

  it("writes the token, not a DSN, for an org auth token", async function () {
    const { values } = fakeOrgAuthToken();
    new AwsSecretsManagerSink("ci", { name: "ci/sentry-auth-token", values });
    await mocks.settled();
    const version = mocks.find(VERSION, "ci");
    assert.deepEqual(JSON.parse(version.inputs.secretString as string), {
      keyId: TOKEN_ID,
      rotatedAt: ROTATED_AT,
      token: TOKEN,
    });
    assert.ok(isSecretPath(version, "secretString"));
  });

  it("writes the chosen fields, in a fixed order", async function () {
    const { values } = fakeClientKey();
    new AwsSecretsManagerSink("legacy", { name: "legacy", fields: ["keyId", "dsnSecret"], values });
    await mocks.settled();
    assert.equal(
      mocks.find(VERSION, "legacy").inputs.secretString,
      JSON.stringify({ dsnSecret: DSN_SECRET, keyId: KEY_ID }),
    );
  });

  it("refuses bad settings with every problem named", function () {
    const { values } = fakeClientKey();
    assert.throws(
      () => new AwsSecretsManagerSink("bad", { name: "a b", secretId: "x", values }),
      (err: Error) =>
        /sink "bad"\.name: "a b" is not a Secrets Manager name/.test(err.message) &&
        /sink "bad": set either name .* or secretId/.test(err.message),
    );
    assert.throws(
      () =>
        new AwsSecretsManagerSink("tok", {
          name: "x",
          fields: ["dsn"],
          values: fakeOrgAuthToken().values,
        }),
      /sink "tok"\.fields: "dsn" is not available from an org auth token/,
    );
  });
});

describe("SsmParameterSink", function () {
  let mocks: PulumiMocks;
  beforeEach(async function () {
    mocks = await setupSinkMocks();
  });

  it("writes the DSN to a SecureString parameter, overwrite allowed, secret, after the key", async function () {
    const { key, values } = fakeClientKey();
    const sink = new SsmParameterSink("param", {
      name: "/prod/sentry/dsn",
      kmsKeyId: "alias/sentry",
      description: "web DSN",
      tags: { team: "web" },
      values,
    });
    await mocks.settled();
    const parameter = mocks.find(PARAMETER, "param");
    assert.equal(
      parameter.parent,
      mocks.find("sentry-rotation:index:SsmParameterSink", "param").urn,
    );
    assert.deepEqual(parameter.inputs, {
      name: "/prod/sentry/dsn",
      type: "SecureString",
      value: DSN,
      keyId: "alias/sentry",
      overwrite: true,
      description: "web DSN",
      tags: { team: "web" },
    });
    assert.ok(isSecretPath(parameter, "value"));
    assert.deepEqual(parameter.propertyDependencies.value, [await resolveOutput(key.urn)]);
    assert.equal(await resolveOutput(sink.parameterArn), "arn:aws:mock:param");
  });

  it("writes the token for an org auth token, or the chosen field", async function () {
    new SsmParameterSink("token", { name: "/ci/sentry-token", values: fakeOrgAuthToken().values });
    new SsmParameterSink("key-id", {
      name: "/prod/key-id",
      value: "keyId",
      values: fakeClientKey().values,
    });
    await mocks.settled();
    assert.equal(mocks.find(PARAMETER, "token").inputs.value, TOKEN);
    assert.equal(mocks.find(PARAMETER, "key-id").inputs.value, KEY_ID);
    assert.ok(isSecretPath(mocks.find(PARAMETER, "key-id"), "value"));
  });

  it("accepts a KMS key from another resource (an Output is not validated here)", async function () {
    const { values, key } = fakeClientKey();
    new SsmParameterSink("kms", { name: "/x", kmsKeyId: key.urn, values });
    await mocks.settled();
    assert.match(String(mocks.find(PARAMETER, "kms").inputs.keyId), /FakeClientKey/);
  });

  it("refuses a hierarchical name without the leading slash", function () {
    assert.throws(
      () => new SsmParameterSink("p", { name: "prod/sentry", values: fakeClientKey().values }),
      /sink "p"\.name: "prod\/sentry" contains "\/" so it must start with "\/": write "\/prod\/sentry"/,
    );
  });
});
