import * as assert from "assert";
import { execFile, spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { promisify } from "util";
import {
  renderYamlGoMod,
  YAML_VERSION,
  yamlLanguageBinDir,
  yamlLdflags,
  yamlStamp,
} from "../../scripts/pulumi-engine/yaml-config";
import { ENGINE_SETUP_TIMEOUT_MS } from "../support/e2e-setup";
import { skipUnless } from "../support/skip";

const REPO_ROOT = path.resolve(__dirname, "..", "..");
const YAML_SCRIPT = path.join(REPO_ROOT, "scripts", "pulumi-engine", "yaml.ts");

describe("yaml-config (pure parts of the YAML language host build)", () => {
  it("renders a wrapper module on the YAML module's tag and its own go line, with the host as its tool", () => {
    const goMod = renderYamlGoMod("1.24.7");
    assert.match(goMod, /^go 1\.24\.7$/m);
    assert.match(
      goMod,
      new RegExp(`^require github.com/pulumi/pulumi-yaml v${YAML_VERSION}$`, "m"),
    );
    assert.match(goMod, /^tool github.com\/pulumi\/pulumi-yaml\/cmd\/pulumi-language-yaml$/m);
    // No pulumi requirement of its own: the YAML module's v3.206.0 stays (v3.248.0 does not compile).
    assert.doesNotMatch(goMod, /pulumi\/pulumi\/(pkg|sdk)/);
    assert.strictEqual(
      yamlLdflags("1.25.0"),
      "-s -w -X github.com/pulumi/pulumi-yaml/pkg/version.Version=1.25.0",
    );
  });

  it("caches beside the CLI, one directory per version, stamped by the version", () => {
    assert.strictEqual(
      yamlLanguageBinDir("/c", "1.25.0"),
      path.join("/c", "yaml-language", "1.25.0", "bin"),
    );
    assert.strictEqual(yamlStamp("1.25.0"), yamlStamp("1.25.0"));
    assert.notStrictEqual(yamlStamp("1.25.0"), yamlStamp("1.26.0"));
  });
});

describe("npm run engine:yaml (scripts/pulumi-engine/yaml.ts)", function () {
  this.timeout(ENGINE_SETUP_TIMEOUT_MS);

  it("prints a bin dir holding pulumi-language-yaml, and a second run reuses it", async function () {
    skipUnless(this, spawnSync("go", ["version"]).status === 0, "Go is not installed");
    const run = () =>
      promisify(execFile)(
        process.execPath,
        ["--require", "ts-node/register/transpile-only", YAML_SCRIPT],
        {
          cwd: REPO_ROOT,
          timeout: ENGINE_SETUP_TIMEOUT_MS,
          maxBuffer: 16 * 1024 * 1024,
        },
      );
    const first = await run();
    const binDir = first.stdout.trim().split("\n").pop() ?? "";
    fs.accessSync(path.join(binDir, "pulumi-language-yaml"), fs.constants.X_OK);
    const second = await run();
    assert.strictEqual(second.stdout.trim().split("\n").pop(), binDir);
    assert.match(second.stderr, /using cached pulumi-language-yaml v1\.25\.0/);
  });
});
