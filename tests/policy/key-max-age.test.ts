import * as assert from "assert";
import { fixedClock } from "../../provider/rotation";
import { KEY_MAX_AGE, keyMaxAge } from "../../policy/rules/key-max-age";
import { CLIENT_KEY, CLIENT_KEY_PAIR, ORG_AUTH_TOKEN } from "../../policy/tokens";
import { UNKNOWN_STRING, validateStack } from "../support/policy-args";

const NOW = "2027-06-01T00:00:00.000Z";
const policy = keyMaxAge(fixedClock(NOW));
const KEY_ID = "a".repeat(32);

/** An instant `days` before NOW. */
function daysAgo(days: number): string {
  return new Date(Date.parse(NOW) - days * 86_400_000).toISOString();
}

describe("policy sentry-key-max-age", () => {
  it("reports a client key older than 90d + 7d grace, with its age and urn, and accepts a younger one", async () => {
    const old = {
      type: CLIENT_KEY,
      name: "web",
      props: { keyId: KEY_ID, createdAt: daysAgo(98), isActive: true },
    };
    const young = {
      type: CLIENT_KEY,
      name: "api",
      props: { keyId: KEY_ID, createdAt: daysAgo(97), isActive: true },
    };
    const violations = await validateStack(policy, [old, young]);
    assert.strictEqual(violations.length, 1);
    assert.match(
      violations[0]!.message,
      new RegExp(`client key "web" \\(${KEY_ID}\\) was created ${daysAgo(98)}, 98 days ago`),
    );
    assert.match(violations[0]!.message, /older than the maximum 90d \+ grace 7d/);
    assert.match(violations[0]!.urn!, /::web$/);
  });

  it("reports an old org auth token by its token id", async () => {
    const token = {
      type: ORG_AUTH_TOKEN,
      name: "ci",
      props: { tokenId: "42", createdAt: daysAgo(200) },
    };
    const [violation] = await validateStack(policy, [token]);
    assert.match(violation!.message, /org auth token "ci" \(42\) was created/);
  });

  it("uses the configured maximum and grace", async () => {
    const key = { type: CLIENT_KEY, name: "web", props: { createdAt: daysAgo(40) } };
    assert.strictEqual(
      (await validateStack(policy, [key], { maximum: "30d", grace: "9d" })).length,
      1,
    );
    assert.strictEqual(
      (await validateStack(policy, [key], { maximum: "30d", grace: "10d" })).length,
      0,
    );
  });

  it("ignores deactivated keys, exempt keys, and keys without a known createdAt (created in this preview)", async () => {
    const resources = [
      { type: CLIENT_KEY, name: "off", props: { createdAt: daysAgo(400), isActive: false } },
      { type: CLIENT_KEY, name: "legacy", props: { createdAt: daysAgo(400) } },
      {
        type: CLIENT_KEY,
        name: "new",
        props: { createdAt: UNKNOWN_STRING, keyId: UNKNOWN_STRING },
      },
      { type: CLIENT_KEY, name: "planned", props: {} },
    ];
    assert.deepStrictEqual(await validateStack(policy, resources, { exempt: ["legacy"] }), []);
  });

  it("checks a pair's current key, and its previous key only while active, allowing the overlap", async () => {
    const pair = (currentAge: number, previousAge: number, previousActive: boolean) => ({
      type: CLIENT_KEY_PAIR,
      name: "web",
      props: {
        overlap: "7d",
        current: { keyId: "c".repeat(32), createdAt: daysAgo(currentAge), isActive: true },
        previous: {
          keyId: "p".repeat(32),
          createdAt: daysAgo(previousAge),
          isActive: previousActive,
        },
      },
    });
    assert.deepStrictEqual(await validateStack(policy, [pair(10, 104, true)]), []);
    const stuck = await validateStack(policy, [pair(10, 105, true)]);
    assert.strictEqual(stuck.length, 1);
    assert.match(stuck[0]!.message, /previous key p{32} was created .* \+ its overlap/);
    assert.deepStrictEqual(await validateStack(policy, [pair(10, 300, false)]), []);
    const current = await validateStack(policy, [pair(98, 120, false)]);
    assert.match(current[0]!.message, /client key pair "web" current key c{32}/);
  });

  it("skips a pair whose keys are unknown during preview", async () => {
    const pair = {
      type: CLIENT_KEY_PAIR,
      name: "web",
      props: { current: UNKNOWN_STRING, previous: UNKNOWN_STRING, overlap: "7d" },
    };
    assert.deepStrictEqual(await validateStack(policy, [pair]), []);
  });

  it("fails with the setting's name when grace is not a duration", async () => {
    await assert.rejects(
      validateStack(policy, [], { grace: "a week" }),
      new RegExp(`${KEY_MAX_AGE}\\.grace: "a week" is not a duration`),
    );
  });
});
