/**
 * The program of tests/e2e/kubernetes.test.ts: a client key (and, with `token: true`, an org auth
 * token) delivered to Kubernetes Secrets that roll a Deployment the test made outside Pulumi, as a
 * team's existing app would be. With `probeSecrets: true` it also holds two plain Secrets fed with
 * the DSN, one per provider setting, to show what a rotation does to a Secret resource itself.
 * The cluster comes from KUBECONFIG (the default provider).
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { RotatingClientKey, RotatingOrgAuthToken } from "pulumi-sentry-rotation";

const config = new pulumi.Config();
const namespace = config.require("namespace");
const restartWorkloads = [{ kind: "Deployment" as const, name: config.require("deployment") }];
const configMap = config.get("configMap");

const web = new RotatingClientKey("web", {
  project: config.require("project"),
  name: "web (kubernetes e2e)",
  rotateEvery: config.get("rotateEvery") ?? "30d",
  overlap: config.get("overlap"),
  sinks: [
    {
      type: "kubernetesSecret",
      name: "sentry",
      namespace,
      configMap: configMap ? { name: configMap } : undefined,
      restartWorkloads,
    },
  ],
});

const ci = config.getBoolean("token")
  ? new RotatingOrgAuthToken("ci", {
      name: "ci (kubernetes e2e)",
      rotateEvery: config.get("rotateEvery") ?? "30d",
      sinks: [{ type: "kubernetesSecret", name: "sentry-ci", namespace, restartWorkloads }],
    })
  : undefined;

if (config.getBoolean("probeSecrets")) {
  const plainSecret = (name: string, opts?: pulumi.CustomResourceOptions) =>
    new k8s.core.v1.Secret(
      name,
      {
        metadata: { name, namespace },
        stringData: { SENTRY_DSN: pulumi.secret(web.current.dsnPublic) },
      },
      opts,
    );
  plainSecret("probe-default");
  plainSecret("probe-mutable", {
    provider: new k8s.Provider("secret-mutable", { enableSecretMutable: true }),
  });
}

/** The current key's id. */
export const keyId = web.current.keyId;
/** The previous key's id during an overlap (empty without one). */
export const previousKeyId = web.previous?.keyId ?? "";
/** The org auth token's id, when there is one. */
export const tokenId = ci?.tokenId ?? "";
