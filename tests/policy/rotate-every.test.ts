import * as assert from "assert";
import { rotateEveryMaximum, ROTATE_EVERY_MAXIMUM } from "../../policy/rules/rotate-every-maximum";
import { rotateEveryRequired } from "../../policy/rules/rotate-every-required";
import { CLIENT_KEY, CLIENT_KEY_PAIR, CONFIG_MAP, ORG_AUTH_TOKEN } from "../../policy/tokens";
import { UNKNOWN_STRING, validateResource } from "../support/policy-args";

describe("policy sentry-rotate-every-required", () => {
  it("reports a client key and an org auth token without rotateEvery, naming the fix", async () => {
    for (const type of [CLIENT_KEY, ORG_AUTH_TOKEN]) {
      const violations = await validateResource(rotateEveryRequired, {
        type,
        name: "web",
        props: { project: "web", name: "web" },
      });
      assert.strictEqual(violations.length, 1, type);
      assert.match(violations[0]!.message, /"web" has no rotateEvery, so it never rotates/);
      assert.match(violations[0]!.message, /Set rotateEvery/);
    }
  });

  it("accepts a key with rotateEvery, and one whose rotateEvery is not known during preview", async () => {
    for (const rotateEvery of ["90d", UNKNOWN_STRING]) {
      const props = { rotateEvery, overlap: "7d" };
      assert.deepStrictEqual(
        await validateResource(rotateEveryRequired, { type: CLIENT_KEY_PAIR, name: "w", props }),
        [],
      );
    }
  });

  it("treats a blank rotateEvery as missing", async () => {
    const violations = await validateResource(rotateEveryRequired, {
      type: CLIENT_KEY,
      name: "web",
      props: { rotateEvery: "  " },
    });
    assert.strictEqual(violations.length, 1);
  });

  it("skips resources named in exempt, and resources of other types", async () => {
    const config = { exempt: ["legacy"] };
    const exempt = { type: CLIENT_KEY, name: "legacy", props: {} };
    assert.deepStrictEqual(await validateResource(rotateEveryRequired, exempt, config), []);
    const other = { type: CONFIG_MAP, name: "web", props: {} };
    assert.deepStrictEqual(await validateResource(rotateEveryRequired, other), []);
  });

  it("rejects an exempt setting that is not a list of names, naming the setting", async () => {
    await assert.rejects(
      validateResource(rotateEveryRequired, { type: CLIENT_KEY, name: "w" }, { exempt: "web" }),
      /sentry-rotate-every-required\.exempt: must be a list of resource names/,
    );
  });
});

describe("policy sentry-rotate-every-maximum", () => {
  const key = (rotateEvery: string, type = CLIENT_KEY) => ({
    type,
    name: "web",
    props: { rotateEvery },
  });

  it("accepts periods up to 90 days by default and reports longer ones", async () => {
    for (const ok of ["90d", "12w", "P90D", "PT2160H", "30d"]) {
      assert.deepStrictEqual(await validateResource(rotateEveryMaximum, key(ok)), [], ok);
    }
    for (const tooLong of ["91d", "13w", "P1Y", "P3M"]) {
      const violations = await validateResource(rotateEveryMaximum, key(tooLong));
      assert.strictEqual(violations.length, 1, tooLong);
      assert.match(
        violations[0]!.message,
        new RegExp(`rotates every ${tooLong}, longer than the maximum 90d`),
      );
    }
  });

  it("uses the configured maximum, and orgAuthTokenMaximum for org auth tokens", async () => {
    const config = { maximum: "30d", orgAuthTokenMaximum: "7d" };
    assert.strictEqual((await validateResource(rotateEveryMaximum, key("31d"), config)).length, 1);
    assert.strictEqual((await validateResource(rotateEveryMaximum, key("30d"), config)).length, 0);
    const token = key("8d", ORG_AUTH_TOKEN);
    const [violation] = await validateResource(rotateEveryMaximum, token, config);
    assert.match(
      violation!.message,
      /org auth token "web" rotates every 8d, longer than the maximum 7d/,
    );
    const pair = key("31d", CLIENT_KEY_PAIR);
    assert.strictEqual((await validateResource(rotateEveryMaximum, pair, config)).length, 1);
  });

  it("leaves missing, unknown and malformed periods to the other checks", async () => {
    for (const props of [{}, { rotateEvery: UNKNOWN_STRING }, { rotateEvery: "weekly" }]) {
      const resource = { type: CLIENT_KEY, name: "web", props };
      assert.deepStrictEqual(await validateResource(rotateEveryMaximum, resource), []);
    }
  });

  it("honours exempt", async () => {
    const violations = await validateResource(rotateEveryMaximum, key("400d"), {
      exempt: ["web"],
    });
    assert.deepStrictEqual(violations, []);
  });

  it("fails with the setting's name when the configured maximum is not a duration", async () => {
    await assert.rejects(
      validateResource(rotateEveryMaximum, key("30d"), { maximum: "quarterly" }),
      new RegExp(`${ROTATE_EVERY_MAXIMUM}\\.maximum: "quarterly" is not a duration`),
    );
  });
});
