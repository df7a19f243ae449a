/** `startSandbox` options: defaults, and errors that name the option and the fix. */
import { isUserTokenShape } from "./ids";
import { DEFAULT_PER_PAGE } from "./pagination";
import { DEFAULT_RATE_LIMIT, type RateLimitConfig } from "./rate-limit";

/** Options of `startSandbox` (all optional). */
export interface SandboxOptions {
  /** Port to listen on; default 0 (an ephemeral port). */
  port?: number;
  /** Interface to listen on; default "127.0.0.1". */
  host?: string;
  /** JSON state file: loaded on start if present, written atomically (temp + rename) on every change. */
  dataFile?: string;
  /** Seeded organization slug; default "sandbox-org" (or what the data file remembers). */
  organization?: string;
  /** Seeded project slug; default "sandbox-project" (or what the data file remembers). */
  project?: string;
  /** Seeded admin user token (`sntryu_` + 64 hex); default random per fresh data file. */
  token?: string;
  /** API rate limit; default sentry.io-like 40 per 1 s, 25 concurrent; false = no limit and no headers. */
  rateLimit?: { limit: number; windowSeconds: number; concurrentLimit?: number } | false;
  /** Page size of list endpoints without `per_page`; default 100, as Sentry. */
  defaultPerPage?: number;
  /** No request log on stderr; default true for the library (the CLI logs unless --quiet). */
  quiet?: boolean;
  /** Where log lines go; default stderr. Internal errors are logged even when quiet. */
  log?: (line: string) => void;
  /**
   * What time it is for the sandbox: rate-limit windows, timestamps of records and the request
   * log. Default the system clock; tests pass a settable clock to stay independent of real time.
   */
  now?: () => Date;
}

/** Options with defaults applied and values checked. */
export interface ResolvedOptions {
  port: number;
  host: string;
  dataFile: string | undefined;
  organization: string | undefined;
  project: string | undefined;
  token: string | undefined;
  rateLimit: RateLimitConfig | false;
  defaultPerPage: number;
  quiet: boolean;
  log: (line: string) => void;
  now: () => Date;
}

/** Sentry's slug rule: lowercase letters, digits, "-" and "_", not only digits, at most 50. */
export function isSlug(value: string): boolean {
  return /^(?![0-9]+$)[a-z0-9_-]{1,50}$/.test(value);
}

const positiveInt = (value: unknown): value is number =>
  Number.isInteger(value) && (value as number) >= 1;

/** Applies defaults and throws an Error naming the bad option and what it should be. */
export function resolveOptions(opts: SandboxOptions = {}): ResolvedOptions {
  const port = opts.port ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(
      `sandbox option "port" must be an integer from 0 to 65535 (0 = any free port), got ${port}`,
    );
  }
  for (const name of ["organization", "project"] as const) {
    const value = opts[name];
    if (value !== undefined && !isSlug(value)) {
      throw new Error(
        `sandbox option "${name}" must be a slug (lowercase letters, digits, - or _, not only digits, ` +
          `at most 50 characters), got ${JSON.stringify(value)}`,
      );
    }
  }
  if (opts.token !== undefined && !isUserTokenShape(opts.token)) {
    throw new Error(
      'sandbox option "token" must be "sntryu_" followed by 64 lowercase hex characters',
    );
  }
  let rateLimit: RateLimitConfig | false = DEFAULT_RATE_LIMIT;
  if (opts.rateLimit === false) rateLimit = false;
  else if (opts.rateLimit !== undefined) {
    const { limit, windowSeconds } = opts.rateLimit;
    const concurrentLimit = opts.rateLimit.concurrentLimit ?? DEFAULT_RATE_LIMIT.concurrentLimit;
    if (
      !positiveInt(limit) ||
      !positiveInt(windowSeconds) ||
      !positiveInt(concurrentLimit) ||
      windowSeconds > 86400
    ) {
      throw new Error(
        'sandbox option "rateLimit" needs positive integers: limit, windowSeconds (at most 86400) and ' +
          "concurrentLimit, e.g. { limit: 40, windowSeconds: 1 }; or false to turn limiting off",
      );
    }
    rateLimit = { limit, windowSeconds, concurrentLimit };
  }
  if (opts.now !== undefined && typeof opts.now !== "function") {
    throw new Error(
      'sandbox option "now" must be a function returning a Date, e.g. () => new Date()',
    );
  }
  const defaultPerPage = opts.defaultPerPage ?? DEFAULT_PER_PAGE;
  if (!positiveInt(defaultPerPage) || defaultPerPage > 100) {
    throw new Error(
      `sandbox option "defaultPerPage" must be an integer from 1 to 100, got ${defaultPerPage}`,
    );
  }
  return {
    port,
    host: opts.host ?? "127.0.0.1",
    dataFile: opts.dataFile,
    organization: opts.organization,
    project: opts.project,
    token: opts.token,
    rateLimit,
    defaultPerPage,
    quiet: opts.quiet ?? true,
    log: opts.log ?? ((line) => process.stderr.write(`${line}\n`)),
    now: opts.now ?? (() => new Date()),
  };
}
