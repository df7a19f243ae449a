import assert from "node:assert/strict";
import {
  AwsSecretsManagerSink,
  createSink,
  describeSink,
  describeSinkFor,
  DotenvFileSink,
  GithubActionsSecretSink,
  KubernetesSecretSink,
  type SinkSpec,
  sinkSpecProblems,
  SsmParameterSink,
} from "../../../components/sinks";
import { type PulumiMocks } from "../../support/pulumi-mocks";
import { fakeClientKey, fakeOrgAuthToken, setupSinkMocks } from "./fixtures";

const WHERE = "keys[0].sinks[1]";

const GOOD: SinkSpec[] = [
  { type: "awsSecretsManager", name: "prod/sentry" },
  {
    type: "awsSecretsManager",
    name: "prod/sentry",
    description: "d",
    kmsKeyId: "alias/sentry",
    tags: { team: "web" },
    recoveryWindowInDays: 0,
    region: "eu-west-1",
    fields: ["dsn", "keyId"],
  },
  {
    type: "awsSecretsManager",
    secretId: "arn:aws:secretsmanager:us-east-1:123456789012:secret:x-AbCdEf",
  },
  { type: "ssmParameter", name: "/prod/sentry/dsn", value: "dsnSecret", kmsKeyId: "alias/k" },
  { type: "ssmParameter", name: "sentry_dsn" },
  {
    type: "kubernetesSecret",
    name: "sentry",
    namespace: "web",
    data: { SENTRY_DSN: "dsn", "sentry.key-id": "keyId" },
    configMap: { name: "sentry-public", key: "PUBLIC_DSN" },
    restartWorkloads: [
      { kind: "Deployment", name: "api" },
      { kind: "StatefulSet", name: "worker", namespace: "jobs" },
    ],
    labels: { app: "web" },
  },
  {
    type: "githubActionsSecret",
    repository: "web",
    environment: "production",
    secretName: "X",
    value: "dsn",
  },
  { type: "dotenvFile", path: ".env" },
  {
    type: "dotenvFile",
    path: "/srv/app/.env",
    variables: { SENTRY_DSN: "dsn", SENTRY_RELEASE_KEY: "keyId" },
  },
];

describe("sinkSpecProblems", function () {
  for (const spec of GOOD) {
    it(`accepts ${JSON.stringify(spec)}`, function () {
      assert.deepEqual(sinkSpecProblems(spec, WHERE), []);
    });
  }

  const BAD: Array<[string, unknown, RegExp]> = [
    [
      "a non-object",
      "dotenv",
      /^keys\[0\]\.sinks\[1\]: must be a sink such as \{ type: "dotenvFile", path: "\.env" \}/,
    ],
    [
      "an unknown type",
      { type: "vault" },
      /^keys\[0\]\.sinks\[1\]\.type: must be one of "awsSecretsManager", .*"dotenvFile", got "vault"/,
    ],
    [
      "an unknown field",
      { type: "dotenvFile", path: ".env", mode: "0644" },
      /\.mode: unknown field for a dotenvFile sink; known fields: path, variables/,
    ],
    ["a missing path", { type: "dotenvFile" }, /\.path: is required for a dotenvFile sink/],
    ["a directory path", { type: "dotenvFile", path: "./" }, /\.path: "\.\/" names a directory/],
    [
      "a lower-case variable",
      { type: "dotenvFile", path: ".env", variables: { dsn: "dsn" } },
      /\.variables: key "dsn" is not a variable name/,
    ],
    [
      "an unknown field name",
      { type: "dotenvFile", path: ".env", variables: { A: "secret" } },
      /\.variables: A: must be one of "dsn", "dsnSecret", "publicKey", "keyId", "rotatedAt", "token", got "secret"/,
    ],
    [
      "empty variables",
      { type: "dotenvFile", path: ".env", variables: {} },
      /\.variables: must map at least one name/,
    ],
    [
      "neither name nor secretId",
      { type: "awsSecretsManager" },
      /\.name: is required: the name of a secret to create, or give secretId/,
    ],
    [
      "name and secretId",
      { type: "awsSecretsManager", name: "a", secretId: "b" },
      /sinks\[1\]: set either name .* or secretId .*, not both/,
    ],
    [
      "creation settings on an existing secret",
      { type: "awsSecretsManager", secretId: "a", kmsKeyId: "k" },
      /\.kmsKeyId: applies only to a secret the sink creates/,
    ],
    [
      "a bad recovery window",
      { type: "awsSecretsManager", name: "a", recoveryWindowInDays: 3 },
      /\.recoveryWindowInDays: must be 0, or a whole number from 7 to 30, got 3/,
    ],
    [
      "a bad region",
      { type: "awsSecretsManager", name: "a", region: "Frankfurt" },
      /\.region: "Frankfurt" is not an AWS region/,
    ],
    [
      "a duplicated field",
      { type: "awsSecretsManager", name: "a", fields: ["dsn", "dsn"] },
      /\.fields: lists a field twice/,
    ],
    [
      "a secret name with spaces",
      { type: "awsSecretsManager", name: "my secret" },
      /\.name: "my secret" is not a Secrets Manager name/,
    ],
    [
      "an SSM path without leading slash",
      { type: "ssmParameter", name: "prod/dsn" },
      /\.name: "prod\/dsn" contains "\/" so it must start with "\/": write "\/prod\/dsn"/,
    ],
    [
      "an SSM name reserved by AWS",
      { type: "ssmParameter", name: "/aws/x" },
      /\.name: "\/aws\/x" starts with "aws" or "ssm"/,
    ],
    [
      "bad tags",
      { type: "ssmParameter", name: "/a", tags: { n: 1 } },
      /\.tags: value of "n" must be a string, got 1/,
    ],
    [
      "a Kubernetes name in capitals",
      { type: "kubernetesSecret", name: "Sentry" },
      /\.name: "Sentry" is not a Kubernetes name/,
    ],
    [
      "a bad namespace",
      { type: "kubernetesSecret", name: "s", namespace: "a.b" },
      /\.namespace: "a\.b" is not a Kubernetes namespace/,
    ],
    [
      "a bad data key",
      { type: "kubernetesSecret", name: "s", data: { "a b": "dsn" } },
      /\.data: key "a b" is not a valid data key/,
    ],
    [
      "a ConfigMap without name",
      { type: "kubernetesSecret", name: "s", configMap: {} },
      /\.configMap: name: undefined is not a Kubernetes name/,
    ],
    [
      "a workload of another kind",
      { type: "kubernetesSecret", name: "s", restartWorkloads: [{ kind: "Pod", name: "p" }] },
      /\.restartWorkloads: \[0\]\.kind: must be "Deployment" or "StatefulSet", got "Pod"/,
    ],
    [
      "a workload with a bad name",
      {
        type: "kubernetesSecret",
        name: "s",
        restartWorkloads: [{ kind: "Deployment", name: "A" }],
      },
      /\.restartWorkloads: \[0\]\.name: "A" is not a Kubernetes name/,
    ],
    [
      "an owner/repo",
      { type: "githubActionsSecret", repository: "acme/web" },
      /\.repository: "acme\/web" includes an owner/,
    ],
    [
      "a GITHUB_ secret name",
      { type: "githubActionsSecret", repository: "web", secretName: "GITHUB_TOKEN" },
      /\.secretName: "GITHUB_TOKEN" is not a GitHub secret name/,
    ],
    [
      "a blank environment",
      { type: "githubActionsSecret", repository: "web", environment: " " },
      /\.environment: must be a non-blank string/,
    ],
  ];
  for (const [title, spec, expected] of BAD) {
    it(`rejects ${title}`, function () {
      const problems = sinkSpecProblems(spec, WHERE);
      assert.equal(problems.length, 1, problems.join("\n"));
      assert.match(problems[0] as string, expected);
      assert.ok((problems[0] as string).startsWith(WHERE), "names the entry");
    });
  }

  it("reports every problem of a spec at once", function () {
    const problems = sinkSpecProblems(
      { type: "kubernetesSecret", namespace: "A", extra: 1 },
      WHERE,
    );
    assert.deepEqual(
      problems.map((p) => p.split(":")[0]),
      [`${WHERE}.namespace`, `${WHERE}.extra`, `${WHERE}.name`],
    );
  });

  it("checks fields against the source when it is known", function () {
    const tokenSink = { type: "githubActionsSecret", repository: "web", value: "dsn" };
    assert.deepEqual(sinkSpecProblems(tokenSink, WHERE), []);
    assert.match(
      sinkSpecProblems(tokenSink, WHERE, "orgAuthToken")[0] ?? "",
      /\.value: "dsn" is not available from an org auth token; use one of "token", "keyId", "rotatedAt"/,
    );
    assert.match(
      sinkSpecProblems(
        { type: "ssmParameter", name: "/a", value: "token" },
        WHERE,
        "clientKey",
      )[0] ?? "",
      /\.value: "token" is not available from a client key/,
    );
    assert.match(
      sinkSpecProblems(
        { type: "kubernetesSecret", name: "s", configMap: { name: "p" } },
        WHERE,
        "orgAuthToken",
      )[0] ?? "",
      /\.configMap: holds the public DSN for front ends; an org auth token has none/,
    );
  });
});

describe("createSink", function () {
  let mocks: PulumiMocks;
  beforeEach(async function () {
    mocks = await setupSinkMocks();
  });

  const cases: Array<[SinkSpec, new (...args: never[]) => unknown, string]> = [
    [
      { type: "awsSecretsManager", name: "prod/sentry" },
      AwsSecretsManagerSink,
      "aws:secretsmanager/secretVersion:SecretVersion",
    ],
    [{ type: "ssmParameter", name: "/prod/dsn" }, SsmParameterSink, "aws:ssm/parameter:Parameter"],
    [
      { type: "kubernetesSecret", name: "sentry" },
      KubernetesSecretSink,
      "kubernetes:core/v1:Secret",
    ],
    [
      { type: "githubActionsSecret", repository: "web" },
      GithubActionsSecretSink,
      "github:index/actionsSecret:ActionsSecret",
    ],
    [
      { type: "dotenvFile", path: "/srv/.env" },
      DotenvFileSink,
      "pulumi-nodejs:dynamic/sentry:DotenvFile",
    ],
  ];
  for (const [spec, expectedClass, childType] of cases) {
    it(`builds a ${spec.type} sink with its child under the given parent`, async function () {
      const { values } = fakeClientKey();
      const sink = createSink("s", spec, values);
      assert.ok(sink instanceof expectedClass);
      await mocks.settled();
      const component = mocks.find(`sentry-rotation:index:${expectedClass.name}`, "s");
      assert.equal(mocks.find(childType, "s").parent, component.urn);
    });
  }

  it("refuses an unknown type with the spec problem", function () {
    assert.throws(
      () => createSink("s", { type: "vault" } as unknown as SinkSpec, fakeOrgAuthToken().values),
      /sink "s"\.type: must be one of/,
    );
  });
});

describe("describeSink", function () {
  const cases: Array<[SinkSpec, string]> = [
    [{ type: "awsSecretsManager", name: "prod/sentry" }, "aws-secrets-manager:prod/sentry"],
    [
      { type: "awsSecretsManager", secretId: "arn:aws:secretsmanager:x" },
      "aws-secrets-manager:arn:aws:secretsmanager:x",
    ],
    [{ type: "ssmParameter", name: "/prod/dsn" }, "ssm-parameter:/prod/dsn"],
    [
      { type: "kubernetesSecret", name: "sentry", namespace: "web" },
      "kubernetes-secret:web/sentry",
    ],
    [{ type: "kubernetesSecret", name: "sentry" }, "kubernetes-secret:sentry"],
    [
      { type: "githubActionsSecret", repository: "web", secretName: "X" },
      "github-actions-secret:web/X",
    ],
    [
      { type: "githubActionsSecret", repository: "web", environment: "prod", secretName: "X" },
      "github-actions-secret:web/environments/prod/X",
    ],
    [
      { type: "githubActionsSecret", repository: "web" },
      "github-actions-secret:web/<SENTRY_DSN or SENTRY_AUTH_TOKEN>",
    ],
    [{ type: "dotenvFile", path: ".env" }, "dotenv-file:.env"],
  ];
  for (const [spec, line] of cases) {
    it(`describes ${spec.type} as ${line}`, function () {
      assert.equal(describeSink(spec), line);
    });
  }

  it("spells out default names when the source is known, and works with Array.map", function () {
    const spec: SinkSpec = { type: "githubActionsSecret", repository: "web" };
    assert.equal(
      describeSinkFor(spec, "orgAuthToken"),
      "github-actions-secret:web/SENTRY_AUTH_TOKEN",
    );
    assert.equal(describeSinkFor(spec, "clientKey"), "github-actions-secret:web/SENTRY_DSN");
    assert.deepEqual([spec].map(describeSink), [
      "github-actions-secret:web/<SENTRY_DSN or SENTRY_AUTH_TOKEN>",
    ]);
  });
});
