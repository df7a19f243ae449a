import assert from "node:assert/strict";
import fc from "fast-check";
import { SINK_TYPES } from "../../components/sinks/types";
import { rotateAt } from "../../provider/rotation";
import { parseStackConfig } from "../../stack/config";
import {
  anyValue,
  dotenvPathLike,
  durationLike,
  nameLike,
  rateLimitLike,
  slugLike,
  triggersLike,
} from "./arbitraries";
import { answersOrNamesField } from "./outcome";

// Field names that are also properties of every object: a lookup table must not find them.
const PROTOTYPE_NAMES = ["constructor", "toString", "__proto__", "hasOwnProperty", "valueOf"];
const strayKey = fc.constantFrom(...PROTOTYPE_NAMES, "tpye", "Name", "");
// Sinks: not the prototype names yet (components/sinks/spec-problems.ts crashes on them; see below).
const sinkStrayKey = fc.constantFrom("tpye", "Name", "", "paht");
const withStray = <T extends Record<string, unknown>>(
  keys: fc.Arbitrary<string>,
  record: fc.Arbitrary<T>,
) =>
  fc
    .tuple(record, fc.option(fc.tuple(keys, anyValue), { nil: undefined }))
    .map(([r, stray]) =>
      stray ? { ...r, ...JSON.parse(JSON.stringify({ [stray[0]]: stray[1] ?? null })) } : r,
    );

const resourceNameLike = fc.oneof(
  fc.stringMatching(/^[A-Za-z][A-Za-z0-9_-]{0,10}$/),
  fc.constantFrom("web", "web", "1web", "we b", "x".repeat(64), ""),
  anyValue,
);
const sinkLike = fc.oneof(
  withStray(
    sinkStrayKey,
    fc.record(
      {
        type: fc.oneof(fc.constantFrom(...SINK_TYPES, "dotenv", "s3"), anyValue),
        path: dotenvPathLike,
        variables: fc.oneof(
          fc.dictionary(
            fc.constantFrom("SENTRY_DSN", "dsn", "1X", "TOKEN"),
            fc.constantFrom("dsn", "token", "nope"),
            {
              maxKeys: 2,
            },
          ),
          anyValue,
        ),
        name: fc.oneof(
          fc.constantFrom("prod/sentry", "sentry-dsn", "/prod/dsn", "aws/x"),
          anyValue,
        ),
        repository: fc.oneof(fc.constantFrom("web", "owner/web"), anyValue),
        region: fc.oneof(fc.constantFrom("eu-west-1", "mars-1"), anyValue),
      },
      { requiredKeys: [] },
    ),
  ),
  anyValue,
);
const entryLike = withStray(
  strayKey,
  fc.record(
    {
      name: resourceNameLike,
      project: slugLike,
      organization: slugLike,
      keyName: nameLike,
      tokenName: nameLike,
      rotateEvery: durationLike,
      overlap: durationLike,
      rotationTriggers: triggersLike,
      rateLimit: rateLimitLike,
      isActive: anyValue,
      onReplace: fc.oneof(fc.constantFrom("delete", "deactivate", "keep"), anyValue),
      sinks: fc.oneof(fc.array(sinkLike, { maxLength: 3 }), anyValue),
    },
    { requiredKeys: [] },
  ),
);
const listLike = fc.oneof(fc.array(fc.oneof(entryLike, anyValue), { maxLength: 4 }), anyValue);

// Each problem names where it is: the config key and entry, then the field (any text a user typed),
// or a duplicate name.
const PROBLEM_PLACE = /^(sentry-rotation:(keys|tokens)(\[\d+\]\.?)?.*: |name ")/;

/**
 * The config-driven stack's loader against random `sentry-rotation:keys` and `:tokens`: it answers,
 * or throws one InputError listing problems that each name the entry and field. Never a crash.
 */
describe("stack config loader against random config (property)", () => {
  it("parses, or lists every problem with the entry and field it concerns", () => {
    fc.assert(
      fc.property(listLike, listLike, (keys, tokens) => {
        const outcome = answersOrNamesField(
          ["sentry-rotation:keys", "sentry-rotation:tokens", "name"],
          () => parseStackConfig({ keys, tokens }),
        );
        if (!outcome.ok) {
          const problems = outcome.error.problem.split("\n  - ").slice(1);
          assert.ok(problems.length > 0, outcome.error.message);
          for (const problem of problems) assert.match(problem, PROBLEM_PLACE);
          return;
        }
        const { keys: parsedKeys, tokens: parsedTokens } = outcome.value;
        const names = [...parsedKeys, ...parsedTokens].map((e) => e.name);
        assert.equal(new Set(names).size, names.length, "accepted names are unique");
        for (const entry of [...parsedKeys, ...parsedTokens]) {
          assert.ok(Number.isFinite(rotateAt(new Date(), entry.rotateEvery).getTime()));
        }
      }),
      { numRuns: 600 },
    );
  });

  // Found by this property: fields were looked up on the prototype chain too.
  it("names a sink field called like an Object.prototype member", () => {
    for (const name of PROTOTYPE_NAMES) {
      const sinks = [{ type: "dotenvFile", path: ".env", [name]: 1 }];
      const keys = [{ name: "web", project: "web", rotateEvery: "90d", sinks }];
      const outcome = answersOrNamesField(["sentry-rotation:keys"], () =>
        parseStackConfig({ keys }),
      );
      assert.equal(outcome.ok, false);
    }
  });
});
