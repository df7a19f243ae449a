import assert from "node:assert/strict";
import * as k8s from "@pulumi/kubernetes";
import { KEY_ID_ANNOTATION, KubernetesSecretSink } from "../../../components/sinks";
import { isSecretPath, type PulumiMocks, resolveOutput, valueAt } from "../../support/pulumi-mocks";
import {
  DSN,
  DSN_SECRET,
  fakeClientKey,
  fakeOrgAuthToken,
  KEY_ID,
  setupSinkMocks,
  TOKEN,
  TOKEN_ID,
} from "./fixtures";

const SECRET = "kubernetes:core/v1:Secret";
const CONFIG_MAP = "kubernetes:core/v1:ConfigMap";
const DEPLOYMENT_PATCH = "kubernetes:apps/v1:DeploymentPatch";
const STATEFUL_SET_PATCH = "kubernetes:apps/v1:StatefulSetPatch";
const ANNOTATION_PATH = ["spec", "template", "metadata", "annotations", KEY_ID_ANNOTATION];

describe("KubernetesSecretSink", function () {
  let mocks: PulumiMocks;
  beforeEach(async function () {
    mocks = await setupSinkMocks();
  });

  it("writes SENTRY_DSN to a Secret, as a secret, after the key", async function () {
    const { key, values } = fakeClientKey();
    new KubernetesSecretSink("web", {
      name: "sentry",
      namespace: "web",
      labels: { app: "web" },
      values,
    });
    await mocks.settled();
    const secret = mocks.find(SECRET, "web");
    assert.equal(
      secret.parent,
      mocks.find("sentry-rotation:index:KubernetesSecretSink", "web").urn,
    );
    assert.deepEqual(secret.inputs.metadata, {
      name: "sentry",
      namespace: "web",
      labels: { app: "web" },
    });
    assert.equal(secret.inputs.type, "Opaque");
    assert.deepEqual(secret.inputs.stringData, { SENTRY_DSN: DSN });
    assert.ok(isSecretPath(secret, "stringData.SENTRY_DSN"));
    assert.deepEqual(secret.propertyDependencies.stringData, [await resolveOutput(key.urn)]);
  });

  it("writes the chosen data keys, and SENTRY_AUTH_TOKEN for a token", async function () {
    new KubernetesSecretSink("many", {
      name: "sentry",
      data: { DSN: "dsn", LEGACY_DSN: "dsnSecret", "key.id": "keyId" },
      values: fakeClientKey().values,
    });
    new KubernetesSecretSink("ci", { name: "sentry-cli", values: fakeOrgAuthToken().values });
    await mocks.settled();
    assert.deepEqual(mocks.find(SECRET, "many").inputs.stringData, {
      DSN,
      LEGACY_DSN: DSN_SECRET,
      "key.id": KEY_ID,
    });
    assert.deepEqual(mocks.find(SECRET, "ci").inputs.stringData, { SENTRY_AUTH_TOKEN: TOKEN });
    assert.ok(isSecretPath(mocks.find(SECRET, "ci"), "stringData"));
  });

  it("puts only the public DSN in the ConfigMap, never the secret DSN, and not as a secret", async function () {
    new KubernetesSecretSink("front", {
      name: "sentry",
      namespace: "web",
      data: { SENTRY_DSN: "dsnSecret" },
      configMap: { name: "sentry-public", key: "PUBLIC_SENTRY_DSN" },
      values: fakeClientKey().values,
    });
    await mocks.settled();
    const configMap = mocks.find(CONFIG_MAP, "front-public-dsn");
    assert.deepEqual(configMap.inputs.metadata, { name: "sentry-public", namespace: "web" });
    assert.deepEqual(configMap.inputs.data, { PUBLIC_SENTRY_DSN: DSN });
    assert.deepEqual(configMap.secretPaths, []);
    assert.ok(!JSON.stringify(configMap.inputs).includes(DSN_SECRET.split("@")[0] as string));
  });

  it("refuses a ConfigMap for an org auth token", function () {
    assert.throws(
      () =>
        new KubernetesSecretSink("ci", {
          name: "sentry-cli",
          configMap: { name: "public" },
          values: fakeOrgAuthToken().values,
        }),
      /sink "ci"\.configMap: holds the public DSN for front ends; an org auth token has none/,
    );
  });

  it("rolls the listed workloads with the new key id, after the Secret and ConfigMap", async function () {
    const { key, values } = fakeClientKey();
    new KubernetesSecretSink("web", {
      name: "sentry",
      namespace: "web",
      configMap: { name: "sentry-public" },
      restartWorkloads: [
        { kind: "Deployment", name: "api" },
        { kind: "StatefulSet", name: "worker", namespace: "jobs" },
      ],
      values,
    });
    await mocks.settled();
    const secret = mocks.find(SECRET, "web");
    const configMap = mocks.find(CONFIG_MAP, "web-public-dsn");
    const deployment = mocks.find(DEPLOYMENT_PATCH, "web-restart-deployment-web-api");
    const statefulSet = mocks.find(STATEFUL_SET_PATCH, "web-restart-statefulset-jobs-worker");
    assert.deepEqual(deployment.inputs.metadata, { name: "api", namespace: "web" });
    assert.deepEqual(statefulSet.inputs.metadata, { name: "worker", namespace: "jobs" });
    assert.equal(deployment.inputs.kind, "Deployment");
    assert.equal(statefulSet.inputs.kind, "StatefulSet");
    for (const patch of [deployment, statefulSet]) {
      assert.equal(valueAt(patch.inputs, ANNOTATION_PATH), KEY_ID);
      assert.deepEqual(patch.explicitDependsOn.sort(), [configMap.urn, secret.urn].sort());
      assert.ok(patch.dependencies.includes(await resolveOutput(key.urn)));
      assert.deepEqual(Object.keys(patch.inputs).sort(), [
        "apiVersion",
        "kind",
        "metadata",
        "spec",
      ]);
    }
  });

  it("annotates with the token id for a token", async function () {
    new KubernetesSecretSink("ci", {
      name: "sentry-cli",
      restartWorkloads: [{ kind: "Deployment", name: "runner" }],
      values: fakeOrgAuthToken().values,
    });
    await mocks.settled();
    const patch = mocks.find(DEPLOYMENT_PATCH, "ci-restart-deployment-default-runner");
    assert.equal(valueAt(patch.inputs, ANNOTATION_PATH), TOKEN_ID);
    assert.deepEqual(patch.inputs.metadata, { name: "runner" });
  });

  it("hands the Kubernetes provider given in opts to every child", async function () {
    const cluster = new k8s.Provider("cluster", { namespace: "web" });
    new KubernetesSecretSink(
      "web",
      {
        name: "sentry",
        configMap: { name: "sentry-public" },
        restartWorkloads: [{ kind: "Deployment", name: "api" }],
        values: fakeClientKey().values,
      },
      { provider: cluster },
    );
    await mocks.settled();
    const providerUrn = await resolveOutput(cluster.urn);
    const children = [SECRET, CONFIG_MAP, DEPLOYMENT_PATCH].map((type) => mocks.findAll(type)[0]);
    for (const child of children)
      assert.match(child?.provider ?? "", new RegExp(`^${providerUrn}::`));
  });

  it("refuses invalid names, naming the field", function () {
    assert.throws(
      () =>
        new KubernetesSecretSink("bad", {
          name: "Sentry_DSN",
          restartWorkloads: [{ kind: "DaemonSet" as "Deployment", name: "x" }],
          values: fakeClientKey().values,
        }),
      (err: Error) =>
        /sink "bad"\.name: "Sentry_DSN" is not a Kubernetes name/.test(err.message) &&
        /sink "bad"\.restartWorkloads: \[0\]\.kind: must be "Deployment" or "StatefulSet"/.test(
          err.message,
        ),
    );
  });
});
