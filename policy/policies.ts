/**
 * The sentry-rotation policies, in the order the preview reports them. Kept apart from the pack
 * entry (index.ts, which starts serving on load) so tests can build and call them directly.
 */
import type { Policies } from "@pulumi/policy";
import type { Clock } from "../provider/rotation";
import { keyMaxAge } from "./rules/key-max-age";
import { kubernetesSinkRestarts } from "./rules/kubernetes-sink-restarts";
import { noSecretInConfigMap } from "./rules/no-secret-in-config-map";
import { onReplaceDeactivate } from "./rules/on-replace-deactivate";
import { projectSecurityAnyDomain } from "./rules/project-security-any-domain";
import { rotateEveryMaximum } from "./rules/rotate-every-maximum";
import { rotateEveryRequired } from "./rules/rotate-every-required";
import { rotationWindowRequired } from "./rules/rotation-window-required";

/** The pack's name: `pulumi preview --policy-pack policy` reports violations under it. */
export const POLICY_PACK_NAME = "sentry-rotation";

/** Every policy of the pack; `clock` is "now" for the age and end-date checks. */
export function sentryRotationPolicies(clock: Clock): Policies {
  return [
    rotateEveryRequired,
    rotateEveryMaximum,
    keyMaxAge(clock),
    onReplaceDeactivate(clock),
    noSecretInConfigMap,
    kubernetesSinkRestarts,
    rotationWindowRequired,
    projectSecurityAnyDomain,
  ];
}
