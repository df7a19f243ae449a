/**
 * Rate-limit pacing maths, pure. Sentry (sentry.io) reports a fixed window per token in every
 * response: `X-Sentry-Rate-Limit-Limit`, `-Remaining` and `-Reset` (epoch seconds). The client keeps
 * one state per (base URL, token) and, before each request:
 *  - sends at once while plenty of the window is left;
 *  - once `remaining` drops to `slowDownBelow` of the limit, spreads the remaining requests evenly
 *    over the time until the reset (so it never drives the budget to zero by itself);
 *  - at zero, waits until the reset (+ margin).
 * Each dispatch is reserved in the state at once, so concurrent requests see each other before any
 * response arrives. Self-hosted Sentry sends no such headers: the state stays empty, no pacing.
 */
import type { HeaderLookup, RateLimitRetryOptions } from "./retry-policy";

/** How the client paces itself and retries 429. */
export interface RateLimitOptions extends RateLimitRetryOptions {
  /** Pace requests from the headers (false: only react to 429). */
  pacing: boolean;
  /** Fraction of the limit below which requests are spread until the reset (0 disables). */
  slowDownBelow: number;
  /** Window length assumed when the reset passes before a new response tells the real one. */
  assumedWindowMs: number;
}

/** Defaults: pace, slow down in the last quarter of the window, 10 waits of at most 60 s. */
export const DEFAULT_RATE_LIMIT_OPTIONS: RateLimitOptions = {
  pacing: true,
  slowDownBelow: 0.25,
  assumedWindowMs: 1000,
  retries: 10,
  maxWaitMs: 60_000,
  resetMarginMs: 100,
};

/** Rate-limit headers of one response, parsed. */
export interface RateLimitObservation {
  limit?: number;
  remaining: number;
  resetAtMs: number;
  concurrentLimit?: number;
  concurrentRemaining?: number;
}

/** What the client believes about the current window. Empty when the server sends no headers. */
export interface RateLimitState {
  /** Requests allowed per window. */
  limit?: number;
  /** Requests left in the window, minus those dispatched since the last response. */
  remaining?: number;
  /** When the window ends (ms since epoch). */
  resetAtMs?: number;
  /** Earliest dispatch time of the next request while slowing down. */
  nextSlotAtMs?: number;
  /** True when the window was rolled forward locally and not yet confirmed by a response. */
  estimated?: boolean;
}

/** How long to wait before the next request, and why. */
export interface PacingPlan {
  delayMs: number;
  reason: "none" | "slow-down" | "exhausted";
}

function intHeader(headers: HeaderLookup, name: string): number | undefined {
  const raw = headers[name]?.trim();
  if (!raw) return undefined;
  const value = Number(raw);
  return Number.isFinite(value) ? value : undefined;
}

/** Parses the `X-Sentry-Rate-Limit-*` headers; undefined when Remaining or Reset is absent. */
export function readRateLimitHeaders(headers: HeaderLookup): RateLimitObservation | undefined {
  const remaining = intHeader(headers, "x-sentry-rate-limit-remaining");
  const reset = intHeader(headers, "x-sentry-rate-limit-reset");
  if (remaining === undefined || reset === undefined) return undefined;
  return {
    limit: intHeader(headers, "x-sentry-rate-limit-limit"),
    remaining,
    resetAtMs: reset * 1000,
    concurrentLimit: intHeader(headers, "x-sentry-rate-limit-concurrentlimit"),
    concurrentRemaining: intHeader(headers, "x-sentry-rate-limit-concurrentremaining"),
  };
}

/**
 * Merges what a response reported into the state. `othersInFlight` requests were sent but not yet
 * answered: the server may not have counted them when it wrote this response, so they are taken
 * off its `remaining` (erring on the safe side: some may have been counted already).
 */
export function observeResponse(
  state: RateLimitState,
  observed: RateLimitObservation | undefined,
  othersInFlight = 0,
): RateLimitState {
  if (!observed) return state;
  const remaining = Math.max(0, observed.remaining - Math.max(0, othersInFlight));
  const fresh: RateLimitState = {
    limit: observed.limit ?? state.limit,
    remaining,
    resetAtMs: observed.resetAtMs,
  };
  if (state.resetAtMs === undefined || state.remaining === undefined || state.estimated) {
    return fresh;
  }
  if (observed.resetAtMs > state.resetAtMs) return fresh;
  if (observed.resetAtMs < state.resetAtMs) return state; // a late answer from an older window
  // Same window: our count already includes requests still in flight; keep the lower one.
  return { ...state, remaining: Math.min(state.remaining, remaining) };
}

/** Milliseconds to wait before the next request given the state. Pure. */
export function delayBeforeNextRequest(
  state: RateLimitState,
  nowMs: number,
  options: RateLimitOptions,
): number {
  return planNextRequest(state, nowMs, options).delayMs;
}

/** Like `delayBeforeNextRequest`, with the reason (for the client's events). */
export function planNextRequest(
  state: RateLimitState,
  nowMs: number,
  options: RateLimitOptions,
): PacingPlan {
  if (!options.pacing || state.resetAtMs === undefined || state.remaining === undefined) {
    return { delayMs: 0, reason: "none" };
  }
  const windowEnd = state.resetAtMs + options.resetMarginMs;
  if (nowMs >= windowEnd) return { delayMs: 0, reason: "none" };
  if (state.remaining <= 0) return { delayMs: windowEnd - nowMs, reason: "exhausted" };
  const delayMs = Math.max(0, Math.ceil((state.nextSlotAtMs ?? nowMs) - nowMs));
  return delayMs > 0 ? { delayMs, reason: "slow-down" } : { delayMs: 0, reason: "none" };
}

/** The state after a request is dispatched at `sendAtMs` (reserves its place in the window). */
export function reserveRequest(
  state: RateLimitState,
  sendAtMs: number,
  options: RateLimitOptions,
): RateLimitState {
  if (!options.pacing || state.resetAtMs === undefined || state.remaining === undefined) {
    return state;
  }
  let current = state;
  if (sendAtMs >= state.resetAtMs + options.resetMarginMs) {
    if (state.limit === undefined) return {};
    // The window ended without news: assume a fresh one, corrected by the next response.
    const windowMs = Math.max(1, options.assumedWindowMs);
    const windowsPassed = Math.floor((sendAtMs - state.resetAtMs) / windowMs) + 1;
    current = {
      limit: state.limit,
      remaining: state.limit,
      resetAtMs: state.resetAtMs + windowsPassed * windowMs,
      estimated: true,
    };
  }
  const remaining = (current.remaining ?? 0) - 1;
  const resetAtMs = current.resetAtMs ?? sendAtMs;
  const threshold = current.limit === undefined ? 0 : current.limit * options.slowDownBelow;
  const slowing = remaining > 0 && remaining <= threshold;
  const spacing = slowing ? (resetAtMs + options.resetMarginMs - sendAtMs) / remaining : 0;
  return { ...current, remaining, nextSlotAtMs: sendAtMs + Math.max(0, spacing) };
}
