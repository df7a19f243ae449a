/** Drives the real Pulumi dynamic-provider host over gRPC, without the Pulumi CLI (see README.md). */
export { startProviderHost } from "./client";
export type {
  CheckResult,
  ConfigureResult,
  DiffResult,
  ProviderChoice,
  ProviderHost,
  ProviderHostOptions,
  ResourceState,
} from "./types";
export { engineStep } from "./engine-step";
export type { EngineStep } from "./engine-step";
export { REPO_ROOT } from "../repo-root";
export { ProviderCallError } from "./provider-error";
export {
  isUnknown,
  PROVIDER_KEY,
  secretValue,
  stripSecrets,
  UNKNOWN,
  withoutProvider,
} from "./struct";
export type { Props } from "./struct";
export { HARNESS_PROJECT, HARNESS_STACK, parseUrn, urn } from "./urn";
