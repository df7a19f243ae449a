/** The error responses the sandbox sends, worded as Sentry (Django REST framework) words them. */

/** Sentry's standard error details. */
export const DETAIL = {
  notFound: "The requested resource does not exist",
  noCredentials: "Authentication credentials were not provided.",
  invalidToken: "Invalid token",
  forbidden: "You do not have permission to perform this action.",
  internal: "Internal Error",
  ingestMissingAuth: "missing authorization information",
  ingestBadHeader: "bad x-sentry-auth header",
  ingestMultipleAuth: "multiple authorization payloads detected",
  ingestRejected: "event submission rejected with_reason: ProjectId",
  invalidRequestData: "Invalid request data",
  ingestRejectedOrigin: "event submission rejected with_reason: Cors",
} as const;

/** A response to send instead of the normal one: thrown by handlers, caught by the server. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
    readonly headers: Record<string, string> = {},
  ) {
    super(`HTTP ${status}`);
    this.name = "ApiError";
  }
}

/** 404 with Sentry's "does not exist" detail. */
export function notFound(): ApiError {
  return new ApiError(404, { detail: DETAIL.notFound });
}

/** 403 for a token that lacks the needed scope. */
export function forbidden(): ApiError {
  return new ApiError(403, { detail: DETAIL.forbidden });
}

/** 400 with a DRF body: field errors (`{"name": ["..."]}`) or a `detail`. */
export function badRequest(body: unknown): ApiError {
  return new ApiError(400, body);
}

/** 405 for a known path with a method it does not serve. */
export function methodNotAllowed(method: string): ApiError {
  return new ApiError(405, { detail: `Method "${method}" not allowed.` });
}
