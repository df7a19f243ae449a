import assert from "node:assert/strict";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import { type AuditEvent } from "../../provider/audit/event";
import { webhookBody } from "../../provider/audit/format";
import { postWebhook } from "../../provider/audit/targets";

const event: AuditEvent = {
  time: "2026-11-29T10:00:00.000Z",
  keyType: "org-auth-token",
  organization: "acme",
  tokenId: "42",
  tokenLastCharacters: "x9Qz",
  action: "failed",
  hint: "grant org:write",
};

/** A loopback receiver answering each post with the next of `answers` (then 200). */
async function scriptedReceiver(answers: (number | "hang")[]) {
  let attempts = 0;
  const server = http.createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      const answer = answers[attempts++] ?? 200;
      if (answer === "hang") return; // never answers: the attempt times out
      res.writeHead(answer).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    attempts: () => attempts,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const post = (url: string, warnings: string[], more = {}) =>
  postWebhook(webhookBody(event), {
    webhookUrl: url,
    webhookBackoffMs: 5,
    // Long enough for any answer on a busy machine: only the "hang" attempt may time out.
    webhookTimeoutMs: 2000,
    warn: (m) => warnings.push(m),
    ...more,
  });

describe("audit webhook retries", () => {
  it("retries a rate limit (429) and a receiver that does not answer in time", async () => {
    const receiver = await scriptedReceiver([429, "hang", 200]);
    try {
      const warnings: string[] = [];
      assert.equal(await post(receiver.url, warnings), true);
      assert.equal(receiver.attempts(), 3);
      assert.deepEqual(warnings, []);
    } finally {
      await receiver.close();
    }
  });

  it("does not retry a refusal (4xx): the request itself is wrong, and says so without the URL", async () => {
    const receiver = await scriptedReceiver([404]);
    try {
      const warnings: string[] = [];
      assert.equal(await post(receiver.url, warnings), false);
      assert.equal(receiver.attempts(), 1);
      assert.equal(warnings.length, 1);
      assert.match(warnings[0] ?? "", /after 1 attempt\(s\)/);
      assert.ok(!warnings[0]?.includes(receiver.url));
    } finally {
      await receiver.close();
    }
  });

  it("gives up on a receiver that is down after the configured attempts, without throwing", async () => {
    const receiver = await scriptedReceiver([]);
    await receiver.close(); // nothing listens on the port any more
    const warnings: string[] = [];
    const started = Date.now();
    assert.equal(await post(receiver.url, warnings, { webhookAttempts: 3 }), false);
    assert.ok(Date.now() - started < 5_000, "backoff doubles from the configured base");
    assert.match(warnings.join("\n"), /did not accept an event after 3 attempt\(s\)/);
  });
});
