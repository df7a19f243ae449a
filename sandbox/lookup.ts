/** Finding organizations, projects and keys by the id-or-slug forms the API paths use. */
import { notFound } from "./errors";
import type { ClientKeyRecord, OrganizationRecord, ProjectRecord, SandboxState } from "./state";

const matches = (record: { id: number; slug: string }, idOrSlug: string): boolean =>
  record.slug === idOrSlug || String(record.id) === idOrSlug;

/** The organization named by slug or numeric id; 404 when there is none. */
export function findOrganization(state: SandboxState, idOrSlug: string): OrganizationRecord {
  const org = state.organizations.find((o) => matches(o, idOrSlug));
  if (!org) throw notFound();
  return org;
}

/** The project of `org` named by slug or numeric id; 404 when there is none. */
export function findProject(
  state: SandboxState,
  org: OrganizationRecord,
  idOrSlug: string,
): ProjectRecord {
  const project = state.projects.find((p) => p.organizationId === org.id && matches(p, idOrSlug));
  if (!project) throw notFound();
  return project;
}

/** The key of `project` whose public key is `keyId`; 404 when there is none. */
export function findKey(
  state: SandboxState,
  project: ProjectRecord,
  keyId: string,
): ClientKeyRecord {
  const key = state.clientKeys.find((k) => k.projectId === project.id && k.public === keyId);
  if (!key) throw notFound();
  return key;
}

/** Keys newest first (Sentry orders by `-id`), optionally filtered by `status`. */
export function keysNewestFirst(
  keys: readonly ClientKeyRecord[],
  status: string | null,
): ClientKeyRecord[] {
  const sorted = [...keys].sort((a, b) => b.seq - a.seq);
  if (status === null || status === "") return sorted;
  if (status === "active" || status === "inactive")
    return sorted.filter((k) => k.status === status);
  return []; // Sentry answers an unknown status with an empty list
}
