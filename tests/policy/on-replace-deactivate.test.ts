import * as assert from "assert";
import { fixedClock } from "../../provider/rotation";
import {
  ON_REPLACE_DEACTIVATE,
  onReplaceDeactivate,
} from "../../policy/rules/on-replace-deactivate";
import { CLIENT_KEY, CLIENT_KEY_PAIR, ORG_AUTH_TOKEN } from "../../policy/tokens";
import { UNKNOWN_STRING, validateResource } from "../support/policy-args";

const policy = onReplaceDeactivate(fixedClock("2027-06-01T00:00:00Z"));
const deactivating = (type = CLIENT_KEY) => ({
  type,
  name: "web",
  props: { onReplace: "deactivate" },
});

describe("policy sentry-on-replace-deactivate", () => {
  it("is advisory by default", () => {
    assert.strictEqual(policy.enforcementLevel, "advisory");
  });

  it('reports onReplace "deactivate" with no end date, for keys and pairs', async () => {
    for (const type of [CLIENT_KEY, CLIENT_KEY_PAIR]) {
      const [violation] = await validateResource(policy, deactivating(type));
      assert.match(violation!.message, /"web" has onReplace "deactivate": with no end date/);
      assert.match(violation!.message, /allowUntil\.web/);
    }
  });

  it("accepts it until the end date in allowUntil, and reports it after", async () => {
    const until = (date: string) => ({ allowUntil: { web: date } });
    assert.deepStrictEqual(await validateResource(policy, deactivating(), until("2027-06-02")), []);
    const [expired] = await validateResource(policy, deactivating(), until("2027-05-31"));
    assert.match(expired!.message, /its exception ended 2027-05-31T00:00:00.000Z/);
  });

  it("accepts delete, an unknown value, and resources without onReplace", async () => {
    for (const onReplace of ["delete", UNKNOWN_STRING]) {
      const resource = { type: CLIENT_KEY, name: "web", props: { onReplace } };
      assert.deepStrictEqual(await validateResource(policy, resource), []);
    }
    const token = { type: ORG_AUTH_TOKEN, name: "ci", props: { onReplace: "deactivate" } };
    assert.deepStrictEqual(await validateResource(policy, token), []);
  });

  it("fails naming the setting when an end date is not a date", async () => {
    await assert.rejects(
      validateResource(policy, deactivating(), { allowUntil: { web: "soon" } }),
      new RegExp(`${ON_REPLACE_DEACTIVATE}\\.allowUntil\\.web: "soon" is not a date`),
    );
    await assert.rejects(
      validateResource(policy, deactivating(), { allowUntil: ["web"] }),
      /allowUntil: must map resource names to dates/,
    );
  });
});
