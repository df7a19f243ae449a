/**
 * Cron monitor check-ins: the DSN cron endpoint (`GET|POST /api/{projectId}/cron/{slug}/{publicKey}/`,
 * `/crons/` too) and the `check_in` items of envelopes, both recorded in the journal.
 */
import { parseJsonBody } from "../body";
import {
  checkInFromQuery,
  parseCheckIn,
  type CheckInInput,
  type CheckInRecord,
  type CheckInStatus,
} from "../check-ins";
import type { ApiRequest, ApiResponse, Route, SandboxContext } from "../context";
import { ApiError, DETAIL, badRequest } from "../errors";
import { refuseForeignOrigin } from "../ingest-origin";
import { newEventId } from "../ids";
import { isPlainObject } from "../validation";

/** Where a check-in came from. */
export interface CheckInSource {
  projectId: number;
  publicKey: string;
  via: CheckInRecord["via"];
}

/**
 * Validates and records one check-in. An invalid one is recorded as dropped (with the fields as
 * sent), as Relay drops an invalid envelope item; returns the record.
 */
export function receiveCheckIn(
  ctx: SandboxContext,
  input: CheckInInput,
  source: CheckInSource,
  slugFromPath?: string,
): CheckInRecord {
  const parsed = parseCheckIn(input, slugFromPath);
  const receivedAt = ctx.now().toISOString();
  if (parsed.ok) return ctx.journal.recordCheckIn({ ...parsed.value, ...source, receivedAt });
  const dropped: CheckInRecord = {
    checkInId: String(input.check_in_id ?? ""),
    monitorSlug: String(slugFromPath ?? input.monitor_slug ?? ""),
    status: input.status as CheckInStatus, // as sent: it may be what made it invalid
    environment: String(input.environment ?? "production"),
    ...source,
    receivedAt,
    outcome: "dropped",
    reason: parsed.reason,
  };
  ctx.journal.checkIns.push(dropped);
  return dropped;
}

// Relay answers 202 and processes the check-in later; a malformed one is a 400 here.
function cronCheckIn(req: ApiRequest, ctx: SandboxContext): ApiResponse {
  const projectId = Number(req.params.projectId);
  const publicKey = req.params.publicKey!.toLowerCase();
  const key = ctx.store.state.clientKeys.find((k) => k.public === publicKey);
  if (!key || key.status !== "active" || key.projectId !== projectId) {
    throw new ApiError(403, { detail: DETAIL.ingestRejected });
  }
  const header = (name: string): string | undefined => {
    const value = req.headers[name];
    return Array.isArray(value) ? value.join(",") : value;
  };
  refuseForeignOrigin(ctx, projectId, header);
  const fromBody =
    req.method === "POST" && req.body.length > 0
      ? parseJsonBody(req.body, req.headers["content-type"])
      : undefined;
  if (fromBody !== undefined && !isPlainObject(fromBody)) {
    throw badRequest({ detail: "invalid check-in: the body is not a JSON object" });
  }
  const input: CheckInInput = {
    ...checkInFromQuery(req.url.searchParams, newEventId),
    ...(fromBody ?? {}),
  };
  const record = receiveCheckIn(
    ctx,
    input,
    { projectId, publicKey, via: "cron-endpoint" },
    req.params.slug,
  );
  if (record.outcome === "dropped" && record.reason && !record.reason.startsWith("no monitor")) {
    throw badRequest({ detail: `invalid check-in: ${record.reason}` });
  }
  return { status: 202 };
}

const CRON = /^\/api\/(?<projectId>\d+)\/crons?\/(?<slug>[^/]+)\/(?<publicKey>[^/]+)\/?$/;

/** The cron endpoint routes (both spellings; trailing slash optional). */
export const cronRoutes: Route[] = [
  { method: "GET", pattern: CRON, handler: cronCheckIn },
  { method: "POST", pattern: CRON, handler: cronCheckIn },
];

/** Whether `path` is the cron endpoint (ingest: no bearer auth, no API rate limit). */
export function isCronPath(path: string): boolean {
  return CRON.test(path);
}
