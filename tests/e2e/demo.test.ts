/**
 * `npm run demo` as a user runs it: it tells the whole story and exits 0, cleans up after Ctrl-C,
 * and on a machine with neither Go nor a Pulumi CLI says how to install the CLI.
 */
import { strict as assert } from "node:assert";
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { processesWorkingIn } from "../../testkit/processes";
import { REPO_ROOT } from "../../testkit/workspace";
import { e2eEngine, ENGINE_SETUP_TIMEOUT_MS } from "../support/e2e-setup";

const DEMO_TIMEOUT_MS = 8 * 60_000;
const DEMO_ENTRY = ["--require", "ts-node/register/transpile-only", "scripts/demo.ts"];

describe("e2e: npm run demo", function () {
  this.timeout(DEMO_TIMEOUT_MS);

  before(async function () {
    this.timeout(ENGINE_SETUP_TIMEOUT_MS);
    await e2eEngine(this); // builds the engine once, so the demo finds it cached
  });

  it("tells the story, shows the old DSN refused and the new one accepted, exits 0 and leaves nothing behind", async () => {
    const npm = process.platform === "win32" ? "npm.cmd" : "npm";
    const run = await runDemo(npm, ["run", "demo"]);
    assert.equal(run.code, 0, run.output);
    const expected = [
      /^2\. pulumi up: create a client key and an org auth token$/m,
      /The sandbox accepted it: HTTP 200/,
      /No changes: all \d+ resources are as they should be/,
      /\+\+ create the replacement of client key "web" {3}\(rotateAt has passed\)\n(.*\n)*\s+~ {2}update dotenv file "web-sink-0"\n(.*\n)*\s+-- delete the replaced client key "web"/,
      /rotation due: rotateAt .* has passed/,
      /A preview changes nothing: the sandbox received no write request\./,
      /POST +\/api\/0\/projects\/sandbox-org\/sandbox-project\/keys\/ +201\n.*DELETE +\/api\/0\/projects\/.*\/keys\/[0-9a-f]{8}…\/ +204/,
      /\.env\.sentry got the new DSN at .*, before the old key was deleted at/,
      /old DSN \(key [0-9a-f]{8}…\): refused, HTTP 403/,
      /new DSN \(key [0-9a-f]{8}…\): accepted, HTTP 200/,
      /^Done in \d+ s\. The sandbox is stopped/m,
    ];
    for (const pattern of expected) assert.match(run.output, pattern);
    assert.doesNotMatch(run.output, /sntry[us]_[A-Za-z0-9]/, "no token is printed");
    const root = /copied to (.*)\/project$/m.exec(run.output)?.[1];
    assert.ok(root && !fs.existsSync(root), `the temp dir ${root} is removed`);
  });

  it("cleans up on Ctrl-C in the middle of a pulumi up: exit 130, sandbox stopped, temp dir removed, no process left", async () => {
    const run = await runDemo(process.execPath, DEMO_ENTRY, {
      interruptWhen: /^2\. pulumi up/m,
    });
    assert.equal(run.code, 130, run.output);
    assert.match(run.output, /Interrupted: cleaning up/);
    const root = /copied to (.*)\/project$/m.exec(run.output)?.[1];
    const url = /listening at (http:\/\/\S+) /.exec(run.output)?.[1];
    assert.ok(root && url, run.output);
    assert.ok(!fs.existsSync(root), "temp dir removed");
    await assert.rejects(fetch(`${url}/api/0/`), "the sandbox no longer listens");
    assert.deepEqual(processesWorkingIn(root), [], "no process is left working in the temp dir");
  });

  it("without Go or a Pulumi CLI, says exactly how to install the CLI and exits 1", async function () {
    this.timeout(120_000);
    const emptyCache = fs.mkdtempSync(path.join(os.tmpdir(), "no-engine-"));
    try {
      const run = await runDemo(process.execPath, DEMO_ENTRY, {
        env: { PATH: "/usr/bin:/bin", PULUMI_ENGINE_CACHE: emptyCache },
      });
      assert.equal(run.code, 1, run.output);
      assert.match(run.output, /The demo needs the Pulumi CLI, and it cannot be built here/);
      assert.match(run.output, /install Go \(https:\/\/go\.dev\/doc\/install\)/);
      assert.match(run.output, /https:\/\/www\.pulumi\.com\/docs\/install\//);
      assert.match(
        run.output,
        /curl -fsSL https:\/\/get\.pulumi\.com \| sh -s -- --version 3\.\d+\.\d+/,
      );
      assert.doesNotMatch(run.output, /sandbox listening/, "nothing was started");
    } finally {
      fs.rmSync(emptyCache, { recursive: true, force: true });
    }
  });
});

interface DemoRun {
  code: number | null;
  output: string;
}

/** Runs the demo to its end; with `interruptWhen`, sends SIGINT once the output matches. */
function runDemo(
  command: string,
  args: string[],
  options: { env?: Record<string, string>; interruptWhen?: RegExp } = {},
): Promise<DemoRun> {
  const child = spawn(command, args, {
    cwd: REPO_ROOT,
    env: { ...process.env, ...options.env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  let interrupted = false;
  const collect = (chunk: string) => {
    output += chunk;
    if (options.interruptWhen && !interrupted && options.interruptWhen.test(output)) {
      interrupted = true;
      // Let the up get going (the program starts, the provider runs) before the Ctrl-C.
      setTimeout(() => child.kill("SIGINT"), 3000);
    }
  };
  child.stdout.setEncoding("utf8").on("data", collect);
  child.stderr.setEncoding("utf8").on("data", collect);
  const timer = setTimeout(() => child.kill("SIGKILL"), DEMO_TIMEOUT_MS - 10_000);
  return new Promise((resolve) =>
    child.once("close", (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    }),
  );
}
