/**
 * The Kubernetes sink under the real engine, against a real API server with controllers and kwok
 * nodes (tests/support/kubernetes), and the Sentry sandbox. The program
 * (tests/e2e/programs/kubernetes) delivers a client key (and an org auth token) to Secrets that
 * roll a Deployment the test made beforehand, as a team's existing app would be.
 *
 * Order is read from two clocks of one machine: watches on the API server record when each change
 * arrived, the sandbox's request log when it answered the old key's DELETE.
 */
import { strict as assert } from "node:assert";
import * as path from "node:path";
import { restartAnnotationKey } from "../../components/sinks";
import type { KubernetesParts } from "../../scripts/pulumi-engine/kubernetes";
import {
  activeTokenIds,
  apiWrites,
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
  revision,
  upWatching,
  withTemplateAnnotation,
  type Observed,
} from "../support/kubernetes/observe";
import {
  createTeamDeployment,
  managers,
  objectPath,
  ownedTemplateAnnotations,
  rolloutComplete,
  secretValue,
  TEAM_MANAGER,
  templateAnnotations,
  waitForRollout,
} from "../support/kubernetes/workloads";
import { stopAtFirstFailure } from "../support/stop-at-first-failure";

const PROGRAM = path.join("tests", "e2e", "programs", "kubernetes");
const DEPLOYMENT = "checkout";
const REPLICAS = 2;
const KEY_ANNOTATION = restartAnnotationKey("web-sink-0");
const TOKEN_ANNOTATION = restartAnnotationKey("ci-sink-0");

describe("e2e: Kubernetes sinks against a real API server", function () {
  this.timeout(PULUMI_STEP_TIMEOUT_MS);
  let binDir = "";
  let parts: KubernetesParts;
  let cluster: KubernetesCluster;

  before(async function () {
    this.timeout(ENGINE_SETUP_TIMEOUT_MS + KUBERNETES_SETUP_TIMEOUT_MS);
    binDir = await e2eEngine(this);
    parts = await e2eKubernetesParts(this);
    cluster = await startE2eCluster(parts);
  });
  after(async () => {
    await cluster?.stop();
  });

  /** A namespace holding the team's Deployment, and a workspace of the program deploying into it. */
  async function setUp(namespace: string, config: Record<string, string>): Promise<E2eFixture> {
    await cluster.createNamespace(namespace);
    await createTeamDeployment(cluster.api, namespace, DEPLOYMENT, "sentry", REPLICAS);
    return startE2e(binDir, PROGRAM, {
      config: { namespace, deployment: DEPLOYMENT, ...config },
      ...kubernetesWorkspace(parts, cluster),
    });
  }
  const get = (kind: Parameters<typeof objectPath>[0], namespace: string, name: string) =>
    cluster.api.get(objectPath(kind, namespace, name));
  const dsnOf = async (e2e: E2eFixture, keyId: string) =>
    (await sandboxKeys(e2e.sandbox)).find((k) => k.public === keyId)?.dsn.public ?? "";
  const up = (e2e: E2eFixture, namespace: string, clock?: string) =>
    upWatching(cluster.api, e2e, namespace, clock);

  /** The Deployment rolled onto `keyId` (annotation `annotation`): template change, rollout, new ReplicaSet. */
  function rollout(seen: Observed, annotation: string, keyId: string) {
    const annotated = withTemplateAnnotation(seen.deployments, annotation, keyId);
    const rolledOut = withTemplateAnnotation(seen.deployments, annotation, keyId, rolloutComplete);
    const replicaSet = withTemplateAnnotation(
      seen.replicaSets,
      annotation,
      keyId,
      readyOn(REPLICAS),
    );
    assert.ok(annotated && rolledOut && replicaSet, `the Deployment rolled onto ${keyId}`);
    return { annotated, rolledOut, replicaSet };
  }

  describe("a rotation: Secret, then rollout, then the old key", function () {
    stopAtFirstFailure(this);
    const namespace = "rotation";
    let e2e: E2eFixture;
    const keys = { first: "", second: "" };
    let secretUid = "";
    let deploymentUid = "";
    let rotation: Observed | undefined;

    before(async function () {
      // Two plain Secret resources fed with the DSN show what the provider does to a Secret itself.
      e2e = await setUp(namespace, { probeSecrets: "true" });
      deploymentUid = (await get("deployments", namespace, DEPLOYMENT))!.metadata.uid!;
    });
    after(async () => {
      await e2e?.dispose();
    });

    it("first up: the Secret holds the DSN, the team's Deployment rolls onto it, nothing downloaded", async () => {
      const seen = await up(e2e, namespace);
      keys.first = String((await e2e.workspace.outputs()).keyId);
      const secret = await get("secrets", namespace, "sentry");
      assert.equal(secretValue(secret, "SENTRY_DSN"), await dsnOf(e2e, keys.first));
      secretUid = secret!.metadata.uid!;

      rollout(seen, KEY_ANNOTATION, keys.first);
      const deployment = (await get("deployments", namespace, DEPLOYMENT))!;
      assert.ok(rolloutComplete(deployment), "the provider waited for the rollout");
      assert.equal(deployment.metadata.uid, deploymentUid, "patched, not replaced");
      assert.match(seen.output, /using pulumi-resource-kubernetes from \$PATH/);
      assert.doesNotMatch(seen.output, /download/i);
      // The plugin reports the SDK's version: no version mismatch or any other warning.
      const otherWarnings = seen.output
        .split("\n")
        .filter(
          (line) => /warning:/.test(line) && !/pulumi-resource-kubernetes from \$PATH/.test(line),
        );
      assert.deepEqual(otherWarnings, []);
    });

    it("+31d: new key, Secret updated in place, rollout done, and only then the old key deleted", async () => {
      const seen = (rotation = await up(e2e, namespace, "+31d"));
      keys.second = String((await e2e.workspace.outputs()).keyId);
      assert.notEqual(keys.second, keys.first);
      const newDsn = await dsnOf(e2e, keys.second);
      const created = onlyOne(seen.requests, "POST", /\/keys\/$/);
      const deleted = onlyOne(seen.requests, "DELETE", new RegExp(`/keys/${keys.first}/$`));

      const secretUpdate = eventsOf(seen.secrets, "sentry").find(
        (e) => secretValue(e.object, "SENTRY_DSN") === newDsn,
      );
      assert.equal(secretUpdate?.type, "MODIFIED", "the Secret was updated, not re-created");
      assert.equal(secretUpdate.object.metadata.uid, secretUid);
      assert.ok(!eventsOf(seen.secrets, "sentry").some((e) => e.type === "DELETED"));
      assert.ok(Date.parse(created.at) <= secretUpdate.receivedAt, "the new key came first");

      const { annotated, rolledOut, replicaSet } = rollout(seen, KEY_ANNOTATION, keys.second);
      // The API server's own order: the Secret changed before the pod template did.
      assert.ok(revision(secretUpdate.object) < revision(annotated.object));
      assertArrivedBefore(
        { secretUpdate, annotated, rolledOut, replicaSet },
        deleted.at,
        "the old key's DELETE was answered",
      );
      assert.deepEqual(await keyActivity(e2e.sandbox), { [keys.second]: true });
    });

    it("the same up showed why: a Secret resource whose data changes is deleted, then created, unless Secrets are mutable", () => {
      assert.ok(rotation, "the +31d up was observed");
      // probe-default: a plain Secret resource under the provider's defaults.
      const replaced = eventsOf(rotation.secrets, "probe-default");
      const gone = replaced.find((e) => e.type === "DELETED");
      const back = replaced.find((e) => e.type === "ADDED" && e !== replaced[0]);
      assert.ok(gone && back && gone.receivedAt <= back.receivedAt, "deleted, then created");
      assert.notEqual(back.object.metadata.uid, replaced[0]!.object.metadata.uid);
      // probe-mutable: the same under a provider with enableSecretMutable: updated in place.
      const mutable = eventsOf(rotation.secrets, "probe-mutable");
      assert.deepEqual([...new Set(mutable.map((e) => e.type))], ["ADDED", "MODIFIED"]);
      process.stderr.write(
        `      (the replaced Secret was absent for ${back.receivedAt - gone.receivedAt} ms)\n`,
      );
    });

    it("destroy: removes the Secret, keeps the team's Deployment and releases the annotation", async () => {
      await e2e.workspace.run(["destroy", "--yes", "--skip-preview"]);
      assert.equal(await get("secrets", namespace, "sentry"), undefined);
      const deployment = await waitForRollout(cluster.api, namespace, DEPLOYMENT);
      assert.equal(deployment.metadata.uid, deploymentUid);
      assert.equal(templateAnnotations(deployment)[KEY_ANNOTATION], undefined);
      assert.deepEqual(
        managers(deployment).filter((m) => m !== TEAM_MANAGER && m !== "kube-controller-manager"),
        [],
        "no Pulumi field manager is left on the Deployment",
      );
      assert.deepEqual(await keyActivity(e2e.sandbox), {});
    });
  });

  describe("overlap and a ConfigMap for the public DSN", function () {
    stopAtFirstFailure(this);
    const namespace = "overlap";
    let e2e: E2eFixture;
    const keys = { first: "", second: "" };
    const uids = { secret: "", configMap: "" };

    before(async function () {
      e2e = await setUp(namespace, { overlap: "7d", configMap: "sentry-public" });
    });
    after(async () => {
      await e2e?.dispose();
    });

    it("first up: the Secret and the ConfigMap hold the DSN", async () => {
      await up(e2e, namespace);
      keys.first = String((await e2e.workspace.outputs()).keyId);
      const dsn = await dsnOf(e2e, keys.first);
      const secret = await get("secrets", namespace, "sentry");
      const configMap = await get("configmaps", namespace, "sentry-public");
      assert.equal(secretValue(secret, "SENTRY_DSN"), dsn);
      assert.deepEqual(configMap?.data, { SENTRY_DSN: dsn });
      uids.secret = secret!.metadata.uid!;
      uids.configMap = configMap!.metadata.uid!;
    });

    it("+31d: both updated in place and the Deployment rolled, while the previous key stays valid", async () => {
      const seen = await up(e2e, namespace, "+31d");
      const outputs = await e2e.workspace.outputs();
      keys.second = String(outputs.keyId);
      assert.equal(outputs.previousKeyId, keys.first);
      const newDsn = await dsnOf(e2e, keys.second);
      assert.deepEqual(
        apiWrites(seen.requests).map((r) => r.method),
        ["POST"],
        "only the new key was created",
      );
      const secretUpdate = eventsOf(seen.secrets, "sentry").find(
        (e) => secretValue(e.object, "SENTRY_DSN") === newDsn,
      );
      const configMapUpdate = eventsOf(seen.configMaps, "sentry-public").find(
        (e) => e.object.data?.SENTRY_DSN === newDsn,
      );
      assert.equal(secretUpdate?.type, "MODIFIED");
      assert.equal(configMapUpdate?.type, "MODIFIED");
      assert.equal(secretUpdate.object.metadata.uid, uids.secret);
      assert.equal(configMapUpdate.object.metadata.uid, uids.configMap);
      const { annotated } = rollout(seen, KEY_ANNOTATION, keys.second);
      assert.ok(revision(configMapUpdate.object) < revision(annotated.object));
      assert.ok(revision(secretUpdate.object) < revision(annotated.object));
      assert.deepEqual(await keyActivity(e2e.sandbox), {
        [keys.first]: true,
        [keys.second]: true,
      });
    });

    it("+8d: the previous key is deactivated; nothing in the cluster changes", async () => {
      const seen = await up(e2e, namespace, "+8d");
      onlyOne(seen.requests, "PUT", new RegExp(`/keys/${keys.first}/$`));
      assert.deepEqual(await keyActivity(e2e.sandbox), {
        [keys.first]: false,
        [keys.second]: true,
      });
      // Only the ADDED events every watch starts with: no write to the Secret, ConfigMap or Deployment.
      for (const events of [seen.secrets, seen.configMaps, seen.deployments]) {
        assert.deepEqual(
          events.filter((e) => e.type !== "ADDED").map((e) => e.object.metadata.name),
          [],
        );
      }
    });
  });

  describe("two sinks (a DSN and an org auth token) rolling the same Deployment", function () {
    stopAtFirstFailure(this);
    const namespace = "two-sinks";
    let e2e: E2eFixture;
    const ids = { key: "", token: "" };

    before(async function () {
      e2e = await setUp(namespace, { token: "true" });
    });
    after(async () => {
      await e2e?.dispose();
    });

    /** The Deployment's Pulumi field managers, each owning only its own sink's annotation. */
    async function assertOwnAnnotations(): Promise<void> {
      const deployment = (await get("deployments", namespace, DEPLOYMENT))!;
      const pulumiManagers = managers(deployment).filter((m) => m.startsWith("pulumi-kubernetes"));
      assert.equal(pulumiManagers.length, 2, managers(deployment).join(", "));
      const owned = pulumiManagers.map((m) => ownedTemplateAnnotations(deployment, m)).sort();
      assert.deepEqual(owned, [[KEY_ANNOTATION], [TOKEN_ANNOTATION]].sort());
    }

    it("first up: both patches apply, each owning its own annotation", async () => {
      const seen = await up(e2e, namespace);
      const outputs = await e2e.workspace.outputs();
      ids.key = String(outputs.keyId);
      ids.token = String(outputs.tokenId);
      assert.doesNotMatch(seen.output, /conflict/i);
      const annotations = templateAnnotations((await get("deployments", namespace, DEPLOYMENT))!);
      assert.equal(annotations[KEY_ANNOTATION], ids.key);
      assert.equal(annotations[TOKEN_ANNOTATION], ids.token);
      await assertOwnAnnotations();
    });

    it("+31d: both rotate without a server-side apply conflict, each rollout before its old credential goes", async () => {
      const seen = await up(e2e, namespace, "+31d");
      const outputs = await e2e.workspace.outputs();
      const next = { key: String(outputs.keyId), token: String(outputs.tokenId) };
      assert.notEqual(next.key, ids.key);
      assert.notEqual(next.token, ids.token);
      assert.doesNotMatch(seen.output, /conflict/i);
      const keyRollout = rollout(seen, KEY_ANNOTATION, next.key);
      const tokenRollout = rollout(seen, TOKEN_ANNOTATION, next.token);
      const keyDeleted = onlyOne(seen.requests, "DELETE", new RegExp(`/keys/${ids.key}/$`));
      const tokenRevoked = onlyOne(
        seen.requests,
        "DELETE",
        new RegExp(`/org-auth-tokens/${ids.token}/$`),
      );
      assertArrivedBefore(keyRollout, keyDeleted.at, "the old key's DELETE was answered");
      assertArrivedBefore(tokenRollout, tokenRevoked.at, "the old token's DELETE was answered");
      assert.deepEqual(await activeTokenIds(e2e.sandbox), [next.token]);
      await assertOwnAnnotations();
    });

    it("the state holds the token neither in plain text nor base64", async () => {
      const token = secretValue(await get("secrets", namespace, "sentry-ci"), "SENTRY_AUTH_TOKEN");
      assert.ok(token);
      const state = await e2e.workspace.exportState();
      assert.ok(!state.includes(token), "token in plain text");
      assert.ok(!state.includes(Buffer.from(token).toString("base64")), "token in base64");
    });
  });
});
