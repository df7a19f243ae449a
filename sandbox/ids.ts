/** Random identifiers and secrets, shaped like Sentry's. */
import { createHash, randomBytes } from "node:crypto";

/** A 32-character lowercase hex string: a client key's public or secret part. */
export function newKeyHex(): string {
  return randomBytes(16).toString("hex");
}

/** A user auth token: `sntryu_` and 64 hex characters. */
export function newUserToken(): string {
  return `sntryu_${randomBytes(32).toString("hex")}`;
}

/**
 * An org auth token shaped like Sentry's: `sntrys_`, a base64 JSON payload naming the server and
 * organization (sentry-cli reads it), `_`, and a base64 secret.
 */
export function newOrgAuthToken(url: string, organization: string, now: Date): string {
  const payload = { iat: now.getTime() / 1000, url, region_url: url, org: organization };
  const encoded = Buffer.from(JSON.stringify(payload)).toString("base64");
  const secret = randomBytes(32).toString("base64").replace(/=+$/, "");
  return `sntrys_${encoded}_${secret}`;
}

/** The hash under which a token is stored, so the data file never holds org or minted tokens. */
export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/** True for a well-formed user token (`sntryu_` + 64 lowercase hex). */
export function isUserTokenShape(token: string): boolean {
  return /^sntryu_[0-9a-f]{64}$/.test(token);
}

/** A 32-hex event id for ingest requests that did not name one. */
export function newEventId(): string {
  return randomBytes(16).toString("hex");
}

const ADJECTIVES = [
  "Liked",
  "Bold",
  "Quiet",
  "Brave",
  "Calm",
  "Eager",
  "Fond",
  "Keen",
  "Noble",
  "Swift",
];
const ANIMALS = [
  "Pegasus",
  "Oarfish",
  "Heron",
  "Lynx",
  "Otter",
  "Falcon",
  "Badger",
  "Marten",
  "Ibex",
  "Wren",
];

/** A two-word name like Sentry gives keys created without one ("Liked Pegasus"). */
export function newPetName(): string {
  const pick = (words: string[]): string => words[randomBytes(1)[0]! % words.length]!;
  return `${pick(ADJECTIVES)} ${pick(ANIMALS)}`;
}
