import assert from "node:assert/strict";
import { checkClientKey } from "../../provider/resources/client-key/check";
import { UNKNOWN } from "../../provider/unknown";

const valid = { organization: "acme", project: "web", name: "web frontend", rotateEvery: "90d" };

describe("ClientKey check", () => {
  it("accepts valid inputs and fills in defaults", () => {
    const { inputs, failures } = checkClientKey({}, valid, {});
    assert.deepEqual(failures, []);
    assert.deepEqual(inputs, { ...valid, isActive: true, onReplace: "delete" });
  });

  it("takes the organization from provider defaults", () => {
    const { organization: _, ...withoutOrg } = valid;
    const { inputs, failures } = checkClientKey({}, withoutOrg, { organization: "from-config" });
    assert.deepEqual(failures, []);
    assert.equal(inputs.organization, "from-config");
  });

  it("explains where an organization can come from when there is none", () => {
    const { organization: _, ...withoutOrg } = valid;
    const { failures } = checkClientKey({}, withoutOrg, {});
    assert.equal(failures.length, 1);
    assert.equal(failures[0]?.property, "organization");
    assert.match(failures[0]?.reason ?? "", /sentry-rotation:organization.*SENTRY_ORG/);
  });

  const bad: Array<[string, unknown, RegExp]> = [
    ["organization", "Acme Corp", /not a Sentry slug/],
    ["project", "", /not a Sentry slug/],
    ["project", "x".repeat(51), /not a Sentry slug/],
    ["project", undefined, /is required/],
    ["name", "", /non-blank string/],
    ["name", "   ", /non-blank string/],
    ["name", "n".repeat(65), /65 characters long; Sentry allows at most 64/],
    ["name", 42, /non-blank string, got 42/],
    ["rotateEvery", "0d", /longer than zero/],
    ["rotateEvery", "forever", /is not a duration/],
    ["rotateEvery", "P11Y", /longer than 10 years/],
    ["rotationTriggers", "now", /map of strings/],
    ["rotationTriggers", { leak: 1 }, /value of "leak" must be a string/],
    ["rateLimit", { window: 0, count: 10 }, /window must be .* 1 to 86400/],
    ["rateLimit", { window: 86401, count: 10 }, /window must be/],
    ["rateLimit", { window: 60, count: 0 }, /count must be/],
    ["rateLimit", { window: 60, count: 1.5 }, /count must be/],
    ["rateLimit", { window: 60 }, /count must be/],
    ["rateLimit", { window: 60, count: 5, burst: 2 }, /unknown field\(s\) burst/],
    ["rateLimit", [60, 5], /must be \{ window, count \}/],
    ["browserSdkVersion", "v8", /"latest" or a major version/],
    ["dynamicSdkLoaderOptions", { hasReplay: "yes" }, /flag "hasReplay" must be true or false/],
    ["dynamicSdkLoaderOptions", { hasMagic: true }, /unknown flag "hasMagic"/],
    ["dsnForms", "csp", /must be a list of DSN forms such as \["csp", "security"\]/],
    [
      "dsnForms",
      ["csp", "public"],
      /"public" is not a DSN form: use any of csp, .*otlp_logs, or "all" \(the public DSN is always dsnPublic/,
    ],
    ["dsnForms", ["secret"], /"secret" is not a DSN form/],
    ["dsnForms", [42], /42 is not a DSN form/],
    ["dsnForms", ["cdn", "cdn"], /"cdn" is listed twice/],
    ["isActive", "true", /true or false/],
    ["onReplace", "archive", /one of "delete", "deactivate"/],
    ["existingKeyId", "abc", /not a client key id: use the key's 32-hex public key/],
  ];
  for (const [field, value, reason] of bad) {
    it(`rejects ${field} = ${JSON.stringify(value) ?? "undefined"} naming the field`, () => {
      const { failures } = checkClientKey({}, { ...valid, [field]: value }, {});
      assert.equal(failures.length, 1, JSON.stringify(failures));
      assert.equal(failures[0]?.property, field);
      assert.ok(failures[0]?.reason.startsWith(`${field}: `), failures[0]?.reason);
      assert.match(failures[0]?.reason ?? "", reason);
    });
  }

  it("reports every bad field at once", () => {
    const { failures } = checkClientKey({}, { project: "Web!", name: "", rotateEvery: "x" }, {});
    assert.deepEqual(
      failures.map((f) => f.property),
      ["organization", "project", "name", "rotateEvery"],
    );
  });

  it("accepts values unknown during preview, even nested", () => {
    const { failures } = checkClientKey(
      {},
      {
        organization: UNKNOWN,
        project: UNKNOWN,
        name: UNKNOWN,
        rotateEvery: UNKNOWN,
        rateLimit: { window: UNKNOWN, count: 5 },
        dynamicSdkLoaderOptions: { hasReplay: UNKNOWN },
        dsnForms: ["csp", UNKNOWN],
      },
      {},
    );
    assert.deepEqual(failures, []);
  });

  it("accepts every valid optional field", () => {
    const { failures } = checkClientKey(
      {},
      {
        ...valid,
        rotationTriggers: { leakedOn: "2026-11-29" },
        rateLimit: { window: 86400, count: 1 },
        browserSdkVersion: "8.x",
        dynamicSdkLoaderOptions: { hasReplay: true, hasPerformance: false },
        isActive: false,
        onReplace: "deactivate",
        dsnForms: ["csp", "otlp_traces"],
      },
      {},
    );
    assert.deepEqual(failures, []);
    assert.deepEqual(checkClientKey({}, { ...valid, dsnForms: ["all"] }, {}).failures, []);
  });

  it("adopts an existing key on first create only, never on a later replacement", () => {
    const existingKeyId = "0123456789abcdef0123456789abcdef";
    assert.equal(
      checkClientKey({}, { ...valid, existingKeyId }, {}).inputs.existingKeyId,
      existingKeyId,
    );
    const olds = { ...valid, isActive: true, onReplace: "delete" };
    assert.equal(
      checkClientKey(olds, { ...valid, existingKeyId }, {}).inputs.existingKeyId,
      undefined,
    );
  });
});
