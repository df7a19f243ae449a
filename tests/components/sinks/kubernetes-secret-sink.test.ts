import assert from "node:assert/strict";
import * as k8s from "@pulumi/kubernetes";
import { KubernetesSecretSink, restartAnnotationKey } from "../../../components/sinks";
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
const SECRET_PATCH = "kubernetes:core/v1:SecretPatch";
const CONFIG_MAP = "kubernetes:core/v1:ConfigMap";
const CONFIG_MAP_PATCH = "kubernetes:core/v1:ConfigMapPatch";
const DEPLOYMENT_PATCH = "kubernetes:apps/v1:DeploymentPatch";
const STATEFUL_SET_PATCH = "kubernetes:apps/v1:StatefulSetPatch";
const annotationPath = (sink: string) => [
  "spec",
  "template",
  "metadata",
  "annotations",
  restartAnnotationKey(sink),
];
const base64 = (text: string) => Buffer.from(text, "utf8").toString("base64");

describe("KubernetesSecretSink", function () {
  let mocks: PulumiMocks;
  beforeEach(async function () {
    mocks = await setupSinkMocks();
  });

  it("makes the Secret once and writes SENTRY_DSN into it with a patch, as a secret, after the key", async function () {
    const { key, values } = fakeClientKey();
    new KubernetesSecretSink("web", {
      name: "sentry",
      namespace: "web",
      labels: { app: "web" },
      values,
    });
    await mocks.settled();
    const sinkUrn = mocks.find("sentry-rotation:index:KubernetesSecretSink", "web").urn;
    const secret = mocks.find(SECRET, "web");
    assert.equal(secret.parent, sinkUrn);
    assert.deepEqual(secret.inputs, {
      apiVersion: "v1",
      kind: "Secret",
      metadata: { name: "sentry", namespace: "web", labels: { app: "web" } },
      type: "Opaque",
    });
    // The data is a patch: a rotation updates it in place instead of replacing the Secret.
    const data = mocks.find(SECRET_PATCH, "web-data");
    assert.equal(data.parent, sinkUrn);
    assert.deepEqual(data.inputs.metadata, { name: "sentry", namespace: "web" });
    assert.deepEqual(data.inputs.data, { SENTRY_DSN: base64(DSN) });
    assert.equal(data.inputs.stringData, undefined);
    assert.ok(isSecretPath(data, "data.SENTRY_DSN"));
    assert.deepEqual(data.propertyDependencies.data, [await resolveOutput(key.urn)]);
    assert.deepEqual(data.explicitDependsOn, [secret.urn]);
  });

  it("writes the chosen data keys, and SENTRY_AUTH_TOKEN for a token", async function () {
    new KubernetesSecretSink("many", {
      name: "sentry",
      data: { DSN: "dsn", LEGACY_DSN: "dsnSecret", "key.id": "keyId" },
      values: fakeClientKey().values,
    });
    new KubernetesSecretSink("ci", { name: "sentry-cli", values: fakeOrgAuthToken().values });
    await mocks.settled();
    assert.deepEqual(mocks.find(SECRET_PATCH, "many-data").inputs.data, {
      DSN: base64(DSN),
      LEGACY_DSN: base64(DSN_SECRET),
      "key.id": base64(KEY_ID),
    });
    assert.deepEqual(mocks.find(SECRET_PATCH, "ci-data").inputs.data, {
      SENTRY_AUTH_TOKEN: base64(TOKEN),
    });
    assert.ok(isSecretPath(mocks.find(SECRET_PATCH, "ci-data"), "data"));
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
    assert.equal(configMap.inputs.data, undefined);
    const data = mocks.find(CONFIG_MAP_PATCH, "front-public-dsn-data");
    assert.deepEqual(data.inputs.metadata, { name: "sentry-public", namespace: "web" });
    assert.deepEqual(data.inputs.data, { PUBLIC_SENTRY_DSN: DSN });
    assert.deepEqual(data.explicitDependsOn, [configMap.urn]);
    assert.deepEqual(data.secretPaths, []);
    assert.ok(!JSON.stringify(data.inputs).includes(DSN_SECRET.split("@")[0] as string));
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

  it("rolls the listed workloads with the new key id, after the Secret's and ConfigMap's data", async function () {
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
    const secretData = mocks.find(SECRET_PATCH, "web-data");
    const configMapData = mocks.find(CONFIG_MAP_PATCH, "web-public-dsn-data");
    const deployment = mocks.find(DEPLOYMENT_PATCH, "web-restart-deployment-web-api");
    const statefulSet = mocks.find(STATEFUL_SET_PATCH, "web-restart-statefulset-jobs-worker");
    assert.deepEqual(deployment.inputs.metadata, { name: "api", namespace: "web" });
    assert.deepEqual(statefulSet.inputs.metadata, { name: "worker", namespace: "jobs" });
    assert.equal(deployment.inputs.kind, "Deployment");
    assert.equal(statefulSet.inputs.kind, "StatefulSet");
    for (const patch of [deployment, statefulSet]) {
      assert.equal(valueAt(patch.inputs, annotationPath("web")), KEY_ID);
      assert.deepEqual(patch.explicitDependsOn.sort(), [configMapData.urn, secretData.urn].sort());
      assert.ok(patch.dependencies.includes(await resolveOutput(key.urn)));
      assert.deepEqual(Object.keys(patch.inputs).sort(), [
        "apiVersion",
        "kind",
        "metadata",
        "spec",
      ]);
    }
  });

  it("gives each sink its own annotation, so two sinks can roll one workload", async function () {
    new KubernetesSecretSink("web", {
      name: "sentry",
      restartWorkloads: [{ kind: "Deployment", name: "api" }],
      values: fakeClientKey().values,
    });
    new KubernetesSecretSink("ci", {
      name: "sentry-cli",
      restartWorkloads: [{ kind: "Deployment", name: "api" }],
      values: fakeOrgAuthToken().values,
    });
    await mocks.settled();
    const annotations = (sink: string) =>
      valueAt(mocks.find(DEPLOYMENT_PATCH, `${sink}-restart-deployment-default-api`).inputs, [
        "spec",
        "template",
        "metadata",
        "annotations",
      ]);
    assert.deepEqual(annotations("web"), { "sentry-rotation/key-id.web": KEY_ID });
    assert.deepEqual(annotations("ci"), { "sentry-rotation/key-id.ci": TOKEN_ID });
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
    const children = [SECRET, SECRET_PATCH, CONFIG_MAP, CONFIG_MAP_PATCH, DEPLOYMENT_PATCH].map(
      (type) => mocks.findAll(type)[0],
    );
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
