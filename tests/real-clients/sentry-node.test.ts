import { strict as assert } from "node:assert";
import * as path from "node:path";
import type { RunningSandbox } from "../../sandbox";
import { runIsolated } from "../support/sandbox-clients";
import { admin, api, keysPath, startTestSandbox } from "../support/sandbox-http";

interface Key {
  id: string;
  public: string;
  dsn: { public: string; secret: string };
}
interface Sent {
  eventId: string;
  flushed: boolean;
  statusCode: number | null;
}

const script = path.join(__dirname, "fixtures", "send-with-sentry-node.js");

describe("real clients: @sentry/node sends to a sandbox DSN", function () {
  this.timeout(30000);
  let sandbox: RunningSandbox;

  const send = async (dsn: string, ...args: string[]): Promise<Sent> => {
    const result = await runIsolated(process.execPath, [script, ...args], { SENTRY_DSN: dsn });
    assert.equal(result.code, 0, `the SDK script failed: ${result.stderr}`);
    return JSON.parse(result.stdout.trim()) as Sent;
  };
  const newKey = async (): Promise<Key> =>
    (await api(sandbox, "POST", keysPath(sandbox), { body: { name: "sdk" } })).json as Key;
  const eventsOf = async (key: Key) =>
    (await admin(sandbox, "GET", `events?publicKey=${key.public}`)).json as Array<{
      id: string;
      endpoint: string;
      projectId: number;
      itemTypes: string[];
      contentEncoding?: string;
    }>;

  before(async function () {
    sandbox = await startTestSandbox();
  });
  after(async function () {
    await sandbox.close();
  });

  it("delivers an event to the sandbox, recorded under the key", async function () {
    const key = await newKey();
    const sent = await send(key.dsn.public);
    assert.equal(sent.flushed, true);
    assert.equal(sent.statusCode, 200);
    assert.match(sent.eventId, /^[0-9a-f]{32}$/);
    const events = await eventsOf(key);
    assert.deepEqual(
      events.map((e) => [e.id, e.endpoint, e.projectId, e.itemTypes]),
      [[sent.eventId, "envelope", sandbox.projectId, ["event"]]],
    );
  });

  it("delivers through the secret DSN too, and gzips a large event that still arrives", async function () {
    const key = await newKey();
    const sent = await send(key.dsn.secret, "--large");
    assert.equal(sent.statusCode, 200);
    const [event] = await eventsOf(key);
    assert.equal(event!.id, sent.eventId);
    assert.equal(
      event!.contentEncoding,
      "gzip",
      "the SDK compressed the envelope and the sandbox decoded it",
    );
  });

  it("is rejected with 403 once the key is deactivated, and nothing is recorded", async function () {
    const key = await newKey();
    const put = await api(sandbox, "PUT", keysPath(sandbox, key.id), { body: { isActive: false } });
    assert.equal(put.status, 200);
    await admin(sandbox, "DELETE", "requests");
    const sent = await send(key.dsn.public);
    assert.equal(sent.statusCode, 403);
    assert.deepEqual(await eventsOf(key), []);
    const log = (await admin(sandbox, "GET", "requests")).json as Array<{
      method: string;
      path: string;
      status: number;
    }>;
    assert.deepEqual(
      log.map((e) => [e.method, e.path, e.status]),
      [["POST", `/api/${sandbox.projectId}/envelope/`, 403]],
    );
  });
});
