/**
 * The entry that serialized providers call from inside the Pulumi provider host, as
 * `require("pulumi-sentry-rotation/provider")`. Providers stored in old state call it too (Read and
 * Delete run the closure from state), so its names are a stable contract: add, never rename.
 */
import type * as pulumi from "@pulumi/pulumi";
import { clientKeyProvider } from "./resources/client-key/provider";
import { clientKeyPairProvider } from "./resources/client-key-pair/provider";
import { dotenvFileProvider } from "./resources/dotenv-file/provider";
import { orgAuthTokenProvider } from "./resources/org-auth-token/provider";
import { projectSecurityProvider } from "./resources/project-security/provider";
import { sinkReceiptProvider } from "./resources/sink-receipt/provider";
import { configureContext } from "./runtime/context";

/** Receives the stack config once per provider host (the token is read here, never captured). */
export async function configure(req: pulumi.dynamic.ConfigureRequest): Promise<void> {
  configureContext(req.config);
}

/** The provider implementations, by resource kind. */
export const providers = {
  ClientKey: clientKeyProvider,
  ClientKeyPair: clientKeyPairProvider,
  DotenvFile: dotenvFileProvider,
  OrgAuthToken: orgAuthTokenProvider,
  SinkReceipt: sinkReceiptProvider,
  ProjectSecurity: projectSecurityProvider,
} as const;

/** A resource kind with a provider here. */
export type ResourceKind = keyof typeof providers;
