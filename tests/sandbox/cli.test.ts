import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { request } from "../support/sandbox-http";
import {
  compileSandboxCli,
  repoRoot,
  spawnSandbox,
  stop,
  type SandboxProcess,
} from "../support/sandbox-process";

describe("sandbox: the CLI (npm run sandbox / sentry-sandbox)", function () {
  this.timeout(20000);
  let dir: string;
  let compiled: { cli: string; dir: string };
  const procs: SandboxProcess[] = [];
  const run = (args: string[]): SandboxProcess => {
    const proc = spawnSandbox(compiled.cli, args); // runs through the shebang, as the npm bin does
    procs.push(proc);
    return proc;
  };

  before(function () {
    compiled = compileSandboxCli();
  });
  after(function () {
    fs.rmSync(compiled.dir, { recursive: true, force: true });
  });
  beforeEach(function () {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "sandbox-cli-data-"));
  });
  afterEach(async function () {
    await Promise.all(procs.splice(0).map((p) => stop(p)));
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("runs the package.json script: one JSON line, serves, exits 0 on SIGTERM, token never on stderr", async function () {
    const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot, "package.json"), "utf8")) as {
      scripts: Record<string, string>;
    };
    const dataFile = path.join(dir, "state.json");
    const proc = spawnSandbox("sh", [
      "-c",
      `exec ${pkg.scripts.sandbox} --port 0 --data ${dataFile}`,
    ]);
    procs.push(proc);
    const line = await proc.line;
    assert.deepEqual(Object.keys(line), ["url", "organization", "project", "projectId", "token"]);
    assert.match(line.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.equal(line.organization, "sandbox-org");
    assert.equal(line.project, "sandbox-project");
    assert.equal(typeof line.projectId, "number");
    assert.match(line.token, /^sntryu_[0-9a-f]{64}$/);
    const info = await request(`${line.url}/api/0/`, { token: line.token });
    assert.equal(info.status, 200);
    const created = await request(
      `${line.url}/api/0/projects/${line.organization}/${line.project}/keys/`,
      {
        method: "POST",
        token: line.token,
        body: { name: "from-cli-test" },
      },
    );
    assert.equal(created.status, 201);
    assert.equal(
      created.headers["x-sentry-rate-limit-limit"],
      "40",
      "sentry.io-like limits by default",
    );
    const exit = await stop(proc, "SIGTERM");
    assert.deepEqual(exit, { code: 0, signal: null });
    assert.equal(
      proc
        .stdout()
        .split("\n")
        .filter((l) => l !== "").length,
      1,
      "exactly one stdout line",
    );
    assert.match(
      proc.stderr(),
      /sandbox: POST \/api\/0\/projects\/sandbox-org\/sandbox-project\/keys\/ 201/,
    );
    assert.ok(!proc.stderr().includes(line.token), "the token never reaches stderr");
    assert.ok(fs.existsSync(dataFile));
  });

  it("works compiled (shebang bin), takes --org/--project/--token/--rate-limit, exits 0 on SIGINT", async function () {
    const token = `sntryu_${"cd".repeat(32)}`;
    const proc = run([
      "--port",
      "0",
      "--org",
      "acme",
      "--project",
      "web",
      "--token",
      token,
      "--rate-limit",
      "5/60",
    ]);
    const line = await proc.line;
    assert.equal(line.organization, "acme");
    assert.equal(line.project, "web");
    assert.equal(line.token, token);
    const res = await request(`${line.url}/api/0/projects/acme/web/keys/`, { token });
    assert.equal(res.status, 200);
    assert.equal(res.headers["x-sentry-rate-limit-limit"], "5");
    assert.deepEqual(await stop(proc, "SIGINT"), { code: 0, signal: null });
  });

  it("keeps the token across restarts with the same --data, and --no-rate-limit sends no limit headers", async function () {
    const dataFile = path.join(dir, "state.json");
    const first = run(["--port", "0", "--data", dataFile, "--quiet"]);
    const firstLine = await first.line;
    await stop(first);
    assert.equal(first.stderr(), "", "--quiet logs nothing");
    const second = run(["--port", "0", "--data", dataFile, "--no-rate-limit"]);
    const secondLine = await second.line;
    assert.equal(secondLine.token, firstLine.token);
    assert.equal(secondLine.projectId, firstLine.projectId);
    const res = await request(`${secondLine.url}/api/0/`, { token: secondLine.token });
    assert.equal(res.headers["x-sentry-rate-limit-limit"], undefined);
  });

  const badArgs: Array<[string[], RegExp]> = [
    [["--port", "abc"], /--port must be a number/],
    [["--rate-limit", "fast"], /--rate-limit must look like 40\/1/],
    [["--rate-limit", "5/1", "--no-rate-limit"], /either --rate-limit or --no-rate-limit/],
    [["--token", "nope"], /option "token" must be "sntryu_"/],
    [["--org", "Not A Slug"], /option "organization" must be a slug/],
    [["--frobnicate"], /Unknown option '--frobnicate'/],
  ];
  for (const [args, message] of badArgs) {
    it(`refuses ${args.join(" ")} with a clear message and a non-zero exit, printing no JSON line`, async function () {
      const proc = run(args);
      const exit = await proc.exited;
      assert.notEqual(exit.code, 0);
      assert.match(proc.stderr(), message);
      assert.equal(proc.stdout(), "");
    });
  }

  it("prints usage for --help and exits 0", async function () {
    const proc = run(["--help"]);
    assert.deepEqual(await proc.exited, { code: 0, signal: null });
    assert.match(proc.stdout(), /^Usage: sentry-sandbox/);
  });

  it("reports a port in use as an error, not a crash trace", async function () {
    const first = run(["--port", "0"]);
    const port = new URL((await first.line).url).port;
    const second = run(["--port", port]);
    const exit = await second.exited;
    assert.equal(exit.code, 1);
    assert.match(second.stderr(), /^sentry-sandbox: listen EADDRINUSE/);
  });
});
