/**
 * The request loop of a client: concurrency slot → rate-limit pacing → send → on failure
 * `decideRetry` → wait → again. One axios instance per client, never stubbed in tests. Every wait
 * goes through the injectable `sleep`.
 */
import axios, { type AxiosInstance, type AxiosResponse } from "axios";
import { limiterFor, type ConcurrencyLimiter } from "./concurrency";
import { SentryApiError } from "./errors";
import type { ResolvedClientOptions } from "./options";
import { rateLimitBucketFor, type RateLimitBucket } from "./rate-limit-bucket";
import {
  NOT_SENT_CODES,
  decideRetry,
  type AttemptCounts,
  type Failure,
  type HeaderLookup,
  type HttpMethod,
} from "./retry-policy";
import { networkErrorCode, toSentryApiError, type FailedAttempt } from "./to-error";

/** One API call. */
export interface ApiRequest {
  method: HttpMethod;
  /** Path below the base URL, e.g. `/api/0/projects/org/proj/keys/` (already URL-encoded). */
  path: string;
  /** Query parameters; undefined values are left out. */
  query?: Readonly<Record<string, string | number | undefined>>;
  /** JSON body. */
  body?: unknown;
  /** Safe to repeat; default: every method but POST. */
  idempotent?: boolean;
  /** Scope the call needs, named in the hint of a 403. */
  scope?: string;
  /** What the call does ("deleting a client key"), for hints. */
  action?: string;
}

/** A successful answer. */
export interface ApiResponse<T> {
  status: number;
  data: T;
  headers: HeaderLookup;
}

type Attempt =
  | { kind: "response"; status: number; body: unknown; headers: HeaderLookup }
  | Extract<FailedAttempt, { kind: "network" }>;

/** Sends requests for one client. */
export class Transport {
  private readonly http: AxiosInstance;
  private readonly limiter: ConcurrencyLimiter;
  private readonly bucket: RateLimitBucket;

  constructor(readonly options: ResolvedClientOptions) {
    this.http = axios.create({
      timeout: options.timeoutMs,
      headers: {
        Authorization: `Bearer ${options.token}`,
        Accept: "application/json",
        "User-Agent": options.userAgent,
      },
      // Statuses are ours to judge; bodies are parsed here so HTML error pages do not throw.
      validateStatus: () => true,
      responseType: "text",
      transformResponse: [(data: unknown) => data],
      // A redirect could carry the token to another host: never follow one.
      maxRedirects: 0,
      transitional: { clarifyTimeoutError: true },
    });
    this.limiter = limiterFor(options.baseUrl);
    this.bucket = rateLimitBucketFor(options.baseUrl, options.token);
  }

  /** Sends `request` with retries; resolves with the 2xx answer or throws SentryApiError. */
  async request<T>(request: ApiRequest): Promise<ApiResponse<T>> {
    const counts: AttemptCounts = { failures: 0, rateLimited: 0 };
    let attempts = 0;
    let earlierAttemptMayHaveApplied = false;
    for (;;) {
      attempts++;
      const outcome = await this.attempt(request);
      if (outcome.kind === "response" && outcome.status < 300) {
        return { status: outcome.status, data: outcome.body as T, headers: outcome.headers };
      }
      if (
        request.method === "DELETE" &&
        outcome.kind === "response" &&
        outcome.status === 404 &&
        earlierAttemptMayHaveApplied
      ) {
        // The lost answer of an earlier attempt was the deletion itself.
        this.emit({ type: "already-deleted", method: request.method, path: request.path });
        return { status: 204, data: undefined as T, headers: outcome.headers };
      }
      const failed: FailedAttempt =
        outcome.kind === "response"
          ? { kind: "status", status: outcome.status, body: outcome.body }
          : outcome;
      const about = { method: request.method, idempotent: request.idempotent };
      const failure: Failure =
        outcome.kind === "response"
          ? { ...about, kind: "status", status: outcome.status, headers: outcome.headers }
          : { ...about, kind: "network", code: outcome.code };
      if (failure.kind === "status" && failure.status === 429) counts.rateLimited++;
      else counts.failures++;
      const decision = decideRetry(counts, failure, this.options, this.options.now());
      if (!decision.retry) {
        throw toSentryApiError({
          request,
          failed,
          decision,
          attempts,
          baseUrl: this.options.baseUrl,
          token: this.options.token,
        });
      }
      earlierAttemptMayHaveApplied ||= mayHaveApplied(failure);
      this.emit({
        type: "retry",
        method: request.method,
        path: request.path,
        attempt: attempts,
        reason: decision.reason,
        delayMs: decision.delayMs,
      });
      await this.options.sleep(decision.delayMs);
    }
  }

  private async attempt(request: ApiRequest): Promise<Attempt> {
    const release = await this.limiter.acquire(this.options.maxConcurrency);
    try {
      await this.bucket.pace(this.options.rateLimit, this.options.now, this.options.sleep, (plan) =>
        this.emit({
          type: "rate-limit-wait",
          method: request.method,
          path: request.path,
          reason: plan.reason === "exhausted" ? "exhausted" : "slow-down",
          delayMs: plan.delayMs,
        }),
      );
      let response: AxiosResponse<unknown>;
      try {
        response = await this.http.request({
          method: request.method,
          url: this.urlOf(request),
          data: request.body === undefined ? undefined : JSON.stringify(request.body),
          headers: request.body === undefined ? {} : { "Content-Type": "application/json" },
        });
      } catch (error) {
        this.bucket.finish(undefined);
        return { kind: "network", code: networkErrorCode(error), error };
      }
      const headers = plainHeaders(response.headers);
      this.bucket.finish(headers);
      return {
        kind: "response",
        status: response.status,
        body: this.parseBody(request, response.status, response.data),
        headers,
      };
    } finally {
      release();
    }
  }

  private urlOf(request: ApiRequest): string {
    const query = new URLSearchParams();
    for (const [name, value] of Object.entries(request.query ?? {})) {
      if (value !== undefined) query.set(name, String(value));
    }
    const search = query.toString();
    return `${this.options.baseUrl}${request.path}${search ? `?${search}` : ""}`;
  }

  private parseBody(request: ApiRequest, status: number, raw: unknown): unknown {
    if (typeof raw !== "string" || raw.trim() === "") return undefined;
    try {
      return JSON.parse(raw);
    } catch {
      if (status >= 300) return raw; // an HTML error page from a proxy: kept as text for the detail
      throw new SentryApiError({
        method: request.method,
        path: request.path,
        status,
        detail: "the response body is not JSON",
        hint: `check that SENTRY_URL (${this.options.baseUrl}) points at Sentry itself, not a login page or proxy`,
        secrets: [this.options.token],
      });
    }
  }

  private emit(event: Parameters<ResolvedClientOptions["onEvent"]>[0]): void {
    try {
      this.options.onEvent(event);
    } catch {
      // A listener's failure must not break the request.
    }
  }
}

function mayHaveApplied(failure: Failure): boolean {
  if (failure.kind === "network") return !NOT_SENT_CODES.includes(failure.code);
  return failure.status >= 500;
}

function plainHeaders(headers: AxiosResponse["headers"]): HeaderLookup {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (value === undefined || value === null) continue;
    out[name.toLowerCase()] = Array.isArray(value) ? value.join(", ") : String(value);
  }
  return out;
}
