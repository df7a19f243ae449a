import assert from "node:assert/strict";
import * as path from "node:path";
import fc from "fast-check";
import { checkDotenvFile, type PathKind } from "../../provider/resources/dotenv-file/check";
import { UNKNOWN } from "../../provider/unknown";
import { anyValue, dotenvPathLike } from "./arbitraries";
import { assertNamedFailures, timeBoxed } from "./outcome";

// A made-up file system: a few directories and files; everything else is missing.
const TREE: Record<string, PathKind> = {
  "/": "directory",
  "/work": "directory",
  "/work/app": "directory",
  "/work/app/.env": "file",
  "/tmp": "directory",
  "/dev/null": "other",
};
const probe = (p: string): PathKind => TREE[p] ?? "missing";

const variablesLike = fc.oneof(
  fc.dictionary(
    fc.oneof(
      fc.constantFrom("SENTRY_DSN", "SENTRY_AUTH_TOKEN", "dsn", "1X", "A-B", ""),
      fc.string({ maxLength: 6 }),
    ),
    fc.oneof(fc.string({ maxLength: 10 }), anyValue),
    { maxKeys: 3 },
  ),
  anyValue,
);

/**
 * The DotenvFile's check against random paths and variables: acceptance of a file whose directory
 * exists, or failures naming `path` or `variables`; never a crash, and never a value quoted back
 * (values are secrets).
 */
describe("dotenv file check against random paths and variables (property)", () => {
  it("accepts a writable file path, or names the field at fault without quoting a value", () => {
    fc.assert(
      fc.property(dotenvPathLike, variablesLike, (file, variables) => {
        const news = { path: file, variables };
        const { inputs, failures } = timeBoxed("checkDotenvFile", () =>
          checkDotenvFile(news, probe, "/work/app"),
        );
        assertNamedFailures(failures, ["path", "variables"]);
        // The host sends the checked inputs back as a protobuf Struct, which has no undefined.
        for (const [field, value] of Object.entries(inputs)) {
          assert.notEqual(value, undefined, `${field} is undefined in the checked inputs`);
        }
        for (const failure of failures.filter((f) => f.property === "variables")) {
          for (const value of Object.values(variables ?? {})) {
            if (typeof value === "string" && value.length >= 6)
              assert.ok(!failure.reason.includes(value), "a value was quoted");
          }
        }
        if (failures.some((f) => f.property === "path") || typeof inputs.path !== "string") return;
        if (file === UNKNOWN) return; // unknown during preview: checked again at apply
        assert.ok(path.isAbsolute(inputs.path), "an accepted path is resolved");
        assert.equal(probe(path.dirname(inputs.path)), "directory", "its directory exists");
      }),
      // Without a path, check returned { path: undefined } and the host failed with "Unexpected
      // struct type." instead of naming the field (found through the host).
      { numRuns: 800, examples: [[undefined, { SENTRY_DSN: "x" }]] },
    );
  });
});
