/** A tiny route table: first pattern that matches the path wins; 405 when only the method differs. */
import type { Handler, Route } from "./context";

/** The result of looking a request up. */
export type RouteMatch =
  | { kind: "found"; handler: Handler; params: Record<string, string> }
  | { kind: "method-not-allowed" }
  | { kind: "not-found" };

/** Builds a pattern from a path template like "/api/0/projects/:org/:project/keys/". */
export function pathPattern(template: string): RegExp {
  const source = template
    .split("/")
    .map((part) =>
      part.startsWith(":")
        ? `(?<${part.slice(1)}>[^/]+)`
        : part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"),
    )
    .join("/");
  return new RegExp(`^${source}$`);
}

/** Finds the route for `method` and `path`. */
export function matchRoute(routes: readonly Route[], method: string, path: string): RouteMatch {
  let pathKnown = false;
  for (const route of routes) {
    const match = route.pattern.exec(path);
    if (!match) continue;
    pathKnown = true;
    if (route.method !== method) continue;
    const params: Record<string, string> = {};
    try {
      for (const [name, value] of Object.entries(match.groups ?? {}))
        params[name] = decodeURIComponent(value);
    } catch {
      return { kind: "not-found" }; // a malformed %-escape names nothing
    }
    return { kind: "found", handler: route.handler, params };
  }
  return pathKnown ? { kind: "method-not-allowed" } : { kind: "not-found" };
}
