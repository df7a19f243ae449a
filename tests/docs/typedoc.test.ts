import * as assert from "assert";
import { execFile } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { promisify } from "util";

const REPO_ROOT = path.resolve(__dirname, "..", "..");

describe("API reference (npm run docs)", function () {
  // TypeDoc type-checks the package: about 12 s here.
  this.timeout(120_000);

  it("generates pages for the resources and components from their TSDoc, without errors", async () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), "typedoc-"));
    try {
      const bin = path.join(
        path.dirname(require.resolve("typedoc/package.json")),
        "bin",
        "typedoc",
      );
      // TypeDoc exits non-zero on errors; warnings (types not exported from index.ts) are allowed.
      const { stderr } = await promisify(execFile)(process.execPath, [bin, "--out", out], {
        cwd: REPO_ROOT,
        maxBuffer: 16 * 1024 * 1024,
      });
      assert.doesNotMatch(stderr, /\[error\]/);
      for (const page of [
        "ClientKey",
        "OrgAuthToken",
        "RotatingClientKey",
        "KubernetesSecretSink",
      ]) {
        assert.ok(fs.existsSync(path.join(out, "classes", `${page}.html`)), `no page for ${page}`);
      }
      const clientKey = fs.readFileSync(path.join(out, "classes", "ClientKey.html"), "utf8");
      assert.match(clientKey, /rotates itself/);
      assert.match(clientKey, /dsnPublic/);
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
    }
  });
});
