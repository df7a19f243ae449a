import assert from "node:assert/strict";
import { checkOrgAuthToken } from "../../provider/resources/org-auth-token/check";
import { diffOrgAuthToken } from "../../provider/resources/org-auth-token/diff";
import { type OrgAuthTokenOutputs } from "../../provider/resources/org-auth-token/types";

describe("OrgAuthToken check", () => {
  it("accepts valid inputs and takes the organization from defaults", () => {
    const { inputs, failures } = checkOrgAuthToken(
      {},
      { name: "ci", rotateEvery: "30d" },
      { organization: "acme" },
    );
    assert.deepEqual(failures, []);
    assert.deepEqual(inputs, { name: "ci", rotateEvery: "30d", organization: "acme" });
  });

  const bad: Array<[string, unknown, RegExp]> = [
    ["name", "", /non-blank/],
    ["name", "n".repeat(256), /at most 255/],
    ["organization", "ACME", /not a Sentry slug/],
    ["rotateEvery", "-1d", /not a duration/],
    ["rotationTriggers", ["x"], /map of strings/],
  ];
  for (const [field, value, reason] of bad) {
    it(`rejects ${field} = ${JSON.stringify(value)}`, () => {
      const { failures } = checkOrgAuthToken(
        {},
        { organization: "acme", name: "ci", [field]: value },
        {},
      );
      assert.equal(failures.length, 1);
      assert.equal(failures[0]?.property, field);
      assert.match(failures[0]?.reason ?? "", reason);
    });
  }
});

describe("OrgAuthToken diff", () => {
  const olds: OrgAuthTokenOutputs = {
    organization: "acme",
    name: "ci",
    rotateEvery: "30d",
    tokenId: "7",
    token: "redacted-in-tests",
    tokenLastCharacters: "abcd",
    scopes: ["org:ci"],
    createdAt: "2026-11-01T00:00:00.000Z",
  };
  const inputs = { organization: "acme", name: "ci", rotateEvery: "30d" };

  it("changes nothing before due and replaces once due", () => {
    assert.equal(diffOrgAuthToken(olds, inputs, new Date("2026-11-30T23:59:59Z")).changes, false);
    assert.deepEqual(diffOrgAuthToken(olds, inputs, new Date("2026-12-01T00:00:00Z")).replaces, [
      "rotateAt",
    ]);
  });

  it("renames in place and replaces on a changed trigger", () => {
    const now = new Date("2026-11-02T00:00:00Z");
    assert.deepEqual(diffOrgAuthToken(olds, { ...inputs, name: "ci-2" }, now).replaces, []);
    assert.equal(diffOrgAuthToken(olds, { ...inputs, name: "ci-2" }, now).changes, true);
    assert.deepEqual(
      diffOrgAuthToken(olds, { ...inputs, rotationTriggers: { leak: "1" } }, now).replaces,
      ["rotationTriggers"],
    );
  });
});
