import * as crypto from "crypto";

/** Prefix of the pod-template annotations that roll a workload onto a new key. */
export const KEY_ID_ANNOTATION_PREFIX = "sentry-rotation/key-id";

// An annotation name (after the "/") has at most 63 characters: [A-Za-z0-9] at both ends, and
// "-", "_", "." between.
const NAME_LIMIT = 63;
const HASH_LENGTH = 8;

/**
 * The pod-template annotation one sink sets, e.g. `sentry-rotation/key-id.web-sink-0`. Each sink
 * has its own key: two sinks rolling one workload (a DSN and an auth token) then each own a
 * different field under server-side apply, where one shared key made the second patch conflict
 * with the first. Names that do not fit are shortened with a hash of the full name.
 */
export function restartAnnotationKey(sinkName: string): string {
  const [prefix, base] = KEY_ID_ANNOTATION_PREFIX.split("/") as [string, string];
  const cleaned = sinkName
    .replace(/[^A-Za-z0-9_.-]/g, "-")
    .replace(/^[^A-Za-z0-9]+|[^A-Za-z0-9]+$/g, "");
  const room = NAME_LIMIT - base.length - 1;
  if (cleaned.length > 0 && cleaned.length <= room && cleaned === sinkName) {
    return `${prefix}/${base}.${cleaned}`;
  }
  // Shortened or altered: a hash of the original keeps names that clean up alike apart.
  const hash = crypto.createHash("sha256").update(sinkName).digest("hex").slice(0, HASH_LENGTH);
  const head = cleaned.slice(0, room - HASH_LENGTH - 1).replace(/[^A-Za-z0-9]+$/, "");
  return `${prefix}/${base}.${head ? `${head}-` : ""}${hash}`;
}
