/** A loopback HTTP server that records webhook posts and fails the first `failFirst` of them. */
import * as http from "node:http";
import type { AddressInfo } from "node:net";

/** A running receiver. */
export interface WebhookReceiver {
  url: string;
  /** Bodies of the posts it accepted (200), parsed. */
  accepted: unknown[];
  /** How many posts arrived in all, failed ones included. */
  attempts(): number;
  close(): Promise<void>;
}

/** Starts a receiver; the first `failFirst` posts get 503. */
export async function startWebhookReceiver(failFirst = 0): Promise<WebhookReceiver> {
  const accepted: unknown[] = [];
  let attempts = 0;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      attempts++;
      if (attempts <= failFirst) {
        res.writeHead(503).end("busy");
        return;
      }
      accepted.push(JSON.parse(Buffer.concat(chunks).toString("utf8")));
      res.writeHead(200).end("ok");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    accepted,
    attempts: () => attempts,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
