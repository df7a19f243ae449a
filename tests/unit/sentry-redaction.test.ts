import assert from "node:assert/strict";
import { inspect } from "node:util";
import { AxiosError, AxiosHeaders } from "axios";
import { SentryApiError, containsSecret, redact } from "../../provider/sentry";
import { networkErrorCode, toSentryApiError } from "../../provider/sentry/to-error";

const USER_TOKEN = `sntryu_${"ab12".repeat(16)}`;
const ORG_TOKEN =
  "sntrys_eyJpYXQiOjE3MDAwMDAwMDAsInVybCI6Imh0dHBzOi8vc2VudHJ5LmlvIn0=_c2VjcmV0c2VjcmV0";
const LEGACY_TOKEN = "0123456789abcdef".repeat(4);
const DSN_PUBLIC = "a785682ddda742d7a8a4088810e67791";
const DSN_SECRET = "bcd99b3790b3441c85ce4b1eaa854f66";

/** Every way an error gets printed or shipped. */
function renderings(err: Error): string[] {
  return [
    err.message,
    String(err),
    err.stack ?? "",
    JSON.stringify(err),
    inspect(err, { depth: 10, showHidden: true }),
    inspect(err.cause, { depth: 10, showHidden: true }),
    String((err.cause as Error | undefined)?.stack ?? ""),
    JSON.stringify(Object.assign({}, err)),
  ];
}

describe("sentry redaction", () => {
  it("scrubs every token kind, Bearer and Basic credentials and DSN secrets", () => {
    const text = [
      `user ${USER_TOKEN}`,
      `org ${ORG_TOKEN}.`,
      `integration sntryi_${"9f".repeat(32)}`,
      `Authorization: Bearer ${LEGACY_TOKEN}`,
      "authorization: Basic dXNlcjpwYXNzd29yZA==",
      `dsn https://${DSN_PUBLIC}:${DSN_SECRET}@o1.ingest.sentry.io/2`,
      `X-Sentry-Auth: Sentry sentry_key=${DSN_PUBLIC}, sentry_secret=${DSN_SECRET}`,
    ].join("\n");
    const out = redact(text);
    for (const secret of [USER_TOKEN, ORG_TOKEN, LEGACY_TOKEN, DSN_SECRET, "dXNlcjpwYXNzd29yZA"]) {
      assert.ok(!out.includes(secret), `leaked ${secret.slice(0, 10)} in ${out}`);
    }
    assert.ok(out.includes(`https://${DSN_PUBLIC}:[REDACTED]@o1.ingest.sentry.io/2`));
    assert.ok(out.includes("sntrys_[REDACTED]."));
    assert.ok(out.includes(`sentry_key=${DSN_PUBLIC}`), "public keys are not secrets");
  });

  it("scrubs known secrets whatever their shape (legacy 64-hex tokens)", () => {
    assert.equal(redact(`token=${LEGACY_TOKEN}`, [LEGACY_TOKEN]), "token=[REDACTED]");
    assert.ok(containsSecret(`x ${LEGACY_TOKEN}`, [LEGACY_TOKEN]));
    assert.ok(!containsSecret("Sentry returned 403 for the Token scope check"));
  });

  it("leaves ordinary prose alone", () => {
    const prose = "Sentry API GET /api/0/ failed with HTTP 401: Invalid token (Basic auth off)";
    assert.equal(redact(prose), prose);
  });

  it("builds SentryApiError messages, JSON and inspect output without secrets", () => {
    const err = new SentryApiError({
      method: "POST",
      path: `/api/0/x/?token=${USER_TOKEN}`,
      status: 400,
      detail: `bad token ${LEGACY_TOKEN} and ${ORG_TOKEN}`,
      hint: `Bearer ${LEGACY_TOKEN}`,
      cause: Object.assign(new Error(`failed with Authorization: Bearer ${LEGACY_TOKEN}`), {
        config: { headers: { Authorization: `Bearer ${LEGACY_TOKEN}` } },
        code: "ECONNRESET",
      }),
      secrets: [LEGACY_TOKEN],
    });
    for (const text of renderings(err)) {
      for (const secret of [USER_TOKEN, ORG_TOKEN, LEGACY_TOKEN])
        assert.ok(!text.includes(secret), text);
    }
    assert.equal((err.cause as { code?: string }).code, "ECONNRESET");
    assert.equal((err.cause as { config?: unknown }).config, undefined);
    assert.deepEqual(Object.keys(err.toJSON()).sort(), [
      "attempts",
      "code",
      "detail",
      "hint",
      "maybeCommitted",
      "message",
      "method",
      "name",
      "path",
      "retryable",
      "status",
    ]);
  });

  it("converts a real AxiosError (config.headers.Authorization) without carrying it", () => {
    const headers = new AxiosHeaders({ Authorization: `Bearer ${USER_TOKEN}` });
    const axiosError = new AxiosError(
      "socket hang up",
      "ECONNRESET",
      { headers, url: "http://127.0.0.1:1/api/0/" },
      { _header: `GET /api/0/ HTTP/1.1\r\nAuthorization: Bearer ${USER_TOKEN}\r\n` },
    );
    assert.equal(networkErrorCode(axiosError), "ECONNRESET");
    const err = toSentryApiError({
      request: { method: "GET", path: "/api/0/" },
      failed: { kind: "network", code: "ECONNRESET", error: axiosError },
      decision: { retry: false, reason: "ECONNRESET", retryable: true, maybeCommitted: false },
      attempts: 6,
      baseUrl: "http://127.0.0.1:1",
      token: USER_TOKEN,
    });
    assert.match(
      err.message,
      /GET \/api\/0\/ failed with network error ECONNRESET: socket hang up/,
    );
    assert.equal(err.attempts, 6);
    for (const text of renderings(err)) assert.ok(!text.includes(USER_TOKEN), text);
    assert.ok(!inspect(err, { depth: 10 }).includes("Authorization"));
  });

  it("finds the network code in axios' cause and in messages", () => {
    const generic = Object.assign(new Error("Network Error"), {
      code: "ERR_NETWORK",
      cause: Object.assign(new Error("read ECONNRESET"), { code: "ECONNRESET" }),
    });
    assert.equal(networkErrorCode(generic), "ECONNRESET");
    assert.equal(networkErrorCode(new Error("socket hang up")), "ECONNRESET");
    assert.equal(networkErrorCode(new Error("timeout of 50ms exceeded")), "ETIMEDOUT");
    assert.equal(networkErrorCode("weird"), "UNKNOWN");
  });
});
