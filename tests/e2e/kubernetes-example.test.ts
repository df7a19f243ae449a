/**
 * examples/kubernetes for real: the program as a user runs it, under the real engine with the
 * Kubernetes provider plugin, against a real API server (controllers, scheduler, kwok nodes) and
 * the Sentry sandbox. tests/examples/kubernetes.test.ts checks the same program under mocks.
 */
import { strict as assert } from "node:assert";
import { restartAnnotationKey } from "../../components/sinks";
import type { KubernetesParts } from "../../scripts/pulumi-engine/kubernetes";
import {
  e2eEngine,
  ENGINE_SETUP_TIMEOUT_MS,
  keyActivity,
  PULUMI_STEP_TIMEOUT_MS,
  sandboxKeys,
  startE2e,
  type E2eFixture,
} from "../support/e2e-setup";
import type { KubernetesCluster } from "../support/kubernetes/cluster";
import {
  e2eKubernetesParts,
  kubernetesWorkspace,
  KUBERNETES_SETUP_TIMEOUT_MS,
  startE2eCluster,
} from "../support/kubernetes/e2e";
import {
  assertArrivedBefore,
  eventsOf,
  onlyOne,
  readyOn,
  upWatching,
  withTemplateAnnotation,
} from "../support/kubernetes/observe";
import {
  objectPath,
  rolloutComplete,
  secretValue,
  templateAnnotations,
} from "../support/kubernetes/workloads";
import { stopAtFirstFailure } from "../support/stop-at-first-failure";

const NAMESPACE = "web";
const ANNOTATION = restartAnnotationKey("checkout-sink-0");

describe("e2e: examples/kubernetes against a real API server", function () {
  this.timeout(PULUMI_STEP_TIMEOUT_MS);
  stopAtFirstFailure(this);
  let cluster: KubernetesCluster;
  let e2e: E2eFixture;
  const keys = { first: "", second: "" };

  before(async function () {
    this.timeout(ENGINE_SETUP_TIMEOUT_MS + KUBERNETES_SETUP_TIMEOUT_MS);
    const binDir = await e2eEngine(this);
    const parts: KubernetesParts = await e2eKubernetesParts(this);
    cluster = await startE2eCluster(parts);
    await cluster.createNamespace(NAMESPACE);
    e2e = await startE2e(binDir, "examples/kubernetes", {
      config: { namespace: NAMESPACE },
      ...kubernetesWorkspace(parts, cluster),
    });
  });
  after(async () => {
    await e2e?.dispose();
    await cluster?.stop();
  });

  const get = (kind: Parameters<typeof objectPath>[0], name: string) =>
    cluster.api.get(objectPath(kind, NAMESPACE, name));
  const dsnOf = async (keyId: string) =>
    (await sandboxKeys(e2e.sandbox)).find((k) => k.public === keyId)?.dsn.public ?? "";
  const currentKeyId = async () => {
    const keys = Object.entries(await keyActivity(e2e.sandbox)).filter(([, active]) => active);
    assert.equal(keys.length, 1);
    return keys[0]![0];
  };

  it("up: the Deployment runs on the key, the Secret and the ConfigMap hold its DSN", async () => {
    await upWatching(cluster.api, e2e, NAMESPACE);
    keys.first = await currentKeyId();
    const dsn = await dsnOf(keys.first);
    assert.equal(secretValue(await get("secrets", "sentry"), "SENTRY_DSN"), dsn);
    assert.deepEqual((await get("configmaps", "sentry-public"))?.data, { SENTRY_DSN: dsn });
    const deployment = (await get("deployments", "checkout"))!;
    assert.equal(templateAnnotations(deployment)[ANNOTATION], keys.first);
    assert.ok(rolloutComplete(deployment));
  });

  it("+91d: the Secret, the ConfigMap and a rollout, all before the old key is deleted", async () => {
    const seen = await upWatching(cluster.api, e2e, NAMESPACE, "+91d");
    keys.second = await currentKeyId();
    assert.notEqual(keys.second, keys.first);
    const dsn = await dsnOf(keys.second);
    const deleted = onlyOne(seen.requests, "DELETE", new RegExp(`/keys/${keys.first}/$`));
    const secretUpdate = eventsOf(seen.secrets, "sentry").find(
      (e) => e.type === "MODIFIED" && secretValue(e.object, "SENTRY_DSN") === dsn,
    );
    const configMapUpdate = eventsOf(seen.configMaps, "sentry-public").find(
      (e) => e.type === "MODIFIED" && e.object.data?.SENTRY_DSN === dsn,
    );
    const rolledOut = withTemplateAnnotation(
      seen.deployments,
      ANNOTATION,
      keys.second,
      rolloutComplete,
    );
    const replicaSet = withTemplateAnnotation(
      seen.replicaSets,
      ANNOTATION,
      keys.second,
      readyOn(2),
    );
    assert.ok(secretUpdate && configMapUpdate && rolledOut && replicaSet);
    assertArrivedBefore(
      { secretUpdate, configMapUpdate, rolledOut, replicaSet },
      deleted.at,
      "the old key's DELETE was answered",
    );
  });

  it("destroy: the Deployment, Secret and ConfigMap are gone, and the key", async () => {
    await e2e.workspace.run(["destroy", "--yes", "--skip-preview"]);
    for (const [kind, name] of [
      ["deployments", "checkout"],
      ["secrets", "sentry"],
      ["configmaps", "sentry-public"],
    ] as const) {
      assert.equal(await get(kind, name), undefined, `${kind}/${name} is gone`);
    }
    assert.deepEqual(await keyActivity(e2e.sandbox), {});
  });
});
