import assert from "node:assert/strict";
import { ClientKey } from "../../provider/resources/client-key/resource";
import { ClientKeyPair } from "../../provider/resources/client-key-pair/resource";
import { OrgAuthToken } from "../../provider/resources/org-auth-token/resource";
import { ensureBuilt } from "../../testkit/dist";
import { captureProvider, type CapturedDynamicResource } from "../../testkit/capture-provider";
import {
  startClientSandbox,
  type ClientTestSandbox,
  type SandboxFault,
} from "../support/client-sandbox";
import { EngineCalls, InitFailedError } from "../../testkit/fleet/init-failure";
import {
  engineStep,
  startProviderHost,
  type ProviderHost,
  type Props,
} from "../../testkit/provider-host";

const KEY_CREATE = "/keys/$";
const KEY_LOOKUP = "/keys/[0-9a-f]{32}/$";
const TOKENS = "/org-auth-tokens/$";

/**
 * A create Sentry committed but whose answer was lost, followed by lookups that answer 503 until
 * the provider gives up, through the real dynamic-provider host over gRPC. For every kind of key
 * the engine must keep what the provider made (the init-failure details carry it into state), and
 * the next run must leave no key in Sentry that the state does not know.
 */
describe("a lost create through the real dynamic-provider host", function () {
  // Lookups are retried with the production backoff before the provider gives up.
  this.timeout(180_000);
  let sandbox: ClientTestSandbox;
  const hosts: ProviderHost[] = [];
  const channels: EngineCalls[] = [];

  before(async () => {
    ensureBuilt();
    sandbox = await startClientSandbox();
  });
  afterEach(() => sandbox.clearFaults());
  after(async () => {
    channels.forEach((c) => c.close());
    await Promise.all(hosts.map((h) => h.stop()));
    await sandbox.close();
  });

  // One `pulumi up`: a fresh host with the clock the run sees, and the engine's Create/Update.
  async function up(captured: CapturedDynamicResource, now?: string) {
    const host = await startProviderHost({
      provider: captured.provider,
      env: { SENTRY_ROTATION_NOW: now, SENTRY_AUTH_TOKEN: undefined },
    });
    hosts.push(host);
    await host.configure({
      "sentry-rotation:authToken": sandbox.token,
      "sentry-rotation:url": sandbox.url,
      "sentry-rotation:organization": sandbox.organization,
    });
    const engine = new EngineCalls(host.port);
    channels.push(engine);
    const { inputs, failures } = await host.check(captured.urn, {}, captured.inputs);
    assert.deepEqual(failures, []);
    return { host, engine, inputs };
  }

  // The create (or update) commits, its answer is lost, and every lookup after it fails.
  const loseTheAnswer = (create: string, lookup: SandboxFault): Promise<void> =>
    sandbox.addFaults(
      { method: "POST", path: create, kind: "drop-after-commit" },
      { ...lookup, kind: "status", status: 503, times: -1 },
    );

  async function partialFailure(call: Promise<unknown>): Promise<InitFailedError> {
    const err = await call.then(
      () => assert.fail("the call succeeded although its create was lost"),
      (e: unknown) => e,
    );
    assert.ok(err instanceof InitFailedError, `expected init-failure details, got ${String(err)}`);
    return err;
  }

  async function keysInSentry(): Promise<string[]> {
    const state = await sandbox.state();
    return (state.clientKeys as Array<{ public: string }>).map((k) => k.public).sort();
  }

  async function activeTokens(): Promise<string[]> {
    const state = await sandbox.state();
    return (state.orgAuthTokens as Array<{ id: string; dateDeactivated?: string | null }>)
      .filter((t) => !t.dateDeactivated)
      .map((t) => t.id);
  }

  async function removeAllKeys(): Promise<void> {
    for (const keyId of await keysInSentry()) {
      await fetch(
        `${sandbox.url}/api/0/projects/${sandbox.organization}/${sandbox.project}/keys/${keyId}/`,
        { method: "DELETE", headers: { Authorization: `Bearer ${sandbox.token}` } },
      );
    }
  }

  it("ClientKey: the key Sentry made is in state, and the next run adopts it", async () => {
    await removeAllKeys();
    const captured = await captureProvider(
      () => new ClientKey("lost", { project: sandbox.project, name: "lost answer" }),
    );
    const first = await up(captured);
    await loseTheAnswer(KEY_CREATE, { method: "GET", path: KEY_LOOKUP, kind: "status" });
    const err = await partialFailure(first.engine.create(captured.urn, first.inputs));
    const made = await keysInSentry();
    assert.equal(made.length, 1, "Sentry made the key");
    assert.equal(err.properties.keyId, made[0], "the engine keeps the key it made");
    assert.equal(err.id, `${sandbox.organization}/${sandbox.project}/${made[0]}`);
    await sandbox.clearFaults();

    // The next run updates a resource with init errors, even with an empty diff.
    const next = await up(captured);
    const state = await next.engine.update(err.id, captured.urn, err.properties, next.inputs);
    assert.equal(state.keyId, made[0]);
    assert.equal(typeof state.dsnPublic, "string");
    assert.deepEqual(await keysInSentry(), made, "no duplicate, no orphan");
  });

  it("ClientKeyPair, first create: the key Sentry made is in state, and the next run adopts it", async () => {
    await removeAllKeys();
    const captured = await captureProvider(
      () =>
        new ClientKeyPair("lost-pair", {
          project: sandbox.project,
          name: "lost pair",
          rotateEvery: "30d",
          overlap: "7d",
        }),
    );
    const first = await up(captured);
    await loseTheAnswer(KEY_CREATE, { method: "GET", path: KEY_LOOKUP, kind: "status" });
    const err = await partialFailure(first.engine.create(captured.urn, first.inputs));
    const made = await keysInSentry();
    assert.equal(made.length, 1, "Sentry made the key");
    assert.deepEqual(keysOfPair(err.properties), made, "the engine keeps the key it made");
    await sandbox.clearFaults();

    const next = await up(captured);
    const state = await next.engine.update(err.id, captured.urn, err.properties, next.inputs);
    const current = state.current as { keyId: string; dsnPublic: string; createdAt: string };
    assert.deepEqual([current.keyId], made);
    assert.match(current.dsnPublic, new RegExp(current.keyId));
    assert.equal(typeof state.dsnSecret, "string");
    assert.deepEqual(await keysInSentry(), made, "no duplicate, no orphan");
  });

  it("ClientKeyPair, rotation: the key Sentry made is retired by the next run", async () => {
    await removeAllKeys();
    const captured = await captureProvider(
      () =>
        new ClientKeyPair("lost-rotation", {
          project: sandbox.project,
          name: "lost rotation",
          rotateEvery: "30d",
          overlap: "7d",
        }),
    );
    const first = await up(captured);
    const created = await first.engine.create(captured.urn, first.inputs);
    const [key1] = await keysInSentry();

    const rotation = await up(captured, "+31d");
    const diff = await rotation.host.diff(created.id, captured.urn, created.state, rotation.inputs);
    assert.equal(engineStep(diff, first.inputs, rotation.inputs), "update");
    await loseTheAnswer(KEY_CREATE, { method: "GET", path: KEY_LOOKUP, kind: "status" });
    const err = await partialFailure(
      rotation.engine.update(created.id, captured.urn, created.state, rotation.inputs),
    );
    const made = (await keysInSentry()).filter((k) => k !== key1);
    assert.equal(made.length, 1, "Sentry made the new key");
    assert.equal((err.properties.current as { keyId: string }).keyId, key1, "key 1 stays current");
    assert.deepEqual(
      keysOfPair(err.properties).sort(),
      [key1, ...made].sort(),
      "the engine keeps the key it made",
    );
    await sandbox.clearFaults();

    const next = await up(captured, "+31d");
    const state = await next.engine.update(created.id, captured.urn, err.properties, next.inputs);
    assert.deepEqual(state.retiring, []);
    assert.deepEqual(await keysInSentry(), keysOfPair(state).sort(), "no key without state");
    assert.ok(!(await keysInSentry()).includes(made[0] as string), "the lost key is retired");
  });

  it("OrgAuthToken: the token Sentry made is revoked by the next run, which makes a new one", async () => {
    const captured = await captureProvider(
      () => new OrgAuthToken("lost-token", { name: "lost token" }),
    );
    const before = await activeTokens();
    const first = await up(captured);
    // The list the provider takes before creating passes; the ones after the lost answer fail.
    await sandbox.addFaults({ method: "GET", path: TOKENS, kind: "delay", delayMs: 0 });
    await loseTheAnswer(TOKENS, { method: "GET", path: TOKENS, kind: "status" });
    const err = await partialFailure(first.engine.create(captured.urn, first.inputs));
    const made = (await activeTokens()).filter((t) => !before.includes(t));
    assert.equal(made.length, 1, "Sentry made the token");
    assert.equal(err.properties.name, "lost token");
    // Delete runs the provider stored with the state, as for any created resource.
    assert.equal(err.properties.__provider, captured.provider);
    await sandbox.clearFaults();

    // The next run replaces the unconfirmed token: the one it may have made goes first.
    const next = await up(captured);
    const diff = await next.host.diff(err.id, captured.urn, err.properties, next.inputs);
    assert.equal(engineStep(diff, first.inputs, next.inputs), "delete-before-replace");
    await next.host.delete(err.id, captured.urn, err.properties);
    const replacement = await next.engine.create(captured.urn, next.inputs);
    assert.match(String(replacement.state.token), /^sntrys_/);
    assert.deepEqual(
      (await activeTokens()).filter((t) => !before.includes(t)),
      [replacement.state.tokenId],
      "the lost token is revoked, the new one is the only one",
    );
  });
});

// Every key a pair's state knows: current, previous and those being retired.
function keysOfPair(state: Props): string[] {
  const current = (state.current as { keyId?: string } | undefined)?.keyId;
  const previous = (state.previous as { keyId?: string } | undefined)?.keyId;
  const retiring = (state.retiring as string[] | undefined) ?? [];
  return [current, previous, ...retiring].filter((k): k is string => typeof k === "string");
}
