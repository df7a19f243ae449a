import assert from "node:assert/strict";
import { createServer } from "node:net";
import { type SentryApiError, type ProjectKey } from "../../provider/sentry";
import {
  fastClient,
  matching,
  startClientSandbox,
  type ClientTestSandbox,
  type LoggedRequest,
} from "../support/client-sandbox";

const KEYS = /\/keys\/$/;
const ONE_KEY = /\/keys\/[0-9a-f]{32}\/$/;

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe("sentry client: retries over HTTP", () => {
  let sandbox: ClientTestSandbox;
  let org: string;
  let project: string;
  let key: ProjectKey;

  before(async () => {
    sandbox = await startClientSandbox();
    org = sandbox.organization;
    project = sandbox.project;
    key = await fastClient(sandbox).client.clientKeys.create(org, project, {
      name: "retry-target",
    });
  });
  after(() => sandbox?.close());
  beforeEach(async () => {
    await sandbox.clearFaults();
    await sandbox.clearRequests();
  });

  const countKeys = async () =>
    (await sandbox.state()).clientKeys.filter((k) => k.projectId === sandbox.projectId).length;

  for (const status of [500, 502, 503, 504]) {
    it(`retries a GET after ${status} and succeeds on the third attempt`, async () => {
      const { client, events } = fastClient(sandbox);
      await sandbox.addFaults({
        method: "GET",
        path: ONE_KEY.source,
        kind: "status",
        status,
        times: 2,
      });
      const read = await client.clientKeys.get(org, project, key.id);
      assert.equal(read.id, key.id);
      const attempts = matching(await sandbox.requests(), "GET", ONE_KEY);
      assert.deepEqual(
        attempts.map((r) => r.status),
        [status, status, 200],
      );
      assert.deepEqual(
        events.map((e) => e.type === "retry" && e.reason),
        [String(status), String(status)],
      );
    });
  }

  it("retries a GET after the connection is reset", async () => {
    const { client, events } = fastClient(sandbox);
    await sandbox.addFaults({ method: "GET", path: KEYS.source, kind: "reset", times: 2 });
    const keys = await client.clientKeys.listAll(org, project);
    assert.ok(keys.some((k) => k.id === key.id));
    const attempts = matching(await sandbox.requests(), "GET", KEYS);
    assert.deepEqual(
      attempts.map((r) => r.status),
      [0, 0, 200],
    );
    assert.deepEqual(
      events.map((e) => e.type === "retry" && e.reason),
      ["ECONNRESET", "ECONNRESET"],
    );
  });

  it("retries a GET that times out", async () => {
    // The first attempt is held far past the timeout; the retry has a normal timeout to answer in.
    const { client, events } = fastClient(sandbox);
    await sandbox.addFaults({
      method: "GET",
      path: ONE_KEY.source,
      kind: "delay",
      delayMs: 600_000,
      times: 1,
    });
    const read = await client.clientKeys.get(org, project, key.id);
    assert.equal(read.id, key.id);
    assert.deepEqual(
      events.map((e) => e.type === "retry" && e.reason),
      ["ETIMEDOUT"],
    );
    // The held attempt took the fault (it is logged only once answered); the retry was answered.
    assert.deepEqual(await sandbox.faults(), []);
    assert.deepEqual(
      matching(await sandbox.requests(), "GET", ONE_KEY).map((r) => r.status),
      [200],
    );
  });

  for (const status of [400, 401, 403, 404, 409, 422]) {
    it(`never retries ${status}: one attempt, not retryable`, async () => {
      const { client, events } = fastClient(sandbox);
      await sandbox.addFaults({
        method: "GET",
        path: ONE_KEY.source,
        kind: "status",
        status,
        times: 1,
      });
      await assert.rejects(client.clientKeys.get(org, project, key.id), (err: SentryApiError) => {
        assert.equal(err.status, status);
        assert.equal(err.attempts, 1);
        assert.equal(err.retryable, false);
        assert.equal(err.maybeCommitted, false);
        return true;
      });
      assert.equal(matching(await sandbox.requests(), "GET", ONE_KEY).length, 1);
      assert.deepEqual(events, []);
    });
  }

  it("gives up after `retries` and reports a retryable error", async () => {
    const { client } = fastClient(sandbox, { retry: { retries: 3 } });
    await sandbox.addFaults({
      method: "GET",
      path: ONE_KEY.source,
      kind: "status",
      status: 503,
      times: -1,
    });
    await assert.rejects(client.clientKeys.get(org, project, key.id), (err: SentryApiError) => {
      assert.equal(err.status, 503);
      assert.equal(err.attempts, 4);
      assert.equal(err.retryable, true);
      assert.equal(err.maybeCommitted, false, "a GET changes nothing");
      assert.match(err.message, /HTTP 503: Internal Error/);
      return true;
    });
    assert.equal(matching(await sandbox.requests(), "GET", ONE_KEY).length, 4);
  });

  it("retries a PUT (idempotent) after a 503", async () => {
    const { client } = fastClient(sandbox);
    await sandbox.addFaults({ method: "PUT", kind: "status", status: 503, times: 1 });
    const updated = await client.clientKeys.update(
      org,
      project,
      key.id,
      { name: "after-503" },
      key,
    );
    assert.equal(updated.name, "after-503");
    assert.deepEqual(
      matching(await sandbox.requests(), "PUT", ONE_KEY).map((r) => r.status),
      [503, 200],
    );
  });

  describe("non-idempotent POST", () => {
    for (const fault of [
      { kind: "status" as const, status: 500 },
      { kind: "status" as const, status: 502 },
      { kind: "status" as const, status: 503 },
      { kind: "status" as const, status: 504 },
      { kind: "reset" as const },
    ]) {
      it(`is not retried after ${fault.status ?? "a connection reset"}: maybeCommitted, one attempt`, async () => {
        const { client, events } = fastClient(sandbox);
        const before = await countKeys();
        await sandbox.addFaults({ method: "POST", path: KEYS.source, times: 1, ...fault });
        await assert.rejects(
          client.clientKeys.create(org, project, { name: "maybe" }),
          (err: SentryApiError) => {
            assert.equal(err.maybeCommitted, true);
            assert.equal(err.retryable, true);
            assert.equal(err.attempts, 1);
            assert.match(err.hint!, /may have been applied/);
            if (fault.kind === "reset") assert.equal(err.code, "ECONNRESET");
            else assert.equal(err.status, fault.status);
            return true;
          },
        );
        assert.equal(matching(await sandbox.requests(), "POST", KEYS).length, 1);
        assert.deepEqual(events, []);
        assert.equal(await countKeys(), before, "this fault answered without applying");
      });
    }

    it("surfaces a lost response after commit as maybeCommitted, and the key is there to reconcile", async () => {
      const { client } = fastClient(sandbox);
      const before = await countKeys();
      await sandbox.addFaults({
        method: "POST",
        path: KEYS.source,
        kind: "drop-after-commit",
        times: 1,
      });
      await assert.rejects(
        client.clientKeys.create(org, project, { name: "lost-answer" }),
        (err: SentryApiError) => {
          assert.equal(err.maybeCommitted, true);
          assert.equal(err.attempts, 1);
          return true;
        },
      );
      assert.equal(await countKeys(), before + 1, "created exactly once");
      const found = (await client.clientKeys.listAll(org, project)).filter(
        (k) => k.name === "lost-answer",
      );
      assert.equal(found.length, 1);
    });

    it("is retried after a 429 (answered before any handler) and creates one key", async () => {
      const { client } = fastClient(sandbox);
      const before = await countKeys();
      await sandbox.addFaults({ method: "POST", path: KEYS.source, kind: "rate-limit", times: 1 });
      await client.clientKeys.create(org, project, { name: "after-429" });
      assert.deepEqual(
        matching(await sandbox.requests(), "POST", KEYS).map((r) => r.status),
        [429, 201],
      );
      assert.equal(await countKeys(), before + 1);
    });

    it("is retried when the connection is refused (never sent)", async () => {
      const port = await freePort();
      const { client, events } = fastClient({
        url: `http://127.0.0.1:${port}`,
        token: sandbox.token,
      });
      await assert.rejects(
        client.clientKeys.create(org, project, { name: "nowhere" }),
        (err: SentryApiError) => {
          assert.equal(err.code, "ECONNREFUSED");
          assert.equal(err.status, undefined);
          assert.equal(err.attempts, 4);
          assert.equal(err.maybeCommitted, false);
          assert.match(
            err.hint!,
            /could not reach Sentry at http:\/\/127\.0\.0\.1:\d+: check SENTRY_URL/,
          );
          return true;
        },
      );
      assert.equal(events.filter((e) => e.type === "retry").length, 3);
    });
  });

  it("treats a retried DELETE that finds the key gone as done (the lost answer was the deletion)", async () => {
    const { client, events } = fastClient(sandbox);
    const doomed = await client.clientKeys.create(org, project, { name: "doomed" });
    await sandbox.clearRequests();
    await sandbox.addFaults({ method: "DELETE", kind: "drop-after-commit", times: 1 });
    await client.clientKeys.delete(org, project, doomed.id);
    const deletes: LoggedRequest[] = matching(await sandbox.requests(), "DELETE", ONE_KEY);
    assert.deepEqual(
      deletes.map((r) => [r.status, r.fault]),
      [
        [204, "drop-after-commit"],
        [404, undefined],
      ],
    );
    assert.ok(events.some((e) => e.type === "already-deleted"));
    await assert.rejects(client.clientKeys.get(org, project, doomed.id), /HTTP 404/);
  });

  it("still reports a 404 on a DELETE whose first attempt was answered", async () => {
    const { client } = fastClient(sandbox);
    await assert.rejects(
      client.clientKeys.delete(org, project, "0".repeat(32)),
      (err: SentryApiError) => err.status === 404 && err.attempts === 1,
    );
  });

  it("retries a PUT whose answer was lost after commit", async () => {
    const { client } = fastClient(sandbox);
    await sandbox.addFaults({ method: "PUT", kind: "drop-after-commit", times: 1 });
    const updated = await client.clientKeys.update(org, project, key.id, { name: "twice" }, key);
    assert.equal(updated.name, "twice");
    assert.equal(matching(await sandbox.requests(), "PUT", ONE_KEY).length, 2);
  });
});
