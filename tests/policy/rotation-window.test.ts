import * as assert from "assert";
import {
  rotationWindowRequired,
  ROTATION_WINDOW_REQUIRED,
} from "../../policy/rules/rotation-window-required";
import { CLIENT_KEY, CLIENT_KEY_PAIR, CONFIG_MAP, ORG_AUTH_TOKEN } from "../../policy/tokens";
import { UNKNOWN_STRING, validateResource } from "../support/policy-args";

const WINDOW = { daysOfWeek: ["Tue", "Wed"], startTime: "10:00", duration: "4h" };
const key = (
  stack: string,
  props: Record<string, unknown> = {},
  type = CLIENT_KEY,
  name = "web",
) => ({
  type,
  name,
  stack,
  props: { rotateEvery: "30d", ...props },
});

describe("policy sentry-rotation-window-required", () => {
  it("reports a rotating key, pair and token without rotationWindow in a production stack, naming the fix", async () => {
    for (const type of [CLIENT_KEY, CLIENT_KEY_PAIR, ORG_AUTH_TOKEN]) {
      for (const stack of ["prod", "prod-eu", "shop-production", "PROD"]) {
        const violations = await validateResource(rotationWindowRequired, key(stack, {}, type));
        assert.strictEqual(violations.length, 1, `${type} in ${stack}`);
        assert.match(
          violations[0]!.message,
          new RegExp(`"web" in production stack "${stack}" has no rotationWindow`),
        );
        assert.match(violations[0]!.message, /Set rotationWindow \(e\.g\. \{ daysOfWeek/);
        assert.match(violations[0]!.message, /sentry-rotation-window-required\.exempt/);
      }
    }
  });

  it("accepts a key with a window, or one whose window is not known during preview", async () => {
    for (const rotationWindow of [WINDOW, { cron: "0 10 * * 2", duration: "4h" }, UNKNOWN_STRING]) {
      assert.deepStrictEqual(
        await validateResource(rotationWindowRequired, key("prod", { rotationWindow })),
        [],
      );
    }
  });

  it("leaves other stacks, keys that never rotate, exempt keys and other types alone", async () => {
    for (const stack of ["dev", "staging", "test", "product", "preprod-x"]) {
      assert.deepStrictEqual(await validateResource(rotationWindowRequired, key(stack)), [], stack);
    }
    const never = { type: CLIENT_KEY, name: "legacy", stack: "prod", props: {} };
    assert.deepStrictEqual(await validateResource(rotationWindowRequired, never), []);
    assert.deepStrictEqual(
      await validateResource(rotationWindowRequired, key("prod"), { exempt: ["web"] }),
      [],
    );
    const other = { type: CONFIG_MAP, name: "web", stack: "prod", props: {} };
    assert.deepStrictEqual(await validateResource(rotationWindowRequired, other), []);
  });

  it("uses the configured stack name patterns instead of the defaults", async () => {
    const config = { stacks: ["live", "eu-*"] };
    assert.strictEqual(
      (await validateResource(rotationWindowRequired, key("live"), config)).length,
      1,
    );
    assert.strictEqual(
      (await validateResource(rotationWindowRequired, key("eu-west"), config)).length,
      1,
    );
    assert.deepStrictEqual(await validateResource(rotationWindowRequired, key("prod"), config), []);
    // A pattern's other characters are literal: "eu.1" does not match "eu-1".
    const dotted = { stacks: ["eu.1"] };
    assert.deepStrictEqual(await validateResource(rotationWindowRequired, key("eu-1"), dotted), []);
  });

  it("rejects a stacks or exempt setting that is not a list of strings, naming the setting", async () => {
    await assert.rejects(
      validateResource(rotationWindowRequired, key("prod"), { stacks: "prod" }),
      new RegExp(`${ROTATION_WINDOW_REQUIRED}\\.stacks: must be a list of stack name patterns`),
    );
    await assert.rejects(
      validateResource(rotationWindowRequired, key("prod"), { exempt: "web" }),
      new RegExp(`${ROTATION_WINDOW_REQUIRED}\\.exempt: must be a list of resource names`),
    );
  });
});
