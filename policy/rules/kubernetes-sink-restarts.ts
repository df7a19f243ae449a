import type { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { exemptNames, read } from "../settings";
import { KUBERNETES_SECRET_SINK, WORKLOAD_RESTARTS } from "../tokens";

/** The policy's name. */
export const KUBERNETES_SINK_RESTARTS = "sentry-kubernetes-sink-restarts";

/**
 * A Kubernetes Secret sink that restarts no workload leaves pods on the old key: environment
 * variables from a Secret are read at pod start, so the old key is deleted while pods still send
 * with it (events are then refused). Advisory, because some consumers do reload (a mounted Secret
 * read on every use): list those under `exempt`. A sink restarts workloads when it has a
 * DeploymentPatch or StatefulSetPatch child (its `restartWorkloads`).
 */
export const kubernetesSinkRestarts: StackValidationPolicy = {
  name: KUBERNETES_SINK_RESTARTS,
  description: "A Kubernetes Secret sink restarts the workloads that read the key.",
  enforcementLevel: "advisory",
  severity: "medium",
  configSchema: {
    properties: {
      exempt: {
        type: "array",
        items: { type: "string" },
        description: "Sink names (e.g. web-sink-0) whose consumers reload the Secret themselves.",
      },
    },
  },
  validateStack: (args, reportViolation) => {
    const exempt = exemptNames(args.getConfig(), KUBERNETES_SINK_RESTARTS);
    const sinks = args.resources.filter((r) => r.type === KUBERNETES_SECRET_SINK);
    for (const sink of sinks) {
      if (exempt.has(sink.name) || restartsWorkloads(sink, args.resources)) continue;
      reportViolation(
        `Kubernetes Secret sink "${sink.name}" restarts no workload: pods that read the key from environment variables keep the old key until they restart, and it stops working when the old key is removed. Add restartWorkloads (the Deployments and StatefulSets that use the Secret), or list "${sink.name}" under ${KUBERNETES_SINK_RESTARTS}.exempt if its consumers reload the Secret themselves.`,
        sink.urn,
      );
    }
  },
};

function restartsWorkloads(sink: PolicyResource, resources: PolicyResource[]): boolean {
  // A sink that records its settings as inputs says so directly; otherwise look at its children.
  const listed = read(() => sink.props.restartWorkloads);
  if (Array.isArray(listed) && listed.length > 0) return true;
  return resources.some(
    (r) => r.parent?.urn === sink.urn && (WORKLOAD_RESTARTS as readonly string[]).includes(r.type),
  );
}
