export { RotatingClientKey, sinkValuesOf } from "./rotating-client-key";
export type {
  PreviousKeyOutputs,
  RotatingClientKeyArgs,
  RotatingKeyOutputs,
} from "./rotating-client-key";
export { RotatingOrgAuthToken } from "./rotating-org-auth-token";
export type { RotatingOrgAuthTokenArgs } from "./rotating-org-auth-token";
export * from "./sinks";
