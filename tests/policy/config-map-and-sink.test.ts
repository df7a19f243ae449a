import * as assert from "assert";
import { kubernetesSinkRestarts } from "../../policy/rules/kubernetes-sink-restarts";
import { holdsSentrySecret, noSecretInConfigMap } from "../../policy/rules/no-secret-in-config-map";
import { CONFIG_MAP, CONFIG_MAP_PATCH, KUBERNETES_SECRET_SINK } from "../../policy/tokens";
import { UNKNOWN_STRING, validateResource, validateStack } from "../support/policy-args";

const PUBLIC = "0123456789abcdef0123456789abcdef";
const SECRET = "fedcba9876543210fedcba9876543210";
const PUBLIC_DSN = `https://${PUBLIC}@o1.ingest.sentry.io/42`;
const SECRET_DSN = `https://${PUBLIC}:${SECRET}@o1.ingest.sentry.io/42`;
const ORG_TOKEN = "sntrys_eyJpYXQiOjE3MDAwMDAwMDB9_abcdefghijklmnopqrstuvwxyz0123456789";

describe("policy sentry-no-secret-in-config-map", () => {
  const configMap = (props: Record<string, unknown>) => ({
    type: CONFIG_MAP,
    name: "web-sink-0-public-dsn",
    props,
  });

  it("accepts the public DSN", async () => {
    assert.deepStrictEqual(
      await validateResource(noSecretInConfigMap, configMap({ data: { SENTRY_DSN: PUBLIC_DSN } })),
      [],
    );
  });

  it("reports a secret DSN or a Sentry token in data or binaryData, naming the key and never the value", async () => {
    const props = {
      data: { SENTRY_DSN: SECRET_DSN, NOTE: "plain", CONFIG: `sentry:\n  token: ${ORG_TOKEN}\n` },
      binaryData: { LEGACY: Buffer.from(`dsn=${SECRET_DSN}`).toString("base64") },
    };
    const violations = await validateResource(noSecretInConfigMap, configMap(props));
    assert.deepStrictEqual(
      violations.map(
        (v) =>
          /holds a Sentry secret/.test(v.message) && v.message.match(/(data|binaryData)\.\w+/)?.[0],
      ),
      ["data.SENTRY_DSN", "data.CONFIG", "binaryData.LEGACY"],
    );
    for (const { message } of violations) {
      assert.ok(!message.includes(SECRET) && !message.includes(ORG_TOKEN), message);
    }
  });

  it("checks a ConfigMapPatch too (the sink writes the public DSN with one)", async () => {
    const patch = (value: string) => ({
      type: CONFIG_MAP_PATCH,
      name: "web-sink-0-public-dsn-data",
      props: { data: { SENTRY_DSN: value } },
    });
    assert.deepStrictEqual(await validateResource(noSecretInConfigMap, patch(PUBLIC_DSN)), []);
    const violations = await validateResource(noSecretInConfigMap, patch(SECRET_DSN));
    assert.equal(violations.length, 1);
    assert.match(violations[0]!.message, /data\.SENTRY_DSN holds a Sentry secret/);
  });

  it("skips values not known during preview, and other resource types", async () => {
    assert.deepStrictEqual(
      await validateResource(
        noSecretInConfigMap,
        configMap({ data: { SENTRY_DSN: UNKNOWN_STRING } }),
      ),
      [],
    );
    assert.deepStrictEqual(
      await validateResource(noSecretInConfigMap, configMap({ data: UNKNOWN_STRING })),
      [],
    );
    const secret = {
      type: "kubernetes:core/v1:Secret",
      name: "s",
      props: { stringData: { SENTRY_DSN: SECRET_DSN } },
    };
    assert.deepStrictEqual(await validateResource(noSecretInConfigMap, secret), []);
  });

  it("recognises secrets only in Sentry's shapes", () => {
    assert.ok(holdsSentrySecret(SECRET_DSN));
    assert.ok(holdsSentrySecret(`SENTRY_AUTH_TOKEN=${ORG_TOKEN}`));
    assert.ok(!holdsSentrySecret(PUBLIC_DSN));
    assert.ok(
      !holdsSentrySecret("Bearer tokens are described in the docs; Basic authentication too"),
    );
    assert.ok(!holdsSentrySecret("https://example.com/docs"));
  });
});

describe("policy sentry-kubernetes-sink-restarts", () => {
  const sink = { type: KUBERNETES_SECRET_SINK, name: "web-sink-0" };
  const secret = {
    type: "kubernetes:core/v1:Secret",
    name: "web-sink-0-secret",
    parent: "web-sink-0",
  };

  it("advises a sink with no restart patch among its children", async () => {
    const violations = await validateStack(kubernetesSinkRestarts, [sink, secret]);
    assert.strictEqual(violations.length, 1);
    assert.match(violations[0]!.message, /sink "web-sink-0" restarts no workload/);
    assert.match(violations[0]!.urn!, /KubernetesSecretSink::web-sink-0$/);
    assert.strictEqual(kubernetesSinkRestarts.enforcementLevel, "advisory");
  });

  it("accepts a sink that patches a Deployment or a StatefulSet, or lists restartWorkloads", async () => {
    for (const type of [
      "kubernetes:apps/v1:DeploymentPatch",
      "kubernetes:apps/v1:StatefulSetPatch",
    ]) {
      const patch = { type, name: "web-sink-0-restart", parent: "web-sink-0" };
      assert.deepStrictEqual(
        await validateStack(kubernetesSinkRestarts, [sink, secret, patch]),
        [],
        type,
      );
    }
    const listed = { ...sink, props: { restartWorkloads: [{ kind: "Deployment", name: "web" }] } };
    assert.deepStrictEqual(await validateStack(kubernetesSinkRestarts, [listed]), []);
  });

  it("does not count another sink's restart patch, and honours exempt", async () => {
    const other = { type: KUBERNETES_SECRET_SINK, name: "api-sink-0" };
    const patch = { type: "kubernetes:apps/v1:DeploymentPatch", name: "p", parent: "api-sink-0" };
    const violations = await validateStack(kubernetesSinkRestarts, [sink, other, patch]);
    assert.deepStrictEqual(
      violations.map((v) => v.urn?.split("::").pop()),
      ["web-sink-0"],
    );
    assert.deepStrictEqual(
      await validateStack(kubernetesSinkRestarts, [sink], { exempt: ["web-sink-0"] }),
      [],
    );
  });
});
