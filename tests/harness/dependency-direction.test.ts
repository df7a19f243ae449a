import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { REPO_ROOT } from "../../testkit/repo-root";

// The rule of testkit/README.md: testkit/ imports neither scripts/ nor tests/; scripts/ never tests/.
const FORBIDDEN: Record<string, string[]> = {
  testkit: ["scripts", "tests"],
  scripts: ["tests"],
};
const SPECIFIER =
  /(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|^\s*import\s+)["'](\.{1,2}\/[^"']*)["']/gm;

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "node_modules" ? [] : sourceFiles(full);
    return /\.[cm]?[jt]s$/.test(entry.name) ? [full] : [];
  });
}

/** `file imports target` for every relative import that leaves `from` for a forbidden folder. */
function forbiddenImports(from: string, forbidden: string[]): string[] {
  return sourceFiles(path.join(REPO_ROOT, from)).flatMap((file) =>
    [...fs.readFileSync(file, "utf8").matchAll(SPECIFIER)].flatMap(([, specifier]) => {
      const target = path.relative(REPO_ROOT, path.resolve(path.dirname(file), specifier!));
      const top = target.split(path.sep)[0]!;
      return forbidden.includes(top) ? [`${path.relative(REPO_ROOT, file)} imports ${target}`] : [];
    }),
  );
}

describe("harness: one dependency direction between tests/, scripts/ and testkit/", () => {
  for (const [from, forbidden] of Object.entries(FORBIDDEN)) {
    it(`${from}/ imports nothing from ${forbidden.join("/ or ")}/`, () => {
      assert.deepEqual(forbiddenImports(from, forbidden), []);
    });
  }

  it("the check sees a forbidden import (tests/ importing testkit/ and scripts/ is allowed)", () => {
    assert.ok(forbiddenImports("tests", ["testkit"]).length > 0, "tests/ uses testkit/");
    assert.ok(forbiddenImports("tests", ["scripts"]).length > 0, "tests/ uses scripts/");
  });
});
