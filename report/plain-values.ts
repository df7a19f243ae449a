/**
 * Reading values out of state without touching secrets: a secret is stored as an envelope
 * (`{"4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", "ciphertext": ...}`)
 * and every reader here answers "absent" for it. Pure.
 */
import { isRecord } from "./state-export";

/** The signature key and value Pulumi marks a secret with in state. */
export const SECRET_SIGNATURE_KEY = "4dabf18193072939515e22adb298388d";
/** The value of {@link SECRET_SIGNATURE_KEY} for secrets. */
export const SECRET_SIGNATURE = "1b47061264138c4ac30d75fd1eb44270";

/** True when the value is a secret as Pulumi stores it (encrypted or, with --show-secrets, not). */
export function isSecretEnvelope(value: unknown): boolean {
  return isRecord(value) && value[SECRET_SIGNATURE_KEY] === SECRET_SIGNATURE;
}

/** A non-secret string, or undefined. */
export function plainString(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value : undefined;
}

/** A non-secret boolean, or undefined. */
export function plainBoolean(value: unknown): boolean | undefined {
  return typeof value === "boolean" ? value : undefined;
}

/** A non-secret number, or undefined. */
export function plainNumber(value: unknown): number | undefined {
  return typeof value === "number" && Number.isFinite(value) ? value : undefined;
}

/** A non-secret object, or undefined (a secret object is an envelope, so it reads as absent). */
export function plainRecord(value: unknown): Record<string, unknown> | undefined {
  return isRecord(value) && !isSecretEnvelope(value) ? value : undefined;
}

/** The non-secret strings of a list. */
export function plainStrings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
}
