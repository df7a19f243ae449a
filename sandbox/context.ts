/** The types route handlers share: the parsed request, the response they return, the sandbox parts. */
import type { IncomingHttpHeaders } from "node:http";
import type { Principal } from "./auth";
import type { FaultBook } from "./faults";
import type { Journal } from "./journal";
import type { KeyUsage } from "./key-usage";
import type { KeyQuotas, RateLimiter } from "./rate-limit";
import type { Store } from "./store";

/** A request as handlers see it: body read, URL parsed against the sandbox base URL. */
export interface ApiRequest {
  method: string;
  url: URL;
  headers: IncomingHttpHeaders;
  body: Buffer;
  params: Record<string, string>;
  /** The authenticated caller of an API route (null when no credentials were sent). */
  principal: Principal | null;
}

/** What a handler answers; the server writes it (JSON body, or none for 204). */
export interface ApiResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/** The sandbox's moving parts, shared by all handlers. */
export interface SandboxContext {
  store: Store;
  journal: Journal;
  faults: FaultBook;
  limiter: RateLimiter;
  keyQuotas: KeyQuotas;
  /** Error events per key and minute, for the key stats endpoint. */
  keyUsage: KeyUsage;
  /** "http://127.0.0.1:PORT": what DSNs and Link headers point at. */
  baseUrl: string;
  defaultPerPage: number;
  now(): Date;
}

/** A route handler. */
export type Handler = (req: ApiRequest, ctx: SandboxContext) => ApiResponse | Promise<ApiResponse>;

/** One route: a method and a path pattern whose named groups become `params`. */
export interface Route {
  method: "GET" | "POST" | "PUT" | "DELETE";
  pattern: RegExp;
  handler: Handler;
}
