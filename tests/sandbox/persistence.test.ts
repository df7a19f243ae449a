import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { type startSandbox, type RunningSandbox } from "../../sandbox";
import { admin, api, keysPath, startTestSandbox, tokensPath } from "../support/sandbox-http";

describe("sandbox: persistence to the data file", function () {
  let dir: string;
  let dataFile: string;
  const running: RunningSandbox[] = [];
  const start = async (opts: Parameters<typeof startSandbox>[0] = {}): Promise<RunningSandbox> => {
    const sandbox = await startTestSandbox({ dataFile, ...opts });
    running.push(sandbox);
    return sandbox;
  };

  beforeEach(function () {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "sandbox-persist-"));
    dataFile = path.join(dir, "state.json");
  });
  afterEach(async function () {
    await Promise.all(running.splice(0).map((s) => s.close()));
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("keeps keys, tokens, seeds and ids across a stop and restart", async function () {
    const first = await start();
    const key = (await api(first, "POST", keysPath(first), { body: { name: "survivor" } }))
      .json as { id: string };
    await api(first, "PUT", keysPath(first, key.id), { body: { isActive: false } });
    const orgToken = (await api(first, "POST", tokensPath(first), { body: { name: "ci" } }))
      .json as { token: string };
    await first.close();

    const second = await start();
    assert.equal(second.token, first.token);
    assert.equal(second.organization, first.organization);
    assert.equal(second.project, first.project);
    assert.equal(second.projectId, first.projectId);
    assert.equal(second.organizationId, first.organizationId);
    const got = await api(second, "GET", keysPath(second, key.id));
    assert.equal(got.status, 200);
    assert.equal((got.json as { name: string; isActive: boolean }).name, "survivor");
    assert.equal((got.json as { isActive: boolean }).isActive, false);
    assert.equal((await api(second, "GET", "/api/0/", { token: orgToken.token })).status, 200);
    const another = (await api(second, "POST", keysPath(second), { body: { name: "newer" } }))
      .json as { name: string };
    const list = (await api(second, "GET", keysPath(second))).json as Array<{ name: string }>;
    assert.deepEqual(
      list.map((k) => k.name),
      [another.name, "survivor"],
      "ordering continues after restart",
    );
  });

  it("stores no org auth token or minted token in clear, only the admin token the JSON line prints", async function () {
    const sandbox = await start();
    const orgToken = (
      (await api(sandbox, "POST", tokensPath(sandbox), { body: { name: "x" } })).json as {
        token: string;
      }
    ).token;
    const minted = (
      (await admin(sandbox, "POST", "tokens", { scopes: ["project:read"] })).json as {
        token: string;
      }
    ).token;
    const text = fs.readFileSync(dataFile, "utf8");
    assert.ok(!text.includes(orgToken));
    assert.ok(!text.includes(minted));
    assert.ok(text.includes(sandbox.token));
  });

  it("writes atomically: a temp file renamed over the data file, never a partial file, no leftovers", async function () {
    const sandbox = await start();
    // Holding the original file open keeps its inode from being reused by the temp files.
    const original = fs.openSync(dataFile, "r");
    const originalText = fs.readFileSync(dataFile, "utf8");
    let reads = 0;
    let reading = true;
    const reader = (async () => {
      while (reading) {
        JSON.parse(fs.readFileSync(dataFile, "utf8")); // throws on a partial file
        reads += 1;
        await new Promise((resolve) => setImmediate(resolve));
      }
    })();
    await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        api(sandbox, "POST", keysPath(sandbox), { body: { name: `k${i}` } }),
      ),
    );
    reading = false;
    await reader;
    assert.ok(reads > 0);
    assert.notEqual(
      fs.statSync(dataFile).ino,
      fs.fstatSync(original).ino,
      "the file was replaced by a rename",
    );
    assert.equal(
      fs.readFileSync(original, "utf8"),
      originalText,
      "the old file was never rewritten in place",
    );
    fs.closeSync(original);
    assert.deepEqual(fs.readdirSync(dir), ["state.json"]);
    const onDisk = JSON.parse(fs.readFileSync(dataFile, "utf8")) as { clientKeys: unknown[] };
    assert.equal(onDisk.clientKeys.length, 40);
  });

  it("answers 500 (and logs it) when persisting fails, rolls the change back and keeps serving", async function () {
    const lines: string[] = [];
    const sandbox = await start({ log: (line) => lines.push(line) });
    fs.rmSync(dir, { recursive: true, force: true }); // the next write cannot create its temp file
    const res = await api(sandbox, "POST", keysPath(sandbox), { body: { name: "unsaved" } });
    assert.equal(res.status, 500);
    assert.deepEqual(res.json, { detail: "Internal Error" });
    assert.ok(
      lines.some((l) => l.includes("internal error on POST") && l.includes("ENOENT")),
      lines.join("\n"),
    );
    assert.ok(!lines.join("\n").includes(sandbox.token));
    const list = await api(sandbox, "GET", keysPath(sandbox));
    assert.equal(list.status, 200);
    assert.deepEqual(list.json, [], "the failed change was rolled back");
    fs.mkdirSync(dir);
  });

  it("refuses a data file that is not sandbox state, naming the file", async function () {
    fs.writeFileSync(dataFile, "{ not json");
    await assert.rejects(start(), (error: Error) => {
      assert.ok(error.message.includes(dataFile));
      assert.match(error.message, /not valid JSON/);
      return true;
    });
    fs.writeFileSync(dataFile, JSON.stringify({ hello: "world" }));
    await assert.rejects(start(), /is not a version 1 sandbox state/);
    dataFile = path.join(dir, "missing-dir", "state.json");
    await assert.rejects(
      start(),
      /its directory does not exist; create it or pass another --data path/,
    );
  });

  it("lets explicit organization, project and token options override the remembered seeds", async function () {
    const first = await start();
    await first.close();
    const token = `sntryu_${"ab".repeat(32)}`;
    const second = await start({ organization: "other-org", project: "other-project", token });
    assert.equal(second.organization, "other-org");
    assert.equal(second.project, "other-project");
    assert.equal(second.token, token);
    assert.notEqual(second.organizationId, first.organizationId);
    assert.equal((await api(second, "GET", keysPath(second))).status, 200);
    assert.equal(
      (await api(second, "GET", keysPath(first), { token: first.token })).status,
      200,
      "old seeds remain",
    );
  });

  it("rejects bad options with errors that name them", async function () {
    await assert.rejects(
      start({ organization: "Bad Org" }),
      /option "organization" must be a slug/,
    );
    await assert.rejects(start({ project: "123" }), /option "project" must be a slug/);
    await assert.rejects(
      start({ token: "sntryu_short" }),
      /option "token" must be "sntryu_" followed by 64/,
    );
    await assert.rejects(start({ port: 70000 }), /option "port"/);
    await assert.rejects(
      start({ rateLimit: { limit: 0, windowSeconds: 1 } }),
      /option "rateLimit"/,
    );
  });
});
