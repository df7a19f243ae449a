import { type SinkField, type SinkSource, type SinkValues } from "./types";

/** The fields each source provides. */
export const FIELDS_BY_SOURCE: Record<SinkSource, readonly SinkField[]> = {
  clientKey: ["dsn", "dsnSecret", "publicKey", "keyId", "rotatedAt"],
  orgAuthToken: ["token", "keyId", "rotatedAt"],
};

/** Whether the values come from an org auth token (they carry `token`) or a client key. */
export function sinkSource(values: SinkValues): SinkSource {
  return values.token !== undefined ? "orgAuthToken" : "clientKey";
}

/** "a client key" or "an org auth token", for messages. */
export function describeSource(source: SinkSource): string {
  return source === "orgAuthToken" ? "an org auth token" : "a client key";
}

/** The value a sink delivers by default: the public DSN of a key, or the token. */
export function defaultField(source: SinkSource): SinkField {
  return source === "orgAuthToken" ? "token" : "dsn";
}

/** The name consumers expect by default (Sentry SDKs read SENTRY_DSN, sentry-cli SENTRY_AUTH_TOKEN). */
export function defaultName(source: SinkSource): string {
  return source === "orgAuthToken" ? "SENTRY_AUTH_TOKEN" : "SENTRY_DSN";
}

/** `{ SENTRY_DSN: "dsn" }` for keys, `{ SENTRY_AUTH_TOKEN: "token" }` for tokens. */
export function defaultMapping(source: SinkSource): Record<string, SinkField> {
  return { [defaultName(source)]: defaultField(source) };
}
