/**
 * Cursor pagination as an async iterator (octokit plugin-paginate-rest style) with Sentry's twist:
 * the `Link` header always carries both `rel="previous"` and `rel="next"`, and the last page is the
 * one whose next link says `results="false"`. The iterator re-requests the first path with the next
 * `cursor` rather than following the link's URL, so a Sentry behind a proxy that writes internal
 * host names into links still works and the token never goes to a host other than the base URL.
 */
import { SentryApiError } from "./errors";
import type { HeaderLookup } from "./retry-policy";

/** One entry of a `Link` header. */
export interface LinkEntry {
  /** Target URL. */
  url: string;
  /** `rel` parameter: "next", "previous", ... */
  rel?: string;
  /** Sentry's `results`: false when the page it points to is empty. */
  results?: boolean;
  /** Sentry's `cursor` for the page it points to. */
  cursor?: string;
  /** Every parameter, raw. */
  params: Record<string, string>;
}

const LINK_PATTERN = /<([^>]*)>((?:\s*;\s*[^;,]+)*)/g;
const PARAM_PATTERN = /;\s*([A-Za-z_][\w-]*)\s*=\s*(?:"([^"]*)"|([^;,\s]*))/g;

/** Parses an RFC 8288 `Link` header value as Sentry writes it. Pure; tolerant of junk. */
export function parseLinkHeader(value: string | undefined): LinkEntry[] {
  if (!value) return [];
  const entries: LinkEntry[] = [];
  for (const match of value.matchAll(LINK_PATTERN)) {
    const params: Record<string, string> = {};
    for (const param of (match[2] ?? "").matchAll(PARAM_PATTERN)) {
      params[param[1]!.toLowerCase()] = param[2] ?? param[3] ?? "";
    }
    const entry: LinkEntry = { url: match[1]!.trim(), params };
    if (params.rel !== undefined) entry.rel = params.rel;
    if (params.results !== undefined) entry.results = params.results.toLowerCase() === "true";
    if (params.cursor !== undefined) entry.cursor = params.cursor;
    entries.push(entry);
  }
  return entries;
}

/** The cursor of the next page, or undefined when this was the last page. Pure. */
export function nextCursor(links: readonly LinkEntry[]): string | undefined {
  const next = links.find((link) => link.rel === "next");
  if (!next || next.results === false) return undefined;
  if (next.cursor) return next.cursor;
  try {
    return new URL(next.url, "http://link.invalid").searchParams.get("cursor") ?? undefined;
  } catch {
    return undefined;
  }
}

/** Fetches one page of a list: the path is fixed, the query carries the cursor. */
export type PageFetcher = (
  path: string,
  query: Record<string, string | number | undefined>,
) => Promise<{ data: unknown; headers: HeaderLookup }>;

/** Hard stop against a server that never says results="false". */
export const MAX_PAGES = 10_000;

/**
 * Yields every item of every page, following `rel="next"` until `results="false"`. Throws
 * SentryApiError when a page is not an array or a cursor comes back twice (a loop).
 */
export async function* paginate<T>(
  fetchPage: PageFetcher,
  firstPath: string,
  params: Record<string, string | number | undefined> = {},
): AsyncGenerator<T, void, undefined> {
  const seen = new Set<string>();
  let cursor: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const query = cursor === undefined ? { ...params } : { ...params, cursor };
    const { data, headers } = await fetchPage(firstPath, query);
    if (!Array.isArray(data)) {
      throw new SentryApiError({
        method: "GET",
        path: firstPath,
        detail: "expected a JSON array page",
        hint: "check that SENTRY_URL points at Sentry's API",
      });
    }
    yield* data as T[];
    cursor = nextCursor(parseLinkHeader(headers.link));
    if (cursor === undefined) return;
    if (seen.has(cursor)) {
      throw new SentryApiError({
        method: "GET",
        path: firstPath,
        detail: `pagination loop: the server returned cursor ${cursor} twice`,
      });
    }
    seen.add(cursor);
  }
  throw new SentryApiError({
    method: "GET",
    path: firstPath,
    detail: `pagination did not end after ${MAX_PAGES} pages`,
  });
}
