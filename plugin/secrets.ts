/**
 * Secrets on the plugin's wire. The plugin tells the engine it accepts secrets, so inputs arrive
 * wrapped (`{"4dabf1...": "1b4706...", value}`) and outputs it returns wrapped stay secret in
 * state, whatever SDK (or none, in YAML) registered the resource. Pure.
 */
import * as pulumi from "@pulumi/pulumi";

/** A value with every secret wrapper removed, at any depth. */
export function unwrapSecrets(value: unknown): unknown {
  if (pulumi.runtime.isRpcSecret(value))
    return unwrapSecrets(pulumi.runtime.unwrapRpcSecret(value));
  if (Array.isArray(value)) return value.map(unwrapSecrets);
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, unwrapSecrets(v)]));
  }
  return value;
}

/** The names of the top-level properties that arrived secret. */
export function secretKeysOf(props: Record<string, unknown>): string[] {
  return Object.entries(props)
    .filter(([, value]) => containsSecret(value))
    .map(([key]) => key);
}

/** The properties with those named in `keys` wrapped as secrets (absent ones stay absent). */
export function wrapSecrets(
  props: Record<string, unknown>,
  keys: Iterable<string>,
): Record<string, unknown> {
  const out = { ...props };
  for (const key of keys) {
    if (out[key] !== undefined && !pulumi.runtime.isRpcSecret(out[key]))
      out[key] = secret(out[key]);
  }
  return out;
}

function secret(value: unknown): Record<string, unknown> {
  return { [pulumi.runtime.specialSigKey]: pulumi.runtime.specialSecretSig, value };
}

function containsSecret(value: unknown): boolean {
  if (pulumi.runtime.isRpcSecret(value)) return true;
  if (Array.isArray(value)) return value.some(containsSecret);
  if (value !== null && typeof value === "object") return Object.values(value).some(containsSecret);
  return false;
}
