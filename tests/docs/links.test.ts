import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";

const REPO_ROOT = path.resolve(__dirname, "..", "..");
// The operations pages; each must link only to files and headings that exist.
const PAGES = [
  "docs/ci.md",
  "docs/policy-template.md",
  "docs/rotation-model.md",
  "docs/runbook.md",
  "docs/security.md",
  "docs/troubleshooting.md",
  "examples/ci/README.md",
  "policy/README.md",
];

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to "-". */
export function slug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/`/g, "")
    .replace(/[^\p{L}\p{N} _-]/gu, "")
    .replace(/ /g, "-");
}

function anchors(markdown: string): Set<string> {
  const withoutCode = markdown.replace(/```[\s\S]*?```/g, "");
  return new Set([...withoutCode.matchAll(/^#{1,6} (.+)$/gm)].map((m) => slug(m[1]!)));
}

function links(markdown: string): string[] {
  const withoutCode = markdown.replace(/```[\s\S]*?```/g, "").replace(/`[^`\n]*`/g, "");
  return [...withoutCode.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]!);
}

describe("operations docs: links", () => {
  it("computes GitHub's heading anchors", () => {
    assert.strictEqual(
      slug("Emergency: rotate a leaked key now"),
      "emergency-rotate-a-leaked-key-now",
    );
    assert.strictEqual(
      slug("Rolling back: re-enable a deactivated key"),
      "rolling-back-re-enable-a-deactivated-key",
    );
    assert.strictEqual(slug("The `kubernetesSecret` sink"), "the-kubernetessecret-sink");
  });

  for (const page of PAGES) {
    it(`${page} links only to files and headings that exist`, () => {
      const file = path.join(REPO_ROOT, page);
      const broken: string[] = [];
      for (const link of links(fs.readFileSync(file, "utf8"))) {
        if (/^[a-z]+:/i.test(link)) continue; // http(s), mailto: checked by people, not offline
        const [target, anchor] = link.split("#");
        const resolved = target ? path.resolve(path.dirname(file), target) : file;
        if (!fs.existsSync(resolved)) {
          broken.push(`${link} (no ${path.relative(REPO_ROOT, resolved)})`);
        } else if (
          anchor &&
          resolved.endsWith(".md") &&
          !anchors(fs.readFileSync(resolved, "utf8")).has(anchor)
        ) {
          broken.push(`${link} (no heading #${anchor})`);
        }
      }
      assert.deepStrictEqual(broken, []);
    });
  }
});
