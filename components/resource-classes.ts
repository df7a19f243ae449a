import type * as pulumi from "@pulumi/pulumi";
import { ClientKeyPair } from "../provider/resources/client-key-pair/resource";
import type { ClientKeyPairArgs } from "../provider/resources/client-key-pair/types";
import { ClientKey } from "../provider/resources/client-key/resource";
import type { ClientKeyArgs } from "../provider/resources/client-key/types";
import { DotenvFile } from "../provider/resources/dotenv-file/resource";
import type { DotenvFileArgs } from "../provider/resources/dotenv-file/types";
import { OrgAuthToken } from "../provider/resources/org-auth-token/resource";
import type { OrgAuthTokenArgs } from "../provider/resources/org-auth-token/types";
import { SinkReceipt } from "../provider/resources/sink-receipt/resource";
import type { SinkReceiptArgs } from "../provider/resources/sink-receipt/types";

type Make<Args, R> = (name: string, args: Args, opts: pulumi.CustomResourceOptions) => R;

/**
 * The resources a component is built from, by front door: the dynamic provider's classes (a
 * TypeScript program, the default) or the plugin's `sentry-rotation:index:*` resources (a
 * component served through the plugin's Construct, plugin/resources.ts). Both have the same
 * output properties, so a component reads them the same way.
 */
export interface ResourceClasses {
  clientKey: Make<ClientKeyArgs, ClientKey>;
  clientKeyPair: Make<ClientKeyPairArgs, ClientKeyPair>;
  orgAuthToken: Make<OrgAuthTokenArgs, OrgAuthToken>;
  sinkReceipt: Make<SinkReceiptArgs, SinkReceipt>;
  dotenvFile: Make<DotenvFileArgs, DotenvFile>;
}

/** The dynamic provider's resources. */
export const DYNAMIC_RESOURCES: ResourceClasses = {
  clientKey: (name, args, opts) => new ClientKey(name, args, opts),
  clientKeyPair: (name, args, opts) => new ClientKeyPair(name, args, opts),
  orgAuthToken: (name, args, opts) => new OrgAuthToken(name, args, opts),
  sinkReceipt: (name, args, opts) => new SinkReceipt(name, args, opts),
  dotenvFile: (name, args, opts) => new DotenvFile(name, args, opts),
};
