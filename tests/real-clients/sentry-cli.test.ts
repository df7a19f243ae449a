import { strict as assert } from "node:assert";
import type { RunningSandbox } from "../../sandbox";
import {
  runIsolated,
  sentryCliAvailable,
  sentryCliPath,
  type RunResult,
} from "../support/sandbox-clients";
import { skipUnless } from "../support/skip";
import { admin, api, keysPath, startTestSandbox, tokensPath } from "../support/sandbox-http";

interface Key {
  id: string;
  public: string;
  dsn: { public: string };
}

// Output for an assertion message, with any token the test used blanked out.
function shown(result: RunResult, ...secrets: string[]): string {
  let text = `exit ${result.code}\n${result.stdout}\n${result.stderr}`;
  for (const secret of secrets) text = text.split(secret).join("[token]");
  return text;
}

describe("real clients: sentry-cli against the sandbox", function () {
  this.timeout(30000);
  let sandbox: RunningSandbox;

  before(async function () {
    // sentry-cli is a devDependency (binary from @sentry/cli-linux-x64): under CI its absence fails.
    skipUnless(this, await sentryCliAvailable(), `sentry-cli not runnable at ${sentryCliPath}`);
    sandbox = await startTestSandbox();
  });
  after(async function () {
    await sandbox?.close();
  });

  const newKey = async (): Promise<Key> =>
    (await api(sandbox, "POST", keysPath(sandbox), { body: { name: "cli" } })).json as Key;
  const eventIds = async (key: Key): Promise<string[]> =>
    (
      (await admin(sandbox, "GET", `events?publicKey=${key.public}`)).json as Array<{ id: string }>
    ).map((e) => e.id);

  it("send-event with SENTRY_DSN arrives in the sandbox", async function () {
    const key = await newKey();
    const result = await runIsolated(sentryCliPath, ["send-event", "-m", "hello from sentry-cli"], {
      SENTRY_DSN: key.dsn.public,
    });
    assert.equal(result.code, 0, shown(result));
    const match = /Event id: ([0-9a-f-]{36})/.exec(result.stdout);
    assert.ok(match, shown(result));
    assert.deepEqual(await eventIds(key), [match[1]!.replace(/-/g, "")]);
  });

  it("send-event is rejected for an inactive key: non-zero exit, the 403 reported, nothing recorded", async function () {
    const key = await newKey();
    await api(sandbox, "PUT", keysPath(sandbox, key.id), { body: { isActive: false } });
    const result = await runIsolated(sentryCliPath, ["send-event", "-m", "should be refused"], {
      SENTRY_DSN: key.dsn.public,
    });
    assert.notEqual(result.code, 0, shown(result));
    assert.match(
      result.stderr,
      /event submission rejected with_reason: ProjectId \(http status: 403\)/,
    );
    assert.deepEqual(await eventIds(key), []);
  });

  it("info with --url and --auth-token succeeds and shows the sandbox, the user and the scopes", async function () {
    const result = await runIsolated(sentryCliPath, [
      "--url",
      sandbox.url,
      "--auth-token",
      sandbox.token,
      "info",
    ]);
    assert.equal(result.code, 0, shown(result, sandbox.token));
    assert.match(result.stdout, new RegExp(`Sentry Server: ${sandbox.url.replace(/\./g, "\\.")}`));
    assert.match(result.stdout, /Method: Auth Token/);
    assert.match(result.stdout, /User: admin@sandbox\.invalid/);
    assert.match(result.stdout, /- project:admin/);
    assert.doesNotMatch(result.stdout + result.stderr, /failure on authentication/);
    assert.ok(
      !(result.stdout + result.stderr).includes(sandbox.token),
      "sentry-cli does not echo the token",
    );
  });

  it("info --config-status-json reports successful authentication via SENTRY_URL/SENTRY_AUTH_TOKEN", async function () {
    const result = await runIsolated(sentryCliPath, ["info", "--config-status-json"], {
      SENTRY_URL: sandbox.url,
      SENTRY_AUTH_TOKEN: sandbox.token,
    });
    assert.equal(result.code, 0, shown(result, sandbox.token));
    const status = JSON.parse(result.stdout) as {
      auth: { type: string; successful: boolean };
      config: { url: string };
    };
    assert.deepEqual(status.auth, { type: "token", successful: true });
    assert.equal(status.config.url, sandbox.url);
  });

  it("info with an org auth token finds the sandbox from the token itself (sntrys_ payload)", async function () {
    const created = await api(sandbox, "POST", tokensPath(sandbox), { body: { name: "cli" } });
    const token = (created.json as { token: string }).token;
    const result = await runIsolated(sentryCliPath, ["info"], { SENTRY_AUTH_TOKEN: token });
    assert.equal(result.code, 0, shown(result, token));
    assert.match(result.stdout, new RegExp(`Sentry Server: ${sandbox.url.replace(/\./g, "\\.")}`));
    assert.match(result.stdout, /- org:ci/);
  });

  it("info with an unknown token fails with the sandbox's 401", async function () {
    const bogus = `sntryu_${"0".repeat(64)}`;
    const result = await runIsolated(sentryCliPath, [
      "--url",
      sandbox.url,
      "--auth-token",
      bogus,
      "info",
    ]);
    assert.notEqual(result.code, 0);
    assert.match(result.stderr, /Invalid token \(http status: 401\)/);
  });
});
