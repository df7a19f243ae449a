import assert from "node:assert/strict";
import { formatDsn, parseDsn, publicDsn } from "../../provider/sentry";

const PUBLIC = "a785682ddda742d7a8a4088810e67791";
const SECRET = "bcd99b3790b3441c85ce4b1eaa854f66";

describe("sentry DSN helpers", () => {
  it("parses a sentry.io DSN", () => {
    assert.deepEqual(
      parseDsn(`https://${PUBLIC}@o4504765715316736.ingest.sentry.io/4505281256090153`),
      {
        protocol: "https",
        publicKey: PUBLIC,
        host: "o4504765715316736.ingest.sentry.io",
        path: "",
        projectId: "4505281256090153",
      },
    );
  });

  it("parses a secret DSN with port and path prefix, and writes it back", () => {
    const dsn = `http://${PUBLIC}:${SECRET}@127.0.0.1:9000/sentry/42`;
    const parts = parseDsn(dsn);
    assert.equal(parts.secretKey, SECRET);
    assert.equal(parts.port, "9000");
    assert.equal(parts.path, "sentry");
    assert.equal(formatDsn(parts, { withSecret: true }), dsn);
    assert.equal(formatDsn(parts), `http://${PUBLIC}@127.0.0.1:9000/sentry/42`);
    assert.equal(publicDsn(dsn), `http://${PUBLIC}@127.0.0.1:9000/sentry/42`);
  });

  it("keeps IPv6 hosts in brackets", () => {
    const dsn = `http://${PUBLIC}@[::1]:8000/7`;
    assert.equal(formatDsn(parseDsn(dsn)), dsn);
  });

  it("leaves the secret out unless asked, even when known", () => {
    const parts = parseDsn(`https://${PUBLIC}:${SECRET}@h/1`);
    assert.ok(!formatDsn(parts).includes(SECRET));
    assert.ok(!formatDsn(parts, { withSecret: false }).includes(SECRET));
  });

  const bad: Array<[string, RegExp]> = [
    ["", /empty/],
    ["not a url", /not a URL/],
    [`ftp://${PUBLIC}@h/1`, /scheme ftp/],
    ["https://h/1", /no public key/],
    [`https://${PUBLIC}@h/project`, /numeric project id/],
    [`https://${PUBLIC}@h/`, /numeric project id/],
    [`https://${PUBLIC}@h/1?x=1`, /query/],
  ];
  for (const [input, problem] of bad) {
    it(`rejects ${JSON.stringify(input)} with an error naming the field and the expected form`, () => {
      assert.throws(
        () => parseDsn(input, "dsnSecret"),
        (err: Error) =>
          err.name === "InputError" &&
          err.message.startsWith("dsnSecret:") &&
          problem.test(err.message) &&
          err.message.includes("https://PUBLIC_KEY@HOST/PROJECT_ID"),
      );
    });
  }

  it("never repeats the secret of a bad DSN in the error", () => {
    for (const secret of [SECRET, "not-hex-secret-value"]) {
      const input = `https://${PUBLIC}:${secret}@h/not-a-project`;
      assert.throws(
        () => parseDsn(input),
        (err: Error) => !err.message.includes(secret) && err.message.includes("[REDACTED]"),
      );
    }
  });
});
