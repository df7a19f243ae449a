/** The allowed-domains check every ingest endpoint applies before it accepts anything. */
import type { SandboxContext } from "./context";
import { ApiError, DETAIL } from "./errors";
import { isAllowedOrigin, requestOrigin } from "./origins";
import { effectiveSecurity } from "./project-settings";

/**
 * Relay's origin check: the request's Origin (else Referer) must match the project's allowed
 * domains, or the whole request is refused with 403. A request with neither header passes.
 */
export function refuseForeignOrigin(
  ctx: SandboxContext,
  projectId: number,
  header: (name: string) => string | undefined,
): void {
  const project = ctx.store.state.projects.find((p) => p.id === projectId);
  const { allowedDomains } = effectiveSecurity(project?.security);
  const origin = requestOrigin({ origin: header("origin"), referer: header("referer") });
  if (!isAllowedOrigin(origin, allowedDomains)) {
    throw new ApiError(403, { detail: DETAIL.ingestRejectedOrigin });
  }
}
