import assert from "node:assert/strict";
import { parseStackConfig } from "../../stack/config";

const goodKey = {
  name: "web",
  project: "web-frontend",
  rotateEvery: "90d",
  overlap: "7d",
  sinks: [{ type: "dotenvFile", path: ".env" }],
};
const goodToken = { name: "ci", rotateEvery: "30d" };

describe("config-driven stack: parsing", () => {
  it("accepts keys and tokens, with sinks defaulting to none", () => {
    const config = parseStackConfig({ keys: [goodKey], tokens: [goodToken] });
    assert.equal(config.keys[0]?.name, "web");
    assert.deepEqual(config.keys[0]?.sinks, goodKey.sinks);
    assert.deepEqual(config.tokens[0]?.sinks, []);
  });

  const bad: Array<[string, { keys?: unknown; tokens?: unknown }, RegExp]> = [
    ["nothing to rotate", {}, /sentry-rotation:keys: nothing to rotate/],
    ["keys not a list", { keys: { web: goodKey } }, /sentry-rotation:keys: must be a list/],
    ["an entry not an object", { keys: ["web"] }, /sentry-rotation:keys\[0\]: must be an object/],
    [
      "missing project",
      { keys: [{ ...goodKey, project: undefined }] },
      /sentry-rotation:keys\[0\]\.project: is required/,
    ],
    [
      "bad period",
      { keys: [{ ...goodKey, rotateEvery: "monthly" }] },
      /sentry-rotation:keys\[0\]\.rotateEvery: "monthly" is not a duration/,
    ],
    [
      "missing period",
      { tokens: [{ name: "ci" }] },
      /sentry-rotation:tokens\[0\]\.rotateEvery: is required/,
    ],
    [
      "unknown field",
      { keys: [{ ...goodKey, rotate: "90d" }] },
      /sentry-rotation:keys\[0\]\.rotate: unknown field/,
    ],
    [
      "bad resource name",
      { keys: [{ ...goodKey, name: "9 lives" }] },
      /sentry-rotation:keys\[0\]\.name: must be a name/,
    ],
    [
      "duplicate names",
      { keys: [goodKey], tokens: [{ ...goodToken, name: "web" }] },
      /name "web" is used twice/,
    ],
    [
      "sinks not a list",
      { keys: [{ ...goodKey, sinks: { type: "dotenvFile" } }] },
      /sentry-rotation:keys\[0\]\.sinks: must be a list/,
    ],
    [
      "bad sink",
      { keys: [{ ...goodKey, sinks: [{ type: "carrierPigeon" }] }] },
      /sentry-rotation:keys\[0\]\.sinks\[0\]/,
    ],
  ];
  for (const [what, raw, message] of bad) {
    it(`rejects ${what}, naming the entry and field`, () => {
      assert.throws(() => parseStackConfig(raw), message);
    });
  }

  it("lists every problem at once", () => {
    assert.throws(
      () =>
        parseStackConfig({
          keys: [{ ...goodKey, project: "Web!" }],
          tokens: [{ name: "ci", rotateEvery: "0d" }],
        }),
      (err: Error) =>
        /keys\[0\]\.project/.test(err.message) && /tokens\[0\]\.rotateEvery/.test(err.message),
    );
  });
});

describe("config-driven stack: adoption", () => {
  it("accepts an existing key id and rejects one that is not a key id", () => {
    const id = "0123456789abcdef0123456789abcdef";
    const config = parseStackConfig({ keys: [{ ...goodKey, existingKeyId: id }] });
    assert.equal(config.keys[0]?.existingKeyId, id);
    assert.throws(
      () => parseStackConfig({ keys: [{ ...goodKey, existingKeyId: "web" }] }),
      /sentry-rotation:keys\[0\]\.existingKeyId: "web" is not a client key id/,
    );
  });
});

describe("config-driven stack: rotation windows", () => {
  const window = {
    daysOfWeek: ["Sat", "Sun"],
    startTime: "02:30",
    duration: "3h",
    timeZone: "Europe/Berlin",
  };
  const weekdays = { cron: "0 9 * * 1-5", duration: "8h", timeZone: "America/New_York" };

  it("takes a window per entry, and the stack's window for entries without one", () => {
    const config = parseStackConfig({
      rotationWindow: window,
      keys: [goodKey, { ...goodKey, name: "api", rotationWindow: weekdays }],
      tokens: [goodToken],
    });
    assert.deepEqual(config.keys[0]?.rotationWindow, window);
    assert.deepEqual(config.keys[1]?.rotationWindow, weekdays);
    assert.deepEqual(config.tokens[0]?.rotationWindow, window);
    assert.equal(parseStackConfig({ keys: [goodKey] }).keys[0]?.rotationWindow, undefined);
  });

  it("names the entry and field of a bad window, with the fix", () => {
    assert.throws(
      () =>
        parseStackConfig({
          keys: [{ ...goodKey, rotationWindow: { ...window, timeZone: "Berlin" } }],
        }),
      /sentry-rotation:keys\[0\]\.rotationWindow: timeZone: "Berlin" is not an IANA time zone; use a name such as "Europe\/Berlin"/,
    );
    assert.throws(
      () =>
        parseStackConfig({
          tokens: [{ ...goodToken, rotationWindow: { cron: "0 9 * *", duration: "1h" } }],
        }),
      /sentry-rotation:tokens\[0\]\.rotationWindow: cron: "0 9 \* \*" is not a 5-field cron expression/,
    );
  });

  it("names the stack's window when it is bad", () => {
    assert.throws(
      () =>
        parseStackConfig({
          keys: [goodKey],
          rotationWindow: { startTime: "02:00", duration: "2d" },
        }),
      /sentry-rotation:rotationWindow: duration: daily 02:00 for 2d \(UTC\) stays open longer than the 1d between two openings/,
    );
  });
});

describe("config-driven stack: connections", () => {
  const TOKEN = "sntryu_connection_token_that_must_never_print";
  const selfHosted = { url: "https://sentry.example.com", organization: "acme", authToken: TOKEN };

  it("gives an entry the named connection of sentry-rotation:connections", () => {
    const config = parseStackConfig({
      keys: [{ ...goodKey, connection: "self-hosted" }],
      tokens: [goodToken],
      connections: { "self-hosted": selfHosted },
      connectionsSecret: true,
    });
    assert.equal(config.keys[0]?.connection, "self-hosted");
    assert.equal(config.tokens[0]?.connection, undefined);
    assert.deepEqual(config.connections["self-hosted"], selfHosted);
  });

  const bad: Array<[string, Parameters<typeof parseStackConfig>[0], RegExp]> = [
    [
      "a connection name no connection has",
      {
        keys: [{ ...goodKey, connection: "elsewhere" }],
        connections: { "self-hosted": selfHosted },
        connectionsSecret: true,
      },
      /sentry-rotation:keys\[0\]\.connection: no connection "elsewhere" in sentry-rotation:connections \(it has "self-hosted"\)/,
    ],
    [
      "connections kept in plain text",
      { keys: [goodKey], connections: { "self-hosted": selfHosted }, connectionsSecret: false },
      /sentry-rotation:connections: holds API tokens in plain text.*pulumi config set --secret --path/,
    ],
    [
      "a connection without its token",
      {
        keys: [goodKey],
        connections: { "self-hosted": { url: selfHosted.url } },
        connectionsSecret: true,
      },
      /sentry-rotation:connections\.self-hosted: authToken is required/,
    ],
    [
      "a connection with a bad URL",
      {
        keys: [goodKey],
        connections: { "self-hosted": { ...selfHosted, url: "sentry.example.com" } },
        connectionsSecret: true,
      },
      /sentry-rotation:connections\.self-hosted: url "sentry\.example\.com" is not an http\(s\) URL/,
    ],
    [
      "connections as a list",
      { keys: [goodKey], connections: [selfHosted], connectionsSecret: true },
      /sentry-rotation:connections: must be a map of connection names/,
    ],
  ];
  for (const [what, raw, message] of bad) {
    it(`rejects ${what}, naming the field and the fix, never the token`, () => {
      assert.throws(
        () => parseStackConfig(raw),
        (err: Error) => message.test(err.message) && !err.message.includes(TOKEN),
      );
    });
  }
});
