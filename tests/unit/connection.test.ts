import assert from "node:assert/strict";
import { providerSettings } from "../../plugin/provider-config";
import { connectionChange, withConnectionChange } from "../../provider/diff-helpers";
import { connection as connectionRule } from "../../provider/field-rules";
import { checkClientKey } from "../../provider/resources/client-key/check";
import { createProviderContext } from "../../provider/runtime/context";
import { resolveConnection, resolveSettings } from "../../provider/settings";
import { UNKNOWN } from "../../provider/unknown";

const config = (values: Record<string, string>) => ({ get: (key: string) => values[key] });
const STACK = config({
  "sentry-rotation:url": "https://sentry.example.test/",
  "sentry-rotation:organization": "stack-org",
  "sentry-rotation:authToken": "stack-token-0123456789",
});
const ENV = { SENTRY_URL: "https://env.test", SENTRY_ORG: "env-org", SENTRY_AUTH_TOKEN: "env-tok" };

describe("resolveConnection: one resolution for the stack, a resource and a provider instance", () => {
  it("without an explicit connection: stack config first, then the environment, then sentry.io", () => {
    assert.deepEqual(resolveConnection(undefined, STACK, ENV), {
      url: "https://sentry.example.test",
      organization: "stack-org",
      authToken: "stack-token-0123456789",
    });
    assert.deepEqual(resolveConnection(undefined, config({}), ENV), {
      url: "https://env.test",
      organization: "env-org",
      authToken: "env-tok",
    });
    assert.deepEqual(resolveConnection(undefined, config({ "sentry-rotation:url": "  " }), {}), {
      url: "https://sentry.io",
    });
  });

  it("an explicit connection is taken whole: no token or organization of the stack is mixed in", () => {
    assert.deepEqual(
      resolveConnection({ url: "https://other.test//", authToken: " tok-b " }, STACK, ENV),
      { url: "https://other.test", authToken: "tok-b" },
    );
    // Without a URL it means sentry.io, never the stack's (whose token it does not carry).
    assert.deepEqual(resolveConnection({ authToken: "tok-b", organization: "b" }, STACK, ENV), {
      url: "https://sentry.io",
      organization: "b",
      authToken: "tok-b",
    });
  });

  it("resolveSettings gives the same connection as resolveConnection, plus the stack-only settings", () => {
    const settings = resolveSettings(STACK, { SENTRY_ROTATION_OVERDUE_GRACE: "2d" });
    const { url, organization, authToken } = settings;
    assert.deepEqual({ url, organization, authToken }, resolveConnection(undefined, STACK, {}));
    assert.equal(settings.overdueGrace, "2d");
  });

  it("a plugin provider instance: its own settings field by field, then the environment", () => {
    const connectionOf = ({
      url,
      organization,
      authToken,
    }: ReturnType<typeof providerSettings>) => ({ url, organization, authToken });
    // An explicit provider's arguments (or the stack config the engine gives the default one).
    assert.deepEqual(
      connectionOf(providerSettings({ url: "https://inst.test/", authToken: "tok-i" }, ENV)),
      { url: "https://inst.test", organization: "env-org", authToken: "tok-i" },
    );
    assert.deepEqual(
      connectionOf(providerSettings({}, ENV)),
      resolveConnection(undefined, config({}), ENV),
    );
    assert.equal(providerSettings({ overdueGrace: "3d" }, {}).overdueGrace, "3d");
  });
});

describe("connection: the input rule, and what a change of it needs", () => {
  it("accepts { url, organization?, authToken } and unknowns during preview", () => {
    assert.equal(connectionRule({ url: "https://b.test", authToken: "t" }), undefined);
    assert.equal(
      connectionRule({ url: UNKNOWN, authToken: UNKNOWN, organization: "b" }),
      undefined,
    );
  });

  it("names the field and the fix, and never shows the token", () => {
    const token = "sntrys_do-not-print-me-0123456789";
    const cases: Array<[unknown, RegExp]> = [
      [token, /must be \{ url, organization\?, authToken \}, got a string/],
      [{ authToken: token }, /url is required/],
      [{ url: "ftp://b.test", authToken: token }, /is not an http\(s\) URL/],
      [{ url: "https://b.test" }, /authToken is required/],
      [{ url: "https://b.test", authToken: "  " }, /authToken must be a non-blank string/],
      [{ url: "https://b.test", authToken: token, organization: "Bad Org" }, /not a Sentry slug/],
      [{ url: "https://b.test", authToken: token, org: "b" }, /unknown field "org"/],
    ];
    for (const [value, expected] of cases) {
      const problem = connectionRule(value);
      assert.match(String(problem), expected);
      assert.ok(!String(problem).includes(token), `token printed: ${problem}`);
    }
  });

  it("a resource's organization defaults to its connection's, through check", () => {
    const ctx = createProviderContext({ settings: resolveSettings(STACK, {}) });
    const connection = { url: "https://b.test", organization: "org-b", authToken: "tok-b" };
    const defaults = ctx.withConnection(connection).settings;
    const { inputs, failures } = checkClientKey(
      {},
      { project: "web", name: "web", connection },
      defaults,
    );
    assert.deepEqual(failures, []);
    assert.equal(inputs.organization, "org-b");
    assert.equal(ctx.withConnection(undefined), ctx);
    assert.equal(
      ctx.withConnection({ ...connection }),
      ctx.withConnection(connection),
      "one per connection",
    );
    assert.equal(defaults.authToken, "tok-b");
    assert.equal(defaults.overdueGrace, ctx.settings.overdueGrace);
  });

  it("another URL replaces (a key in the other Sentry); a new token is an update; the same is nothing", () => {
    const a = { url: "https://a.test", authToken: "tok-1" };
    assert.equal(connectionChange(a, { ...a }, "https://stack.test"), undefined);
    assert.equal(connectionChange(a, { ...a, authToken: "tok-2" }, "https://stack.test"), "update");
    assert.equal(
      connectionChange(a, { ...a, url: "https://b.test" }, "https://stack.test"),
      "replace",
    );
    assert.equal(connectionChange(a, { ...a, url: UNKNOWN }, "https://stack.test"), "replace");
    // Stating the stack's own URL explicitly is not a move.
    assert.equal(
      connectionChange(undefined, { ...a, url: "https://a.test/" }, "https://a.test"),
      "update",
    );
    assert.equal(connectionChange(undefined, a, "https://stack.test"), "replace");
    const replaced = withConnectionChange(
      { changes: false, replaces: [], reasons: [] },
      { connection: a },
      { connection: { ...a, url: "https://b.test" } },
      "https://stack.test",
    );
    assert.deepEqual(replaced.replaces, ["connection"]);
    assert.ok(replaced.changes);
    assert.ok(!JSON.stringify(replaced).includes("tok-1"));
    const updated = withConnectionChange(
      { changes: true, replaces: [], updates: ["name"], reasons: [] },
      { connection: a },
      { connection: { ...a, authToken: "tok-2" } },
      "https://stack.test",
    );
    // The plugin's preview marks it updated in place, like the other in-place fields.
    assert.deepEqual(updated.updates, ["name", "connection"]);
    assert.deepEqual(updated.replaces, []);
  });
});
