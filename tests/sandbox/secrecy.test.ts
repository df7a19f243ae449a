import { strict as assert } from "node:assert";
import type { RunningSandbox } from "../../sandbox";
import {
  admin,
  api,
  keysPath,
  request,
  startTestSandbox,
  tokensPath,
} from "../support/sandbox-http";

describe("sandbox: tokens never leak into logs, the request log or error bodies", function () {
  let sandbox: RunningSandbox;
  const lines: string[] = [];
  const bodies: string[] = [];

  before(async function () {
    sandbox = await startTestSandbox({ quiet: false, log: (line) => lines.push(line) });
  });
  after(async function () {
    await sandbox.close();
  });

  it("keeps the admin, org and unknown tokens out of everything but the create response", async function () {
    const created = await api(sandbox, "POST", tokensPath(sandbox), { body: { name: "secret" } });
    const orgToken = (created.json as { token: string }).token;
    const unknown = `sntryu_${"9".repeat(64)}`;
    const calls: Array<Promise<{ text: string }>> = [];
    for (const token of [sandbox.token, orgToken, unknown]) {
      calls.push(api(sandbox, "GET", keysPath(sandbox), { token }));
      calls.push(
        api(sandbox, "POST", keysPath(sandbox), {
          token,
          body: "{bad json",
          headers: { "Content-Type": "application/json" },
        }),
      );
      calls.push(
        api(sandbox, "PUT", keysPath(sandbox, "0".repeat(32)), { token, body: { name: "x" } }),
      );
      calls.push(api(sandbox, "DELETE", tokensPath(sandbox, "12345"), { token }));
      calls.push(api(sandbox, "GET", "/api/0/nothing/", { token }));
      calls.push(
        request(`${sandbox.url}/api/0/`, { headers: { Authorization: `Bearer ${token} extra` } }),
      );
    }
    for (const res of await Promise.all(calls)) bodies.push(res.text);
    const requests = (await admin(sandbox, "GET", "requests")).text;
    const state = (await admin(sandbox, "GET", "state")).text;
    assert.ok(lines.length >= 18, "the request log was written");
    for (const token of [sandbox.token, orgToken, unknown]) {
      const where = [
        ["stderr log", lines.join("\n")],
        ["error bodies", bodies.join("\n")],
        ["/__sandbox/requests", requests],
        ["/__sandbox/state", state],
      ];
      for (const [name, text] of where) {
        assert.ok(!text!.includes(token), `a token appeared in ${name}`);
        assert.ok(!text!.includes(token.slice(7, 30)), `part of a token appeared in ${name}`);
      }
    }
  });
});
