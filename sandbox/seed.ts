/** Seeding: the organization, project and admin token the JSON line reports, created when missing. */
import { USER_SCOPES } from "./auth";
import { hashToken, newUserToken } from "./ids";
import type { OrganizationRecord, ProjectRecord, SandboxState } from "./state";
import type { Store } from "./store";

/** Default seeds for a fresh data file. */
export const DEFAULT_ORGANIZATION = "sandbox-org";
/** Default project slug. */
export const DEFAULT_PROJECT = "sandbox-project";

/** What the sandbox was seeded with. */
export interface SeedResult {
  organization: OrganizationRecord;
  project: ProjectRecord;
  token: string;
}

/** Creates a project in `org` (ids increase; the default loader version is Sentry's "7.x"). */
export function createProject(
  state: SandboxState,
  org: OrganizationRecord,
  slug: string,
  now: Date,
): ProjectRecord {
  const project: ProjectRecord = {
    id: state.nextId.project++,
    slug,
    name: slug,
    organizationId: org.id,
    defaultLoaderVersion: "7.x",
    dateCreated: now.toISOString(),
  };
  state.projects.push(project);
  return project;
}

/** Adds a user token with `scopes`; the state keeps only its hash. */
export function addUserToken(
  state: SandboxState,
  token: string,
  scopes: readonly string[],
  now: Date,
): void {
  state.userTokens.push({
    id: state.nextId.userToken++,
    scopes: [...scopes],
    tokenHashed: hashToken(token),
    tokenLastCharacters: token.slice(-4),
    dateCreated: now.toISOString(),
  });
}

/**
 * Makes sure the seeded organization, project and admin token exist. Explicit options win over
 * what the data file remembers; the data file wins over the defaults.
 */
export function applySeed(
  store: Store,
  wanted: { organization?: string; project?: string; token?: string },
  now: Date,
): SeedResult {
  return store.mutate((state) => {
    const orgSlug = wanted.organization ?? (state.seed.organization || DEFAULT_ORGANIZATION);
    const projectSlug = wanted.project ?? (state.seed.project || DEFAULT_PROJECT);
    const token = wanted.token ?? (state.seed.adminToken || newUserToken());
    let organization = state.organizations.find((o) => o.slug === orgSlug);
    if (!organization) {
      organization = {
        id: state.nextId.organization++,
        slug: orgSlug,
        name: orgSlug,
        dateCreated: now.toISOString(),
      };
      state.organizations.push(organization);
    }
    const orgId = organization.id;
    const project =
      state.projects.find((p) => p.organizationId === orgId && p.slug === projectSlug) ??
      createProject(state, organization, projectSlug, now);
    const hashed = hashToken(token);
    const existing = state.userTokens.find((t) => t.tokenHashed === hashed);
    if (existing) existing.scopes = [...USER_SCOPES];
    else addUserToken(state, token, USER_SCOPES, now);
    state.seed = { organization: orgSlug, project: projectSlug, adminToken: token };
    return { organization, project, token };
  });
}
