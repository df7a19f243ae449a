import assert from "node:assert/strict";
import { createServer } from "node:net";
import { inspect } from "node:util";
import { SentryApiError, type ClientEvent, type ProjectKey } from "../../provider/sentry";
import { fastClient, startClientSandbox, type ClientTestSandbox } from "../support/client-sandbox";

/** Every way an error gets printed, logged or shipped. */
function renderings(err: unknown): string[] {
  const e = err as Error;
  return [
    e.message,
    String(e),
    e.stack ?? "",
    JSON.stringify(e),
    JSON.stringify({ error: e, cause: e.cause }),
    inspect(e, { depth: Infinity, showHidden: true }),
    inspect(e.cause, { depth: Infinity, showHidden: true }),
    String((e.cause as Error | undefined)?.stack ?? ""),
    inspect(Object.assign({}, e), { depth: Infinity }),
  ];
}

function assertClean(err: unknown, secret: string, what: string): void {
  assert.ok(err instanceof SentryApiError, `${what}: ${String(err)}`);
  for (const text of renderings(err)) {
    assert.ok(!text.includes(secret), `${what} leaks the token in: ${text.slice(0, 400)}`);
    assert.ok(
      !/authorization/i.test(text),
      `${what} carries an Authorization header: ${text.slice(0, 400)}`,
    );
    assert.ok(
      !/"config"|\bconfig:/.test(text),
      `${what} carries axios config: ${text.slice(0, 400)}`,
    );
  }
}

async function failure(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected the call to fail");
}

describe("sentry client: no token in any error form (real failures)", () => {
  let sandbox: ClientTestSandbox;
  let key: ProjectKey;
  before(async () => {
    sandbox = await startClientSandbox();
    key = await fastClient(sandbox).client.clientKeys.create(
      sandbox.organization,
      sandbox.project,
      {
        name: "redaction",
      },
    );
  });
  after(() => sandbox?.close());
  beforeEach(() => sandbox.clearFaults());

  const target = () => [sandbox.organization, sandbox.project] as const;

  it("401 with an unknown sntryu_ token and with a legacy 64-hex token", async () => {
    for (const token of [`sntryu_${"a1".repeat(32)}`, "c0ffee".repeat(10) + "abcd"]) {
      const events: ClientEvent[] = [];
      const { client } = fastClient(
        { url: sandbox.url, token },
        { onEvent: (e) => events.push(e) },
      );
      const err = await failure(client.clientKeys.listAll(...target()));
      assert.equal((err as SentryApiError).status, 401);
      assertClean(err, token, "401");
      assert.ok(!JSON.stringify(events).includes(token));
    }
  });

  it("403 with a read-only token, naming the scope (project:admin to delete)", async () => {
    const token = await sandbox.mintToken(["project:read"]);
    const { client } = fastClient({ url: sandbox.url, token });
    const err = await failure(client.clientKeys.delete(...target(), key.id));
    assert.equal((err as SentryApiError).status, 403);
    assert.match((err as SentryApiError).hint!, /project:admin needed for deleting a client key/);
    assertClean(err, token, "403");
  });

  it("403 with an org auth token (sntrys_)", async () => {
    const created = await fastClient(sandbox).client.orgAuthTokens.create(sandbox.organization, {
      name: "redaction",
    });
    const { client } = fastClient({ url: sandbox.url, token: created.token });
    const err = await failure(client.orgAuthTokens.create(sandbox.organization, { name: "nope" }));
    assert.equal((err as SentryApiError).status, 403);
    assertClean(err, created.token, "org-token 403");
  });

  it("5xx after retries, and a lost POST answer (maybeCommitted)", async () => {
    const { client } = fastClient(sandbox);
    await sandbox.addFaults({ method: "GET", kind: "status", status: 500, times: -1 });
    assertClean(await failure(client.clientKeys.get(...target(), key.id)), sandbox.token, "500");
    await sandbox.clearFaults();
    await sandbox.addFaults({ method: "POST", kind: "drop-after-commit", times: 1 });
    const lost = await failure(client.clientKeys.create(...target(), { name: "lost" }));
    assert.equal((lost as SentryApiError).maybeCommitted, true);
    assertClean(lost, sandbox.token, "drop-after-commit");
  });

  it("axios network errors: connection reset, timeout, connection refused", async () => {
    // A normal timeout for the reset and the refusal, so a busy machine cannot turn them into
    // timeouts; a short one only where the sandbox is told to answer later than it.
    const { client, events } = fastClient(sandbox);
    await sandbox.addFaults({ method: "GET", kind: "reset", times: -1 });
    const reset = await failure(client.authInfo());
    assert.equal((reset as SentryApiError).code, "ECONNRESET");
    assert.ok((reset as SentryApiError).cause instanceof Error, "keeps a sanitized cause");
    assertClean(reset, sandbox.token, "ECONNRESET");

    await sandbox.clearFaults();
    await sandbox.addFaults({ method: "GET", kind: "delay", delayMs: 600_000, times: -1 });
    const { client: impatient, events: impatientEvents } = fastClient(sandbox, { timeoutMs: 50 });
    const timeout = await failure(impatient.authInfo());
    assert.equal((timeout as SentryApiError).code, "ETIMEDOUT");
    assertClean(timeout, sandbox.token, "ETIMEDOUT");
    await sandbox.clearFaults();

    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const { port } = closed.address() as { port: number };
    await new Promise((resolve) => closed.close(resolve));
    const { client: nowhere } = fastClient({
      url: `http://127.0.0.1:${port}`,
      token: sandbox.token,
    });
    const refused = await failure(nowhere.authInfo());
    assert.equal((refused as SentryApiError).code, "ECONNREFUSED");
    assertClean(refused, sandbox.token, "ECONNREFUSED");

    const all = [...events, ...impatientEvents];
    assert.ok(all.length > 0);
    assert.ok(!JSON.stringify(all).includes(sandbox.token), "events never carry the token");
  });
});
