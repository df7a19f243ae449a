/**
 * An HTTP proxy on loopback in front of the sandbox that counts the requests in flight through it
 * and holds them at a gate: held requests go on together once `batch` of them wait (or once
 * `total` requests have arrived). Overlap is thus made, not hoped for, so a concurrency test
 * sees exactly the client's cap whatever the machine's speed.
 */
import * as http from "node:http";
import type { AddressInfo } from "node:net";

/** A running gated proxy. */
export interface GatedProxy {
  url: string;
  /** Most requests in flight at once (arrived, not yet answered). */
  readonly maxInFlight: number;
  /** Requests that arrived. */
  readonly arrived: number;
  /** Arms the gate for the next `total` requests, released `batch` at a time; resets the counts. */
  gate(batch: number, total: number): void;
  close(): Promise<void>;
}

/** Starts a proxy to `target` ("http://127.0.0.1:PORT"). */
export async function startGatedProxy(target: string): Promise<GatedProxy> {
  let inFlight = 0;
  let maxInFlight = 0;
  let arrived = 0;
  let batch = 1;
  let total = Infinity;
  let held: Array<() => void> = [];
  const release = (): void => {
    const going = held;
    held = [];
    for (const go of going) go();
  };
  const server = http.createServer((req, res) => {
    arrived += 1;
    inFlight += 1;
    maxInFlight = Math.max(maxInFlight, inFlight);
    res.on("close", () => (inFlight -= 1));
    held.push(() => {
      const upstream = http.request(
        `${target}${req.url ?? "/"}`,
        { method: req.method, headers: req.headers, agent: false },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      upstream.on("error", () => res.destroy());
      req.pipe(upstream);
    });
    if (held.length >= batch || arrived >= total) release();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    get maxInFlight() {
      return maxInFlight;
    },
    get arrived() {
      return arrived;
    },
    gate: (nextBatch, nextTotal) => {
      batch = nextBatch;
      total = nextTotal;
      arrived = 0;
      maxInFlight = 0;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        release();
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
