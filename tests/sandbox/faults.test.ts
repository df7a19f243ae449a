import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { RunningSandbox } from "../../sandbox";
import { sandboxAdmin } from "../../testkit/sandbox-admin";
import { admin, api, keysPath, startTestSandbox } from "../support/sandbox-http";
import { VirtualClock } from "../support/virtual-clock";

// The sandbox's time: fixed, so the Reset a rate-limit fault announces is exact.
const START = "2030-01-01T00:00:00.000Z";

describe("sandbox: fault injection", function () {
  let sandbox: RunningSandbox;
  let dir: string;
  const keyNames = async (): Promise<string[]> =>
    (await sandboxAdmin(sandbox.url).keys()).map((k) => k.name);
  const addFaults = async (...faults: object[]): Promise<void> => {
    const res = await admin(sandbox, "POST", "faults", { faults });
    assert.equal(res.status, 201, res.text);
  };

  beforeEach(async function () {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "sandbox-faults-"));
    sandbox = await startTestSandbox({
      dataFile: path.join(dir, "state.json"),
      now: new VirtualClock(START).date,
    });
  });
  afterEach(async function () {
    await sandbox.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("status: answers 503 {detail: Internal Error} by default without applying the request", async function () {
    await addFaults({ kind: "status", method: "POST" });
    const res = await api(sandbox, "POST", keysPath(sandbox), { body: { name: "never" } });
    assert.equal(res.status, 503);
    assert.deepEqual(res.json, { detail: "Internal Error" });
    assert.ok(!(await keyNames()).includes("never"));
    const next = await api(sandbox, "POST", keysPath(sandbox), { body: { name: "later" } });
    assert.equal(next.status, 201, "times defaults to 1");
  });

  it("status: sends the given status and body", async function () {
    await addFaults({ kind: "status", status: 502, body: { oops: true }, path: "/keys/$" });
    const res = await api(sandbox, "GET", keysPath(sandbox));
    assert.equal(res.status, 502);
    assert.deepEqual(res.json, { oops: true });
  });

  it("reset: destroys the connection without a response and without applying", async function () {
    await addFaults({ kind: "reset", method: "POST" });
    await assert.rejects(
      api(sandbox, "POST", keysPath(sandbox), { body: { name: "lost" } }),
      (error: NodeJS.ErrnoException) => {
        assert.ok(
          error.code === "ECONNRESET" || /socket hang up/.test(error.message),
          String(error),
        );
        return true;
      },
    );
    assert.ok(!(await keyNames()).includes("lost"));
  });

  it("delay: waits, then handles the request normally", async function () {
    await addFaults({ kind: "delay", delayMs: 250, method: "POST" });
    const started = Date.now();
    const res = await api(sandbox, "POST", keysPath(sandbox), { body: { name: "slow" } });
    assert.ok(Date.now() - started >= 240, `took ${Date.now() - started}ms`);
    assert.equal(res.status, 201);
    assert.ok((await keyNames()).includes("slow"));
  });

  it("drop-after-commit: applies and persists the change, then destroys the connection", async function () {
    await addFaults({ kind: "drop-after-commit", method: "POST", path: "/keys/$" });
    await assert.rejects(api(sandbox, "POST", keysPath(sandbox), { body: { name: "committed" } }));
    assert.ok((await keyNames()).includes("committed"), "the change is applied");
    const onDisk = JSON.parse(fs.readFileSync(path.join(dir, "state.json"), "utf8")) as {
      clientKeys: Array<{ label: string }>;
    };
    assert.ok(
      onDisk.clientKeys.some((k) => k.label === "committed"),
      "and persisted",
    );
    const log = await sandboxAdmin(sandbox.url).requests();
    const entry = log.find((e) => e.fault === "drop-after-commit")!;
    assert.equal(entry.method, "POST");
    assert.equal(entry.status, 201, "the log shows the response that was lost");
  });

  it("rate-limit: answers 429 with the real body and headers (Remaining 0, Reset now+1s) without applying", async function () {
    await addFaults({ kind: "rate-limit", method: "POST" });
    const res = await api(sandbox, "POST", keysPath(sandbox), { body: { name: "throttled" } });
    assert.equal(res.status, 429);
    assert.deepEqual(res.json, {
      detail:
        "You are attempting to use this endpoint too frequently. Limit is 40 requests in 1 seconds",
    });
    assert.equal(res.headers["x-sentry-rate-limit-remaining"], "0");
    assert.equal(res.headers["x-sentry-rate-limit-limit"], "40");
    const reset = Number(res.headers["x-sentry-rate-limit-reset"]);
    assert.equal(reset, Date.parse(START) / 1000 + 1);
    assert.equal(res.headers["retry-after"], undefined);
    assert.ok(!(await keyNames()).includes("throttled"));
  });

  it("times: affects that many matching requests; -1 lasts until cleared", async function () {
    await addFaults({ kind: "status", status: 500, method: "GET", times: 2 });
    assert.equal((await api(sandbox, "GET", keysPath(sandbox))).status, 500);
    const listed = await admin(sandbox, "GET", "faults");
    assert.deepEqual(listed.json, {
      faults: [{ kind: "status", status: 500, method: "GET", times: 1 }],
    });
    assert.equal((await api(sandbox, "GET", keysPath(sandbox))).status, 500);
    assert.equal((await api(sandbox, "GET", keysPath(sandbox))).status, 200);
    assert.deepEqual((await admin(sandbox, "GET", "faults")).json, { faults: [] });

    await addFaults({ kind: "status", status: 503, times: -1 });
    for (let i = 0; i < 5; i++)
      assert.equal((await api(sandbox, "GET", keysPath(sandbox))).status, 503);
    assert.equal((await admin(sandbox, "DELETE", "faults")).status, 204);
    assert.equal((await api(sandbox, "GET", keysPath(sandbox))).status, 200);
  });

  it("matches on method and path regex, first matching rule first; other requests pass", async function () {
    await addFaults(
      { kind: "status", status: 418, method: "DELETE" },
      { kind: "status", status: 502, path: "org-auth-tokens" },
      { kind: "status", status: 503, path: "org-auth-tokens" },
    );
    assert.equal((await api(sandbox, "GET", keysPath(sandbox))).status, 200);
    const tokens = `/api/0/organizations/${sandbox.organization}/org-auth-tokens/`;
    assert.equal((await api(sandbox, "GET", tokens)).status, 502);
    assert.equal((await api(sandbox, "GET", tokens)).status, 503);
    assert.equal((await api(sandbox, "GET", tokens)).status, 200);
    assert.equal((await api(sandbox, "DELETE", keysPath(sandbox, "0".repeat(32)))).status, 418);
  });

  it("never faults the admin API, and logs faulted requests with their fault", async function () {
    await addFaults({ kind: "reset", times: -1 });
    const state = await admin(sandbox, "GET", "state");
    assert.equal(state.status, 200);
    await assert.rejects(api(sandbox, "GET", keysPath(sandbox)));
    const log = await sandboxAdmin(sandbox.url).requests();
    assert.deepEqual(
      log.map((e) => [e.status, e.fault]),
      [[0, "reset"]],
    );
  });

  it("faults ingest too", async function () {
    const key = (await api(sandbox, "POST", keysPath(sandbox), { body: {} })).json as {
      public: string;
    };
    await addFaults({ kind: "status", status: 503, path: "^/api/\\d+/store/$" });
    const res = await api(
      sandbox,
      "POST",
      `/api/${sandbox.projectId}/store/?sentry_key=${key.public}`,
      { token: null, body: {} },
    );
    assert.equal(res.status, 503);
    assert.deepEqual((await admin(sandbox, "GET", "events")).json, []);
  });

  const badFaults: Array<[unknown, object]> = [
    [{}, { faults: ['Expected {"faults": [ ... ]}: a list of fault rules.'] }],
    [
      { faults: [{ kind: "explode" }] },
      { "faults[0]": { kind: ['"explode" is not a valid choice.'] } },
    ],
    [{ faults: [{ method: "GET" }] }, { "faults[0]": { kind: ["This field is required."] } }],
    [
      { faults: [{ kind: "status", status: 42 }] },
      { "faults[0]": { status: ["Ensure this value is greater than or equal to 100."] } },
    ],
    [{ faults: [{ kind: "delay" }] }, { "faults[0]": { delayMs: ["Required for kind delay."] } }],
    [
      { faults: [{ kind: "reset", times: 0 }] },
      { "faults[0]": { times: ["Use a positive count, or -1 for until cleared."] } },
    ],
    [
      { faults: [{ kind: "reset", method: "PATCH" }] },
      { "faults[0]": { method: ['"PATCH" is not a valid choice.'] } },
    ],
  ];
  for (const [body, expected] of badFaults) {
    it(`rejects fault rules ${JSON.stringify(body)} with 400 and adds none`, async function () {
      const res = await admin(sandbox, "POST", "faults", body as object);
      assert.equal(res.status, 400);
      assert.deepEqual(res.json, expected);
      assert.deepEqual((await admin(sandbox, "GET", "faults")).json, { faults: [] });
    });
  }

  it("rejects an invalid path regex with 400 naming it", async function () {
    const res = await admin(sandbox, "POST", "faults", { faults: [{ kind: "reset", path: "(" }] });
    assert.equal(res.status, 400);
    assert.match(JSON.stringify(res.json), /faults\[0\].*path.*Not a valid regular expression/);
  });
});
