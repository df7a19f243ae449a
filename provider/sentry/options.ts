/**
 * Options of `createSentryClient` and their defaults. The base URL comes from the options, else
 * SENTRY_URL, else sentry.io, and is read when a client is created: never at module load.
 */
import { describeValue } from "../describe-value";
import { InputError } from "../input-error";
import { DEFAULT_MAX_CONCURRENCY } from "./concurrency";
import { DEFAULT_RATE_LIMIT_OPTIONS, type RateLimitOptions } from "./rate-limit";
import { redact } from "./redact";
import { DEFAULT_RETRY_OPTIONS, type RetryOptions } from "./retry-policy";

/** A notification about waiting; never carries the token. */
export type ClientEvent =
  | {
      /** A failed attempt is tried again after `delayMs`. */
      type: "retry";
      method: string;
      path: string;
      /** Attempt that failed (1 = the first). */
      attempt: number;
      /** Status or network error code. */
      reason: string;
      delayMs: number;
    }
  | {
      /** Pacing before a request, from the rate-limit headers. */
      type: "rate-limit-wait";
      method: string;
      path: string;
      /** "slow-down": spreading the rest of the window; "exhausted": waiting for the reset. */
      reason: "slow-down" | "exhausted";
      delayMs: number;
    }
  | {
      /** A retried DELETE found the object gone: an earlier attempt did the job. */
      type: "already-deleted";
      method: string;
      path: string;
    };

/** Options of a Sentry API client. */
export interface SentryClientOptions {
  /** Auth token (user `sntryu_`, internal integration `sntryi_`, or org `sntrys_` for reads). */
  token: string;
  /** Sentry base URL; default SENTRY_URL, else https://sentry.io. */
  baseUrl?: string;
  /** Timeout of one attempt in ms (default 30 s). */
  timeoutMs?: number;
  /** Backoff for network errors and 5xx. */
  retry?: Partial<RetryOptions>;
  /** Pacing from rate-limit headers and waiting on 429. */
  rateLimit?: Partial<RateLimitOptions>;
  /** Requests in flight per base URL in this process (default 10). */
  maxConcurrency?: number;
  /** User-Agent header. */
  userAgent?: string;
  /** Called on every wait (retry, pacing); must not throw. */
  onEvent?: (event: ClientEvent) => void;
  /** Waits; injectable for tests. */
  sleep?: (ms: number) => Promise<void>;
  /** Clock in ms since epoch; injectable for tests. */
  now?: () => number;
  /** Environment to read SENTRY_URL from (default process.env). */
  env?: Readonly<Record<string, string | undefined>>;
}

/** Options with every default applied and checked. */
export interface ResolvedClientOptions {
  token: string;
  /** Normalized: no trailing slash. */
  baseUrl: string;
  timeoutMs: number;
  retry: RetryOptions;
  rateLimit: RateLimitOptions;
  maxConcurrency: number;
  userAgent: string;
  onEvent: (event: ClientEvent) => void;
  sleep: (ms: number) => Promise<void>;
  now: () => number;
}

/** Default base URL when neither the options nor SENTRY_URL name one. */
export const DEFAULT_BASE_URL = "https://sentry.io";

/** Default client options (token and base URL aside). */
export const DEFAULT_CLIENT_OPTIONS = {
  timeoutMs: 30_000,
  retry: DEFAULT_RETRY_OPTIONS,
  rateLimit: DEFAULT_RATE_LIMIT_OPTIONS,
  maxConcurrency: DEFAULT_MAX_CONCURRENCY,
  userAgent: "pulumi-sentry-rotation",
} as const;

const realSleep = (ms: number) =>
  new Promise<void>((resolve) => setTimeout(resolve, Math.max(0, ms)));

/** Applies defaults and validates; throws InputError naming the option and the fix. */
export function resolveClientOptions(options: SentryClientOptions): ResolvedClientOptions {
  if (typeof options?.token !== "string" || options.token.trim() === "") {
    throw new InputError(
      "token",
      "a Sentry auth token is required: pass it, e.g. from SENTRY_AUTH_TOKEN or the sentry-rotation:authToken config",
    );
  }
  if (/\s/.test(options.token.trim()) || options.token !== options.token.trim()) {
    throw new InputError(
      "token",
      "the token contains whitespace: paste it without spaces or newlines",
    );
  }
  const env = options.env ?? process.env;
  const baseUrl = normalizeBaseUrl(options.baseUrl ?? (env.SENTRY_URL || DEFAULT_BASE_URL));
  const retry = { ...DEFAULT_RETRY_OPTIONS, ...definedOnly(options.retry) };
  const rateLimit = { ...DEFAULT_RATE_LIMIT_OPTIONS, ...definedOnly(options.rateLimit) };
  const resolved: ResolvedClientOptions = {
    token: options.token,
    baseUrl,
    timeoutMs: options.timeoutMs ?? DEFAULT_CLIENT_OPTIONS.timeoutMs,
    retry,
    rateLimit,
    maxConcurrency: options.maxConcurrency ?? DEFAULT_MAX_CONCURRENCY,
    userAgent: options.userAgent ?? DEFAULT_CLIENT_OPTIONS.userAgent,
    onEvent: options.onEvent ?? (() => undefined),
    sleep: options.sleep ?? realSleep,
    now: options.now ?? Date.now,
  };
  checkNumbers(resolved);
  return resolved;
}

function definedOnly<T extends object>(value: T | undefined): Partial<T> {
  return Object.fromEntries(
    Object.entries(value ?? {}).filter(([, v]) => v !== undefined),
  ) as Partial<T>;
}

/** Checks a base URL is http(s) without query or credentials; returns it without trailing slash. */
export function normalizeBaseUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    throw new InputError(
      "baseUrl",
      `"${redact(value)}" is not a URL: set SENTRY_URL (or baseUrl) to e.g. https://sentry.io or https://sentry.example.com`,
    );
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new InputError("baseUrl", `use an http(s) URL, not ${url.protocol}`);
  }
  if (url.username || url.password || url.search || url.hash) {
    throw new InputError(
      "baseUrl",
      "give the Sentry URL alone, without credentials, query or fragment (the token goes in `token`)",
    );
  }
  return `${url.origin}${url.pathname.replace(/\/+$/, "")}`;
}

function checkNumbers(o: ResolvedClientOptions): void {
  const checks: Array<[string, number, number]> = [
    ["timeoutMs", o.timeoutMs, 1],
    ["maxConcurrency", o.maxConcurrency, 1],
    ["retry.retries", o.retry.retries, 0],
    ["retry.baseDelayMs", o.retry.baseDelayMs, 0],
    ["retry.maxDelayMs", o.retry.maxDelayMs, 0],
    ["rateLimit.retries", o.rateLimit.retries, 0],
    ["rateLimit.maxWaitMs", o.rateLimit.maxWaitMs, 0],
    ["rateLimit.resetMarginMs", o.rateLimit.resetMarginMs, 0],
    ["rateLimit.assumedWindowMs", o.rateLimit.assumedWindowMs, 1],
    ["rateLimit.slowDownBelow", o.rateLimit.slowDownBelow, 0],
  ];
  for (const [field, value, min] of checks) {
    if (typeof value !== "number" || !Number.isFinite(value) || value < min) {
      throw new InputError(field, `must be a finite number >= ${min}, got ${describeValue(value)}`);
    }
  }
  if (o.rateLimit.slowDownBelow > 1) {
    throw new InputError("rateLimit.slowDownBelow", "is a fraction of the limit: use 0..1");
  }
  if (o.retry.jitter !== "full" && o.retry.jitter !== "none") {
    throw new InputError("retry.jitter", `use "full" or "none", not ${String(o.retry.jitter)}`);
  }
}
