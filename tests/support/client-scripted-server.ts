/**
 * A tiny scripted HTTP server on loopback for client behaviour the sandbox cannot produce
 * (Retry-After, HTML error pages, redirects, foreign Link URLs): each request gets the next reply
 * of the script; every request is recorded with its headers and arrival time.
 */
import * as http from "node:http";
import type { AddressInfo } from "node:net";

/** One scripted answer. */
export interface ScriptedReply {
  status?: number;
  headers?: Record<string, string>;
  /** Raw body; objects are sent as JSON. */
  body?: unknown;
  /** Destroy the socket instead of answering. */
  reset?: boolean;
}

/** One request the server received. */
export interface ReceivedRequest {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  atMs: number;
}

/** A running scripted server. */
export interface ScriptedServer {
  url: string;
  received: ReceivedRequest[];
  close(): Promise<void>;
}

/** Starts a server answering with `script` in order (the last reply repeats). */
export async function startScriptedServer(
  script: ScriptedReply[] | ((request: ReceivedRequest, index: number) => ScriptedReply),
): Promise<ScriptedServer> {
  const received: ReceivedRequest[] = [];
  const server = http.createServer((req, res) => {
    const request: ReceivedRequest = {
      method: req.method ?? "GET",
      url: req.url ?? "/",
      headers: req.headers,
      atMs: Date.now(),
    };
    received.push(request);
    const index = received.length - 1;
    const reply =
      typeof script === "function"
        ? script(request, index)
        : script[Math.min(index, script.length - 1)]!;
    req.resume();
    if (reply.reset) {
      req.socket.destroy();
      return;
    }
    const text =
      reply.body === undefined
        ? ""
        : typeof reply.body === "string"
          ? reply.body
          : JSON.stringify(reply.body);
    res.writeHead(reply.status ?? 200, {
      ...(typeof reply.body === "object" ? { "Content-Type": "application/json" } : {}),
      ...reply.headers,
    });
    res.end(text);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
