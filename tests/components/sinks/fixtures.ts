/**
 * A stand-in for the key or token a sink receives: a custom resource whose outputs come from the
 * mocks, so every value a sink gets is an Output of that resource, as in a real program. None of
 * the values is marked secret here: the sinks must make them secret themselves.
 */
import * as pulumi from "@pulumi/pulumi";
import { type SinkValues } from "../../../components/sinks";
import {
  type PulumiMocks,
  type PulumiMocksOptions,
  setupPulumiMocks,
} from "../../support/pulumi-mocks";

export const KEY_ID = "0123456789abcdef0123456789abcdef";
export const DSN = `https://${KEY_ID}@o1.ingest.sentry.io/42`;
export const DSN_SECRET = `https://${KEY_ID}:5ec7e75ec7e75ec7e75ec7e75ec7e75e@o1.ingest.sentry.io/42`;
export const ROTATED_AT = "2026-01-15T10:00:00.000Z";
export const TOKEN_ID = "4711";
export const TOKEN = "sntrys_eyJpYXQiOjE3MDB9_c2VjcmV0LXRva2VuLXZhbHVl";

export const FAKE_KEY_TYPE = "test:index:FakeClientKey";
export const FAKE_TOKEN_TYPE = "test:index:FakeOrgAuthToken";

/** Outputs the mocks give the fake key and token. */
const FAKE_OUTPUTS: Record<string, Record<string, unknown>> = {
  [FAKE_KEY_TYPE]: {
    keyId: KEY_ID,
    publicKey: KEY_ID,
    dsnPublic: DSN,
    dsnSecret: DSN_SECRET,
    createdAt: ROTATED_AT,
  },
  [FAKE_TOKEN_TYPE]: { tokenId: TOKEN_ID, token: TOKEN, createdAt: ROTATED_AT },
};

/** Installs the recording mocks, with outputs for the fakes and ARNs for AWS resources. */
export function setupSinkMocks(options: PulumiMocksOptions = {}): Promise<PulumiMocks> {
  return setupPulumiMocks({
    ...options,
    outputs: (args) => ({
      ...FAKE_OUTPUTS[args.type],
      ...(args.type.startsWith("aws:") ? { arn: `arn:aws:mock:${args.name}` } : {}),
      ...(args.type === "aws:secretsmanager/secretVersion:SecretVersion"
        ? { arn: String(args.inputs.secretId), versionId: `version-of-${args.name}` }
        : {}),
      ...options.outputs?.(args),
    }),
  });
}

class FakeResource extends pulumi.CustomResource {
  constructor(type: string, name: string) {
    const outputs = Object.fromEntries(
      Object.keys(FAKE_OUTPUTS[type] ?? {}).map((k) => [k, undefined]),
    );
    super(type, name, outputs);
  }
  output(name: string): pulumi.Output<string> {
    return (this as unknown as Record<string, pulumi.Output<string>>)[
      name
    ] as pulumi.Output<string>;
  }
}

/** A fake client key and the values a rotating key hands its sinks. */
export function fakeClientKey(name = "key"): { key: pulumi.CustomResource; values: SinkValues } {
  const key = new FakeResource(FAKE_KEY_TYPE, name);
  return {
    key,
    values: {
      keyId: key.output("keyId"),
      publicKey: key.output("publicKey"),
      rotatedAt: key.output("createdAt"),
      dsn: key.output("dsnPublic"),
      dsnSecret: key.output("dsnSecret"),
    },
  };
}

/** A fake org auth token and the values a rotating token hands its sinks. */
export function fakeOrgAuthToken(name = "token"): {
  token: pulumi.CustomResource;
  values: SinkValues;
} {
  const token = new FakeResource(FAKE_TOKEN_TYPE, name);
  return {
    token,
    values: {
      keyId: token.output("tokenId"),
      rotatedAt: token.output("createdAt"),
      token: token.output("token"),
    },
  };
}
