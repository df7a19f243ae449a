import assert from "node:assert/strict";
import { configureContext } from "../../provider/runtime/context";
import { PartialStateError } from "../../provider/partial-state-error";
import { remediationHint } from "../../provider/sentry/outcome";
import { SentryApiError } from "../../provider/sentry";

const config = (values: Record<string, string>) => ({ get: (key: string) => values[key] });

describe("provider context across Configure calls", () => {
  // The context is process-wide: leave it as other tests expect (settings from the environment).
  after(() => configureContext(config({}), process.env));

  it("keeps one context, and the reasons diff recorded, when each resource kind configures it", () => {
    const first = configureContext(config({ "sentry-rotation:url": "http://a.test" }), {});
    first.run.recordRotationReason("urn:pulumi:prod::p::t::web", "expired");
    const again = configureContext(config({ "sentry-rotation:url": "http://a.test" }), {});
    assert.equal(again, first);
    const other = configureContext(config({ "sentry-rotation:url": "http://b.test" }), {});
    assert.notEqual(other, first);
    assert.equal(other.settings.url, "http://b.test");
    assert.equal(other.run.rotationReason("urn:pulumi:prod::p::t::web"), "expired");
  });
});

describe("remediation hints through wrapping errors", () => {
  it("finds the Sentry hint inside a partial-state error", () => {
    const api = new SentryApiError({
      method: "PUT",
      path: "/x/",
      status: 403,
      hint: "grant project:admin",
    });
    assert.equal(remediationHint(new PartialStateError("o/p/k", {}, api)), "grant project:admin");
    assert.equal(remediationHint(new Error("plain")), undefined);
  });
});
