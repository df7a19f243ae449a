import assert from "node:assert/strict";
import fc from "fast-check";
import { SINK_TYPES, sinkSpecProblems } from "../../components/sinks";
import { describeValue } from "../../provider/describe-value";
import * as rules from "../../provider/field-rules";
import { checkClientKeyPair } from "../../provider/resources/client-key-pair/check";
import { checkClientKey } from "../../provider/resources/client-key/check";
import { checkOrgAuthToken } from "../../provider/resources/org-auth-token/check";
import { durationProblem, parseDuration } from "../../provider/rotation";
import { nameProblem, rateLimitProblem } from "../../provider/sentry/key-fields";
import { segment } from "../../provider/sentry/paths";
import { answersOrNamesField } from "./outcome";

/**
 * Values no JSON carries, which a program can still pass to an exported function: each of them
 * must get a named error (InputError) or an answer, never a TypeError from printing it.
 */
const hostile: fc.Arbitrary<unknown> = fc.oneof(
  fc.bigInt(),
  fc.string().map((s) => Symbol(s)),
  fc.constant(Symbol()),
  fc.constant(Object.create(null) as object),
  fc.constant({ toString: null, valueOf: null }),
  fc.constant({ toJSON: () => 1n }),
  fc.constant({
    toJSON() {
      throw new Error("no JSON");
    },
  }),
  fc.constant(cyclic()),
  fc.constant(() => "a function"),
  fc.constantFrom(NaN, Infinity, -Infinity, -0),
  fc.constant(new Date(NaN)),
);

/** Anything: JSON values, the odd ones above, and the odd ones inside objects and arrays. */
const anyJavaScriptValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.anything({
    withBigInt: true,
    withDate: true,
    withMap: true,
    withSet: true,
    withTypedArray: true,
  }),
  hostile,
  fc.dictionary(fc.string({ maxLength: 8 }), hostile, { maxKeys: 3 }),
  fc.array(hostile, { maxLength: 3 }),
);

describe("exported functions given any JavaScript value", () => {
  it("describeValue prints anything as one readable string, even an object that throws", () => {
    fc.assert(
      fc.property(fc.oneof(anyJavaScriptValue, fc.constant(throwingProxy())), (value) => {
        const text = describeValue(value);
        assert.equal(typeof text, "string");
        assert.ok(text.length > 0 && text.length <= 201, `bad rendering: ${text}`);
      }),
    );
  });

  it("parseDuration and durationProblem answer or name the field", () => {
    fc.assert(
      fc.property(anyJavaScriptValue, (value) => {
        answersOrNamesField(["rotateEvery"], () => parseDuration(value, "rotateEvery"));
        answersOrNamesField(["rotateEvery"], () => durationProblem(value, "rotateEvery"));
      }),
    );
  });

  it("segment (a path part given to the client) answers or names the field", () => {
    fc.assert(
      fc.property(anyJavaScriptValue, (value) => {
        answersOrNamesField(["project"], () => segment("project", value));
      }),
    );
  });

  it("every field rule and shared field limit answers with a problem or nothing", () => {
    const fieldRules: Array<(value: unknown) => string | undefined> = [
      rules.slug,
      rules.name(64),
      rules.duration,
      rules.boolean,
      rules.oneOf("delete", "deactivate"),
      rules.stringMap,
      rules.rateLimit,
      rules.browserSdkVersion,
      rules.loaderOptions,
      rules.organization,
      rules.keyId,
      (value) => nameProblem(value, 64),
      rateLimitProblem,
    ];
    fc.assert(
      fc.property(anyJavaScriptValue, (value) => {
        for (const rule of fieldRules) {
          const problem = answersOrNamesField([], () => rule(value));
          assert.ok(problem.ok, "a rule reports problems, it does not throw");
          assert.ok(problem.value === undefined || typeof problem.value === "string");
        }
      }),
    );
  });

  it("each resource kind's check reports failures for any value of any input", () => {
    const checks = [checkClientKey, checkClientKeyPair, checkOrgAuthToken];
    const inputs = fc.dictionary(
      fc.constantFrom(
        "organization",
        "project",
        "name",
        "rotateEvery",
        "overlap",
        "rotationTriggers",
        "rateLimit",
        "browserSdkVersion",
        "dynamicSdkLoaderOptions",
        "isActive",
        "onReplace",
        "existingKeyId",
      ),
      anyJavaScriptValue,
    );
    fc.assert(
      fc.property(inputs, (news) => {
        for (const check of checks) {
          const outcome = answersOrNamesField([], () => check({}, news, {}));
          assert.ok(outcome.ok, "check reports failures, it does not throw");
        }
      }),
    );
  });
});

describe("sink specs given any JavaScript value", () => {
  it("sinkSpecProblems reports problems for any spec or field value, never crashes", () => {
    const spec = fc.oneof(
      anyJavaScriptValue,
      fc.record(
        {
          type: fc.oneof(fc.constantFrom(...SINK_TYPES), anyJavaScriptValue),
          path: anyJavaScriptValue,
          secretId: anyJavaScriptValue,
          name: anyJavaScriptValue,
          namespace: anyJavaScriptValue,
          fields: anyJavaScriptValue,
          keys: anyJavaScriptValue,
          configMap: anyJavaScriptValue,
          restartWorkloads: anyJavaScriptValue,
        },
        { requiredKeys: ["type"] },
      ),
    );
    fc.assert(
      fc.property(spec, (value) => {
        const outcome = answersOrNamesField([], () => sinkSpecProblems(value, "sinks[0]"));
        assert.ok(outcome.ok, "problems are reported, not thrown");
      }),
    );
  });
});

function cyclic(): object {
  const value: Record<string, unknown> = { a: 1 };
  value.self = value;
  return value;
}

// A proxy whose every look at its properties throws, as a hostile object would (symbol keys are
// left alone: the test framework asks for its own).
function throwingProxy(): object {
  const fail = (): never => {
    throw new Error("no access");
  };
  return new Proxy(
    {},
    {
      get: (_t, key) => (typeof key === "symbol" ? undefined : fail()),
      has: (_t, key) => (typeof key === "symbol" ? false : fail()),
      ownKeys: fail,
      getOwnPropertyDescriptor: fail,
    },
  );
}
