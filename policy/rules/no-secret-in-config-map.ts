import type { ResourceValidationPolicy } from "@pulumi/policy";
import { parseDsn } from "../../provider/sentry/dsn";
import { read, UNKNOWN_VALUE } from "../settings";
import { CONFIG_MAP, CONFIG_MAP_PATCH } from "../tokens";

/** The policy's name. */
export const NO_SECRET_IN_CONFIG_MAP = "sentry-no-secret-in-config-map";

/**
 * A ConfigMap is readable by anything with `get configmaps` in its namespace and is not encrypted
 * at rest: it may carry the public DSN (front ends ship it anyway), never a secret DSN
 * (`https://<public>:<secret>@...`) or a Sentry token (`sntrys_`, `sntryu_`, `sntryi_`). Checks
 * the `data` and `binaryData` of every ConfigMap and ConfigMapPatch, whoever made it: the Kubernetes
 * sink writes only
 * the public DSN, but a hand-written ConfigMap fed from `dsnSecret` would not be caught anywhere
 * else. Messages name the data key, never the value. Mandatory by default.
 */
export const noSecretInConfigMap: ResourceValidationPolicy = {
  name: NO_SECRET_IN_CONFIG_MAP,
  description: "No secret DSN or Sentry token is written to a Kubernetes ConfigMap.",
  enforcementLevel: "mandatory",
  severity: "critical",
  validateResource: (args, reportViolation) => {
    if (args.type !== CONFIG_MAP && args.type !== CONFIG_MAP_PATCH) return;
    const leaks = [
      ...secretEntries(
        read(() => args.props.data),
        "data",
        (text) => text,
      ),
      ...secretEntries(
        read(() => args.props.binaryData),
        "binaryData",
        fromBase64,
      ),
    ];
    for (const key of leaks) {
      reportViolation(
        `ConfigMap "${args.name}" ${key} holds a Sentry secret (a secret DSN or a token). Put it in a Secret instead: the KubernetesSecretSink's data (e.g. { SENTRY_DSN: "dsnSecret" }); its configMap option takes only the public DSN.`,
      );
    }
  },
};

/** The `<field>.<key>` entries whose value holds a secret; unknown values are skipped. */
function secretEntries(map: unknown, field: string, decode: (value: string) => string): string[] {
  if (map === UNKNOWN_VALUE || map === null || typeof map !== "object") return [];
  const entries = map as Record<string, unknown>;
  return Object.keys(entries)
    .filter((key) => {
      const value = read(() => entries[key]);
      return typeof value === "string" && holdsSentrySecret(decode(value));
    })
    .map((key) => `${field}.${key}`);
}

function fromBase64(value: string): string {
  return Buffer.from(value, "base64").toString("utf8");
}

// Sentry's token prefixes: user, org auth token, internal integration (as provider/sentry/redact.ts).
const SENTRY_TOKEN = /\bsntry[usi]_[A-Za-z0-9_+/=-]{8,}/;
const URL_CANDIDATE = /\bhttps?:\/\/[^\s"'<>]+/g;

/** True when `text` holds a Sentry token, or a DSN that carries its secret key. */
export function holdsSentrySecret(text: string): boolean {
  if (SENTRY_TOKEN.test(text)) return true;
  return [...text.matchAll(URL_CANDIDATE)].some(([url]) => {
    try {
      return parseDsn(url).secretKey !== undefined;
    } catch {
      return false;
    }
  });
}
