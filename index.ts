/**
 * pulumi-sentry-rotation: Sentry keys as Pulumi resources that rotate themselves on schedule.
 *
 * - Resources: `ClientKey`, `ClientKeyPair`, `OrgAuthToken`, `ProjectSecurity` (dynamic resources).
 * - Components: `RotatingClientKey`, `RotatingOrgAuthToken`, and the sinks that deliver keys.
 * - The Sentry API client the provider is built on (`createSentryClient`).
 */
export { ClientKey } from "./provider/resources/client-key/resource";
export type {
  ClientKeyArgs,
  DsnVariants,
  LoaderOptions,
  OnReplace,
} from "./provider/resources/client-key/types";
export { ClientKeyPair } from "./provider/resources/client-key-pair/resource";
export type {
  ClientKeyPairArgs,
  CurrentKey,
  PreviousKey,
} from "./provider/resources/client-key-pair/types";
export { OrgAuthToken } from "./provider/resources/org-auth-token/resource";
export type { OrgAuthTokenArgs } from "./provider/resources/org-auth-token/types";
export { ProjectSecurity } from "./provider/resources/project-security/resource";
export type {
  CurrentSettings,
  OnDelete,
  ProjectSecurityArgs,
} from "./provider/resources/project-security/types";
export * from "./components";
export * from "./provider/sentry";
export { InputError } from "./provider/input-error";
export { clockFromEnvironment, parseDuration, rotateAt, rotationDueAt } from "./provider/rotation";
export type { RetirementGate, RetirementHold } from "./provider/lifecycle/retirement-gate";
export type { KeyUsage } from "./provider/lifecycle/usage";
export { rotationStatus, rotationWindowProblem } from "./provider/rotation";
export type {
  CronRotationWindow,
  RotationStatus,
  RotationWindow,
  WeeklyRotationWindow,
} from "./provider/rotation";
export type { ConnectionArgs } from "./provider/resources/connection-args";
export { resolveConnection } from "./provider/settings";
export type { Connection, ResolvedConnection, ConfigSource } from "./provider/settings";
