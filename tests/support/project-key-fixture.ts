/** Sentry project keys as the API returns them, for unit tests of the pure key logic. */
import type { ProjectKey } from "../../provider/sentry";

/** The id of key number `n`: `n` in hex, 32 digits. */
export function sentryKeyId(n: number): string {
  return n.toString(16).padStart(32, "0");
}

/** Key number `n` (its id is {@link sentryKeyId}), created at `createdAt`. */
export function sentryKey(n: number, createdAt: string): ProjectKey {
  const id = sentryKeyId(n);
  return {
    id,
    name: "web",
    label: "web",
    public: id,
    secret: `s${n}`.padStart(32, "0"),
    projectId: 1,
    isActive: true,
    rateLimit: null,
    dsn: {
      public: `http://${id}@sentry.test/1`,
      secret: `http://${id}:secret${n}@sentry.test/1`,
      csp: "c",
      security: "s",
      minidump: "m",
      unreal: "u",
      crons: "cr",
      cdn: "cdn",
    },
    browserSdkVersion: "9.x",
    browserSdk: { choices: [] },
    dateCreated: createdAt,
    dynamicSdkLoaderOptions: { hasReplay: false, hasPerformance: false, hasDebug: false },
  };
}
