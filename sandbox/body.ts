/** Request bodies: reading with a size cap, undoing Content-Encoding, parsing JSON like DRF. */
import type { IncomingMessage } from "node:http";
import * as zlib from "node:zlib";
import { ApiError, badRequest } from "./errors";

/** Reads the whole body; 413 past `limit` bytes (the rest is drained, not buffered). */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) tooLarge = true;
      else chunks.push(chunk);
    });
    req.on("end", () => {
      if (tooLarge)
        reject(new ApiError(413, { detail: `Request body larger than ${limit} bytes.` }));
      else resolve(Buffer.concat(chunks));
    });
    req.on("error", reject);
  });
}

/** Undoes gzip, deflate or br Content-Encoding (as SDKs compress envelopes); 400 when it fails. */
export function decodeBody(
  body: Buffer,
  encoding: string | undefined,
  maxOutputLength: number,
): Buffer {
  const name = (encoding ?? "identity").trim().toLowerCase();
  try {
    if (name === "identity" || name === "") return body;
    if (name === "gzip" || name === "x-gzip") return zlib.gunzipSync(body, { maxOutputLength });
    if (name === "deflate") return inflateEither(body, maxOutputLength);
    if (name === "br") return zlib.brotliDecompressSync(body, { maxOutputLength });
  } catch {
    throw badRequest({ detail: `invalid body: could not decode ${name} content` });
  }
  throw new ApiError(415, { detail: `Unsupported Content-Encoding "${name}".` });
}

// HTTP "deflate" is zlib-wrapped, but some senders use raw deflate: accept both.
function inflateEither(body: Buffer, maxOutputLength: number): Buffer {
  try {
    return zlib.inflateSync(body, { maxOutputLength });
  } catch {
    return zlib.inflateRawSync(body, { maxOutputLength });
  }
}

/**
 * The JSON body of an API request, as DRF reads it: empty body = `{}`, a non-JSON media type
 * = 415, malformed JSON = 400 `{"detail": "JSON parse error - ..."}`.
 */
export function parseJsonBody(body: Buffer, contentType: string | undefined): unknown {
  if (body.length === 0) return {};
  const mediaType = (contentType ?? "").split(";")[0]!.trim().toLowerCase();
  if (mediaType !== "application/json" && !mediaType.endsWith("+json")) {
    throw new ApiError(415, { detail: `Unsupported media type "${mediaType}" in request.` });
  }
  try {
    return JSON.parse(body.toString("utf8"));
  } catch (error) {
    throw badRequest({ detail: `JSON parse error - ${(error as Error).message}` });
  }
}
