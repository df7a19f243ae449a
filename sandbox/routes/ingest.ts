/** Ingest: `/api/{projectId}/envelope/` and `/api/{projectId}/store/`, authenticated by a public key. */
import { decodeBody } from "../body";
import type { ApiRequest, ApiResponse, Route, SandboxContext } from "../context";
import { ApiError, badRequest, DETAIL } from "../errors";
import { parseEnvelope, parseStoreBody, PayloadError, type IngestPayload } from "../envelope";
import { newEventId } from "../ids";
import { readIngestAuth } from "../ingest-auth";
import { countsAsError } from "../key-usage";
import { refuseForeignOrigin } from "../ingest-origin";
import { receiveCheckIn } from "./cron";

// Bodies may expand a lot when decompressed; past this the request is refused.
const MAX_DECODED_BYTES = 50 * 1024 * 1024;

function ingest(endpoint: "envelope" | "store") {
  return (req: ApiRequest, ctx: SandboxContext): ApiResponse => {
    const header = (name: string): string | undefined => {
      const value = req.headers[name];
      return Array.isArray(value) ? value.join(",") : value;
    };
    const auth = readIngestAuth({
      xSentryAuth: header("x-sentry-auth"),
      authorization: header("authorization"),
      sentryKeyParam: req.url.searchParams.get("sentry_key"),
    });
    if (!auth.ok) throw new ApiError(401, { detail: auth.detail });
    const projectId = Number(req.params.projectId);
    const key = ctx.store.state.clientKeys.find((k) => k.public === auth.publicKey);
    if (!key || key.status !== "active" || key.projectId !== projectId) {
      throw new ApiError(403, { detail: DETAIL.ingestRejected });
    }
    refuseForeignOrigin(ctx, projectId, header);
    const encoding = header("content-encoding")?.trim().toLowerCase();
    const body = decodeBody(req.body, encoding, MAX_DECODED_BYTES);
    let payload: IngestPayload;
    try {
      payload = endpoint === "envelope" ? parseEnvelope(body) : parseStoreBody(body);
    } catch (error) {
      if (error instanceof PayloadError)
        throw badRequest({ detail: `invalid ${endpoint}: ${error.message}` });
      throw error;
    }
    if (key.rateLimit) {
      const retryAfter = ctx.keyQuotas.take(key.public, key.rateLimit, ctx.now().getTime());
      if (retryAfter > 0) {
        if (countsAsError(payload.itemTypes)) ctx.keyUsage.count(key.public, ctx.now(), "dropped");
        throw new ApiError(
          429,
          { detail: "event submission rejected: key quota exceeded" },
          {
            "Retry-After": String(retryAfter),
            "X-Sentry-Rate-Limits": `${retryAfter}::key`,
          },
        );
      }
    }
    const id = payload.eventId ?? newEventId();
    ctx.journal.recordEvent({
      id,
      projectId,
      publicKey: key.public,
      endpoint,
      receivedAt: ctx.now().toISOString(),
      itemTypes: payload.itemTypes,
      ...(encoding && encoding !== "identity" ? { contentEncoding: encoding } : {}),
    });
    if (countsAsError(payload.itemTypes)) ctx.keyUsage.count(key.public, ctx.now(), "accepted");
    for (const checkIn of payload.checkIns) {
      receiveCheckIn(ctx, checkIn, { projectId, publicKey: key.public, via: "envelope" });
    }
    return { status: 200, body: { id } };
  };
}

/** The ingest routes (trailing slash optional, as in Relay). */
export const ingestRoutes: Route[] = [
  {
    method: "POST",
    pattern: /^\/api\/(?<projectId>\d+)\/envelope\/?$/,
    handler: ingest("envelope"),
  },
  { method: "POST", pattern: /^\/api\/(?<projectId>\d+)\/store\/?$/, handler: ingest("store") },
];
