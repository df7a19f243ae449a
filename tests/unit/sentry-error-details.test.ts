import assert from "node:assert/strict";
import { SentryApiError, flattenDetail, hintFor } from "../../provider/sentry";

const base = { baseUrl: "https://sentry.io", maybeCommitted: false };

describe("sentry error details and hints", () => {
  it("flattens every DRF error shape to one line", () => {
    assert.equal(flattenDetail({ detail: "Invalid token" }), "Invalid token");
    assert.equal(
      flattenDetail({ detail: ["The name cannot be blank."] }),
      "The name cannot be blank.",
    );
    assert.equal(
      flattenDetail({ detail: { message: "Slow down", code: "throttled" } }),
      "Slow down (throttled)",
    );
    assert.equal(
      flattenDetail({
        name: ["Ensure this field has no more than 64 characters."],
        rateLimit: { window: ["Too big."] },
      }),
      "name: Ensure this field has no more than 64 characters.; rateLimit.window: Too big.",
    );
    assert.equal(
      flattenDetail("<html>\n <body>Bad   Gateway</body></html>"),
      "<html> <body>Bad Gateway</body></html>",
    );
    assert.equal(flattenDetail(undefined), undefined);
    assert.equal(flattenDetail({}), undefined);
    assert.equal(flattenDetail("x".repeat(1000))!.length, 300);
  });

  it("tells what to do about a 401", () => {
    assert.match(
      hintFor({ ...base, status: 401 })!,
      /SENTRY_AUTH_TOKEN or the sentry-rotation:authToken/,
    );
  });

  it("names the missing scope on a 403", () => {
    const hint = hintFor({
      ...base,
      status: 403,
      scope: "project:admin",
      action: "deleting a client key",
    })!;
    assert.match(hint, /lacks the scope project:admin needed for deleting a client key/);
    assert.match(hint, /org auth tokens, sntrys_, only have org:ci/);
  });

  it("says a lost write may have been applied", () => {
    assert.match(hintFor({ ...base, status: 503, maybeCommitted: true })!, /may have been applied/);
  });

  it("points at SENTRY_URL for network failures and redirects", () => {
    assert.match(
      hintFor({ ...base, code: "ECONNREFUSED" })!,
      /could not reach .* check SENTRY_URL/,
    );
    assert.match(
      hintFor({ ...base, code: "ETIMEDOUT" })!,
      /connection to Sentry at https:\/\/sentry.io failed/,
    );
    assert.match(hintFor({ ...base, status: 301 })!, /redirect/);
  });

  it("formats the message with method, path, status, detail and hint", () => {
    const err = new SentryApiError({
      method: "DELETE",
      path: "/api/0/projects/o/p/keys/k/",
      status: 403,
      detail: "You do not have permission to perform this action.",
      hint: "needs project:admin",
    });
    assert.equal(
      err.message,
      "Sentry API DELETE /api/0/projects/o/p/keys/k/ failed with HTTP 403: You do not have permission to perform this action. (needs project:admin)",
    );
    assert.equal(err.name, "SentryApiError");
    assert.equal(err.maybeCommitted, false);
    assert.equal(err.retryable, false);
    assert.equal(err.attempts, 1);
    assert.ok(err instanceof Error);
  });
});
