import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import {
  generatorBuilds,
  generatorFor,
  parseSdkArgs,
  SDK_LANGUAGES,
} from "../../scripts/sdk/sdk-config";
import { compareTrees } from "../../scripts/sdk/tree-diff";

/** The pure parts of `npm run sdk` (scripts/sdk): arguments, which binary writes what, tree diff. */
describe("SDK generation", () => {
  it("writes every language with exactly one generator, .NET from the last pkg that has it", () => {
    const builds = generatorBuilds("3.248.0");
    for (const language of SDK_LANGUAGES) assert.ok(generatorFor(builds, language));
    assert.equal(generatorFor(builds, "nodejs"), "pulumi-sdkgen");
    assert.equal(builds.find((b) => b.binary === "pulumi-sdkgen")?.pkgVersion, "3.248.0");
    assert.equal(builds.find((b) => b.binary === "pulumi-sdkgen-dotnet")?.pkgVersion, "3.225.1");
  });

  it("takes --schema, --language and --check, and names a bad one", () => {
    assert.deepEqual(parseSdkArgs([]), { check: false, languages: [...SDK_LANGUAGES] });
    assert.deepEqual(parseSdkArgs(["--schema", "s.json", "--language", "go", "--check"]), {
      schema: "s.json",
      check: true,
      languages: ["go"],
    });
    assert.throws(() => parseSdkArgs(["--language", "java"]), /--language must be one of/);
    assert.throws(() => parseSdkArgs(["--out"]), /unknown argument "--out"/);
  });

  it("lists files missing on either side or different in content", () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "tree-diff-"));
    try {
      const write = (file: string, text: string) => {
        fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
        fs.writeFileSync(path.join(root, file), text);
      };
      write("a/same.ts", "x");
      write("b/same.ts", "x");
      write("a/sub/changed.ts", "1");
      write("b/sub/changed.ts", "2");
      write("a/gone.ts", "x");
      write("b/new.ts", "x");
      assert.deepEqual(compareTrees(path.join(root, "a"), path.join(root, "b")), [
        "gone.ts (no longer generated)",
        "new.ts (not committed)",
        "sub/changed.ts (content)",
      ]);
      assert.deepEqual(compareTrees(path.join(root, "a"), path.join(root, "a")), []);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
