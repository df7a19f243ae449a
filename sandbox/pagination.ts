/**
 * Sentry's cursor pagination: `per_page` and `cursor` ("value:offset:is_prev") in, a `Link`
 * header with both `previous` and `next` (each with `results` and `cursor`) out.
 */
import { badRequest } from "./errors";

/** Sentry's page size when `per_page` is absent, and its maximum. */
export const DEFAULT_PER_PAGE = 100;
const MAX_PER_PAGE = 100;

/** Which slice of a list a request asks for. */
export interface PageRequest {
  perPage: number;
  offset: number;
}

/** Reads `per_page` and `cursor`; 400 with Sentry's messages when they are malformed. */
export function parsePageRequest(
  query: URLSearchParams,
  defaultPerPage = DEFAULT_PER_PAGE,
): PageRequest {
  const maxPerPage = Math.max(MAX_PER_PAGE, defaultPerPage);
  const rawPerPage = query.get("per_page");
  let perPage = defaultPerPage;
  if (rawPerPage !== null) {
    if (!/^\s*\d+\s*$/.test(rawPerPage) || Number(rawPerPage) < 1) {
      throw badRequest({ detail: "Invalid per_page parameter." });
    }
    perPage = Number(rawPerPage);
    if (perPage > maxPerPage) {
      throw badRequest({
        detail: `Invalid per_page parameter. Max allowed value is ${maxPerPage}.`,
      });
    }
  }
  const cursor = query.get("cursor");
  if (cursor === null || cursor === "") return { perPage, offset: 0 };
  const match = /^(-?\d+(?:\.\d+)?):(-?\d+):([01])$/.exec(cursor);
  if (!match) throw badRequest({ detail: "Invalid cursor parameter." });
  const offset = Number(match[2]);
  if (offset < 0) throw badRequest({ detail: "Pagination offset cannot be negative" });
  return { perPage, offset };
}

/** One page of `items` and the `Link` header describing its neighbours. */
export function paginate<T>(
  items: readonly T[],
  page: PageRequest,
  requestUrl: URL,
): { results: T[]; link: string } {
  const results = items.slice(page.offset, page.offset + page.perPage);
  const previous = {
    cursor: `0:${Math.max(0, page.offset - page.perPage)}:1`,
    results: page.offset > 0,
  };
  const next = {
    cursor: `0:${page.offset + page.perPage}:0`,
    results: page.offset + page.perPage < items.length,
  };
  const query = new URLSearchParams(requestUrl.searchParams);
  query.delete("cursor");
  const base = `${requestUrl.origin}${requestUrl.pathname}?${query.toString()}`;
  const link = (rel: string, c: { cursor: string; results: boolean }): string =>
    `<${base}&cursor=${c.cursor}>; rel="${rel}"; results="${c.results}"; cursor="${c.cursor}"`;
  return { results, link: `${link("previous", previous)}, ${link("next", next)}` };
}
