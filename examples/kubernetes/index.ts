/**
 * A Deployment reads SENTRY_DSN from a Secret. On rotation the Secret is updated, the Deployment's
 * pod template is annotated with the new key id (a rollout), and only then is the old key deleted.
 * The front end reads the public DSN from a ConfigMap.
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { RotatingClientKey } from "pulumi-sentry-rotation";

const config = new pulumi.Config();
const namespace = config.get("namespace") ?? "web";
const labels = { app: "checkout" };

const deployment = new k8s.apps.v1.Deployment("checkout", {
  metadata: { name: "checkout", namespace },
  spec: {
    replicas: 2,
    selector: { matchLabels: labels },
    template: {
      metadata: { labels },
      spec: {
        containers: [
          {
            name: "checkout",
            image: config.get("image") ?? "ghcr.io/acme/checkout:1.4.2",
            env: [
              {
                name: "SENTRY_DSN",
                valueFrom: { secretKeyRef: { name: "sentry", key: "SENTRY_DSN" } },
              },
            ],
          },
        ],
      },
    },
  },
});

const key = new RotatingClientKey(
  "checkout",
  {
    project: config.get("project") ?? "checkout",
    name: "checkout",
    rotateEvery: "90d",
    sinks: [
      {
        type: "kubernetesSecret",
        name: "sentry",
        namespace,
        configMap: { name: "sentry-public" },
        restartWorkloads: [{ kind: "Deployment", name: "checkout", namespace }],
      },
    ],
  },
  // The Deployment must exist before its pod template can be patched.
  { dependsOn: [deployment] },
);

/** When the key rotates next. */
export const nextRotationAt = key.nextRotationAt;
