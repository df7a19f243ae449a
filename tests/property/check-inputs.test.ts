import assert from "node:assert/strict";
import fc from "fast-check";
import { checkClientKey, CLIENT_KEY_FIELD_RULES } from "../../provider/resources/client-key/check";
import { diffClientKey } from "../../provider/resources/client-key/diff";
import { clientKeyOutputs } from "../../provider/resources/client-key/outputs";
import type { ClientKeyOutputs } from "../../provider/resources/client-key/types";
import { checkClientKeyPair } from "../../provider/resources/client-key-pair/check";
import { checkOrgAuthToken } from "../../provider/resources/org-auth-token/check";
import { diffOrgAuthToken } from "../../provider/resources/org-auth-token/diff";
import type { OrgAuthTokenOutputs } from "../../provider/resources/org-auth-token/types";
import { clockFromEnvironment, parseDuration, rotateAt } from "../../provider/rotation";
import type { ProjectKey } from "../../provider/sentry";
import { containsUnknown } from "../../provider/unknown";
import {
  anyValue,
  durationLike,
  inputsFor,
  nameLike,
  rateLimitLike,
  slugLike,
  triggersLike,
  windowLike,
} from "./arbitraries";
import { answersOrNamesField, assertNamedFailures, timeBoxed } from "./outcome";

const RUNS = { numRuns: 400 };
const defaults = fc.record(
  { organization: fc.option(slugLike, { nil: undefined }) },
  { requiredKeys: [] },
) as fc.Arbitrary<{
  organization?: string;
}>;
const keyFields = {
  organization: slugLike,
  project: slugLike,
  name: nameLike,
  rotateEvery: durationLike,
  rotationTriggers: triggersLike,
  rotationWindow: windowLike,
  rateLimit: rateLimitLike,
  browserSdkVersion: fc.oneof(fc.constantFrom("latest", "8.x", "8", "v8.x", "LATEST"), anyValue),
  dynamicSdkLoaderOptions: fc.oneof(
    fc.dictionary(fc.constantFrom("hasReplay", "hasDebug", "hasNope"), anyValue, { maxKeys: 3 }),
    anyValue,
  ),
  isActive: anyValue,
  onReplace: fc.oneof(fc.constantFrom("delete", "deactivate", "Delete", "retain"), anyValue),
  existingKeyId: fc.oneof(fc.stringMatching(/^[0-9a-fA-F]{30,34}$/), anyValue),
};
const KEY_FIELDS = Object.keys(CLIENT_KEY_FIELD_RULES);

// A schedule that check accepted must be usable: its rotation instant is a real date.
function assertUsableSchedule(rotateEvery: unknown): void {
  // Absent and null mean "never rotates" (the rules treat both as not given).
  if (rotateEvery === undefined || rotateEvery === null || containsUnknown(rotateEvery)) return;
  const at = rotateAt(new Date(), rotateEvery as string);
  assert.ok(
    Number.isFinite(at.getTime()),
    `accepted rotateEvery ${JSON.stringify(rotateEvery)} has no rotation date`,
  );
}

/**
 * Random durations, slugs, names, rate limits and anything else thrown at the resources' `check`
 * (pure: no client exists there, so no API call) and at what builds on an accepted input. Every
 * case must end in acceptance or failures naming their field: never a crash, never a hang.
 */
describe("check against random input (property)", () => {
  it("ClientKey: accepts, or names each bad field; an accepted key can be diffed", () => {
    fc.assert(
      fc.property(inputsFor(keyFields), defaults, (news, settings) => {
        const { inputs, failures } = timeBoxed("checkClientKey", () =>
          checkClientKey({}, news, settings),
        );
        assertNamedFailures(failures, KEY_FIELDS);
        if (failures.length > 0) return;
        assertUsableSchedule(inputs.rotateEvery);
        const olds = clientKeyOutputs(sentryKey(), {
          ...inputs,
          rotateEvery: undefined,
        }) as ClientKeyOutputs;
        timeBoxed("diffClientKey", () =>
          diffClientKey({ ...olds, rotateEvery: inputs.rotateEvery }, inputs, new Date()),
        );
      }),
      RUNS,
    );
  });

  it("OrgAuthToken: accepts, or names each bad field; an accepted token can be diffed", () => {
    const fields = {
      organization: slugLike,
      name: nameLike,
      rotateEvery: durationLike,
      rotationTriggers: triggersLike,
      rotationWindow: windowLike,
    };
    fc.assert(
      fc.property(inputsFor(fields), defaults, (news, settings) => {
        const { inputs, failures } = timeBoxed("checkOrgAuthToken", () =>
          checkOrgAuthToken({}, news, settings),
        );
        assertNamedFailures(failures, Object.keys(fields));
        if (failures.length > 0) return;
        assertUsableSchedule(inputs.rotateEvery);
        const olds: OrgAuthTokenOutputs = {
          ...inputs,
          tokenId: "1",
          token: "sntrys_x",
          tokenLastCharacters: "x",
          scopes: ["org:ci"],
          createdAt: new Date().toISOString(),
        };
        timeBoxed("diffOrgAuthToken", () => diffOrgAuthToken(olds, inputs, new Date()));
      }),
      RUNS,
    );
  });

  it("ClientKeyPair: accepts, or names each bad field, overlap included", () => {
    const { existingKeyId: _none, ...pairFields } = keyFields;
    const fields = { ...pairFields, overlap: durationLike };
    fc.assert(
      fc.property(inputsFor(fields), defaults, (news, settings) => {
        const { inputs, failures } = timeBoxed("checkClientKeyPair", () =>
          checkClientKeyPair({}, news, settings),
        );
        assertNamedFailures(failures, Object.keys(fields));
        if (failures.length === 0) {
          assertUsableSchedule(inputs.rotateEvery);
          assertUsableSchedule(inputs.overlap);
        }
      }),
      RUNS,
    );
  });

  it("rotation periods: a Duration, or an error naming the field", () => {
    fc.assert(
      fc.property(durationLike, (text) => {
        const outcome = answersOrNamesField(["rotateEvery"], () =>
          parseDuration(text, "rotateEvery"),
        );
        if (outcome.ok) assertUsableSchedule(text);
      }),
      // Past luxon's range these were accepted and later crashed diff (found by this property).
      {
        numRuns: 1000,
        examples: [["99999999999999999999999d"], ["P9007199254740993Y"], ["PT9999999999H"]],
      },
    );
  });

  it("SENTRY_ROTATION_NOW: a clock with a real date, or an error naming the variable", () => {
    const value = fc.oneof(
      durationLike.map((d) => (typeof d === "string" ? `+${d}` : d)),
      fc.constantFrom("2027-03-01T00:00:00Z", "2027-02-30", "yesterday", "+", "2027", "20270301"),
      fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
      fc.string({ maxLength: 25 }),
    );
    fc.assert(
      fc.property(value, (text) => {
        const env = { SENTRY_ROTATION_NOW: typeof text === "string" ? text : JSON.stringify(text) };
        const outcome = answersOrNamesField(["SENTRY_ROTATION_NOW"], () =>
          clockFromEnvironment(env).now(),
        );
        if (outcome.ok)
          assert.ok(
            Number.isFinite(outcome.value.getTime()),
            `no real date for ${env.SENTRY_ROTATION_NOW}`,
          );
      }),
      { numRuns: 1000, examples: [["+P9999999999Y"]] },
    );
  });
});

function sentryKey(): ProjectKey {
  const id = "0".repeat(32);
  const dsn = `https://${id}@o1.ingest.sentry.io/1`;
  return {
    id,
    name: "k",
    label: "k",
    public: id,
    secret: "1".repeat(32),
    projectId: 1,
    isActive: true,
    rateLimit: null,
    dsn: {
      secret: dsn,
      public: dsn,
      csp: dsn,
      security: dsn,
      minidump: dsn,
      unreal: dsn,
      crons: dsn,
      cdn: dsn,
    },
    browserSdkVersion: "7.x",
    browserSdk: { choices: [] },
    dateCreated: new Date().toISOString(),
    dynamicSdkLoaderOptions: { hasReplay: true, hasPerformance: true, hasDebug: false },
  };
}
