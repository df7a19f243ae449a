import assert from "node:assert/strict";
import * as path from "node:path";
import { DotenvFileSink, GithubActionsSecretSink } from "../../../components/sinks";
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
} from "./fixtures";

const ACTIONS_SECRET = "github:index/actionsSecret:ActionsSecret";
const ENVIRONMENT_SECRET = "github:index/actionsEnvironmentSecret:ActionsEnvironmentSecret";
const DOTENV_FILE = "pulumi-nodejs:dynamic/sentry:DotenvFile";

describe("GithubActionsSecretSink", function () {
  let mocks: PulumiMocks;
  beforeEach(async function () {
    mocks = await setupSinkMocks();
  });

  it("writes SENTRY_AUTH_TOKEN for sentry-cli as a repository secret, secret, after the token", async function () {
    const { token, values } = fakeOrgAuthToken();
    const sink = new GithubActionsSecretSink("ci", { repository: "web", values });
    await mocks.settled();
    const secret = mocks.find(ACTIONS_SECRET, "ci");
    assert.equal(
      secret.parent,
      mocks.find("sentry-rotation:index:GithubActionsSecretSink", "ci").urn,
    );
    assert.deepEqual(secret.inputs, {
      repository: "web",
      secretName: "SENTRY_AUTH_TOKEN",
      value: TOKEN,
    });
    assert.ok(isSecretPath(secret, "value"));
    assert.deepEqual(secret.propertyDependencies.value, [await resolveOutput(token.urn)]);
    assert.equal(sink.secretName, "SENTRY_AUTH_TOKEN");
  });

  it("deletes before replacing: a same-name secret created first would then be deleted", async function () {
    new GithubActionsSecretSink("ci", { repository: "web", values: fakeOrgAuthToken().values });
    await mocks.settled();
    assert.equal(mocks.find(ACTIONS_SECRET, "ci").deleteBeforeReplace, true);
  });

  it("writes SENTRY_DSN for a key, an environment secret with environment, or the chosen name and field", async function () {
    new GithubActionsSecretSink("dsn", { repository: "web", values: fakeClientKey().values });
    new GithubActionsSecretSink("prod", {
      repository: "web",
      environment: "production",
      secretName: "SENTRY_DSN_LEGACY",
      value: "dsnSecret",
      values: fakeClientKey("k2").values,
    });
    await mocks.settled();
    assert.deepEqual(mocks.find(ACTIONS_SECRET, "dsn").inputs, {
      repository: "web",
      secretName: "SENTRY_DSN",
      value: DSN,
    });
    const environmentSecret = mocks.find(ENVIRONMENT_SECRET, "prod");
    assert.deepEqual(environmentSecret.inputs, {
      repository: "web",
      environment: "production",
      secretName: "SENTRY_DSN_LEGACY",
      value: DSN_SECRET,
    });
    assert.ok(isSecretPath(environmentSecret, "value"));
    assert.equal(environmentSecret.deleteBeforeReplace, true);
  });

  it("refuses an owner/repository pair, saying where the owner goes", function () {
    assert.throws(
      () =>
        new GithubActionsSecretSink("ci", {
          repository: "acme/web",
          values: fakeOrgAuthToken().values,
        }),
      /sink "ci"\.repository: "acme\/web" includes an owner; give the repository name alone \("web"\) and set the owner with `pulumi config set github:owner acme`/,
    );
  });
});

describe("DotenvFileSink", function () {
  let mocks: PulumiMocks;
  beforeEach(async function () {
    mocks = await setupSinkMocks();
  });

  it("writes SENTRY_DSN through a DotenvFile, variables secret, path resolved, after the key", async function () {
    const { key, values } = fakeClientKey();
    const sink = new DotenvFileSink("local", { path: ".env", values });
    await mocks.settled();
    const file = mocks.find(DOTENV_FILE, "local");
    assert.equal(file.parent, mocks.find("sentry-rotation:index:DotenvFileSink", "local").urn);
    assert.equal(file.inputs.path, path.resolve(".env"));
    assert.deepEqual(file.inputs.variables, { SENTRY_DSN: DSN });
    assert.ok(isSecretPath(file, "variables"));
    assert.deepEqual(file.propertyDependencies.variables, [await resolveOutput(key.urn)]);
    assert.ok(
      typeof file.inputs.__provider === "string" && !file.inputs.__provider.includes(KEY_ID),
      "the serialized provider carries no value",
    );
    assert.equal(await resolveOutput(sink.path), path.resolve(".env"));
  });

  it("writes the chosen variables, and SENTRY_AUTH_TOKEN for a token", async function () {
    new DotenvFileSink("many", {
      path: "/srv/app/.env",
      variables: { SENTRY_DSN: "dsn", SENTRY_KEY_ID: "keyId", SENTRY_ROTATED_AT: "rotatedAt" },
      values: fakeClientKey().values,
    });
    new DotenvFileSink("ci", { path: "/srv/ci/.env", values: fakeOrgAuthToken().values });
    await mocks.settled();
    assert.deepEqual(mocks.find(DOTENV_FILE, "many").inputs.variables, {
      SENTRY_DSN: DSN,
      SENTRY_KEY_ID: KEY_ID,
      SENTRY_ROTATED_AT: ROTATED_AT,
    });
    assert.deepEqual(mocks.find(DOTENV_FILE, "ci").inputs.variables, { SENTRY_AUTH_TOKEN: TOKEN });
    assert.ok(isSecretPath(mocks.find(DOTENV_FILE, "ci"), "variables"));
  });

  it("refuses a bad variable name or a field the source lacks, naming the field", function () {
    assert.throws(
      () =>
        new DotenvFileSink("bad", {
          path: ".env",
          variables: { "sentry-dsn": "dsn" },
          values: fakeClientKey().values,
        }),
      /sink "bad"\.variables: key "sentry-dsn" is not a variable name/,
    );
    assert.throws(
      () =>
        new DotenvFileSink("tok", {
          path: ".env",
          variables: { SENTRY_DSN: "dsn" },
          values: fakeOrgAuthToken().values,
        }),
      /sink "tok"\.variables: SENTRY_DSN: "dsn" is not available from an org auth token; use one of "token", "keyId", "rotatedAt"/,
    );
    assert.throws(
      () => new DotenvFileSink("dir", { path: "config/", values: fakeClientKey().values }),
      /sink "dir"\.path: "config\/" names a directory; give the file inside it, e\.g\. "config\/\.env"/,
    );
  });
});
