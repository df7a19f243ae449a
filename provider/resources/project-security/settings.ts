/**
 * Pure helpers over a project's security settings: which stated ones differ from Sentry's, the
 * update that fixes them, how to describe them without the token, and the resource state.
 */
import { isDeepStrictEqual } from "node:util";
import type { ProjectDetails, UpdateProjectSecurityBody } from "../../sentry";
import { containsUnknown } from "../../unknown";
import type {
  CurrentSettings,
  ManagedSettings,
  PreviousSettings,
  ProjectSecurityInputs,
  ProjectSecurityOutputs,
} from "./types";

/** Every setting a ProjectSecurity can state, in the order messages list them. */
export const SETTING_FIELDS = [
  "allowedDomains",
  "scrapeJavaScript",
  "securityToken",
  "securityTokenHeader",
  "verifySSL",
  "scrubIPAddresses",
] as const satisfies ReadonlyArray<keyof ManagedSettings>;

/** One setting's name. */
export type SettingField = (typeof SETTING_FIELDS)[number];

/** Some settings' values, stated or Sentry's. */
export type SettingValues = Partial<Record<SettingField, unknown>>;

/** Sentry's settings as one record, token included. */
export type SentrySettings = PreviousSettings;

/** An origin pattern as Sentry stores it: trimmed, lower-case, no trailing "/". */
export function normalizeOriginPattern(pattern: string): string {
  return pattern
    .trim()
    .toLowerCase()
    .replace(/(?<!\/)\/$/, "");
}

/** Whether a stated value equals Sentry's (domains compared as a set of normalized patterns). */
export function sameSetting(field: SettingField, stated: unknown, sentry: unknown): boolean {
  if (field === "allowedDomains" && Array.isArray(stated) && Array.isArray(sentry)) {
    const norm = (list: unknown[]) =>
      [...new Set(list.map((p) => normalizeOriginPattern(String(p))))].sort();
    return isDeepStrictEqual(norm(stated), norm(sentry));
  }
  return isDeepStrictEqual(stated, sentry);
}

/** The settings `stated` names whose value differs from Sentry's (an unknown value differs). */
export function differingSettings(
  stated: Partial<ManagedSettings>,
  sentry: SentrySettings,
): SettingField[] {
  return SETTING_FIELDS.filter(
    (field) =>
      stated[field] !== undefined &&
      (containsUnknown(stated[field]) || !sameSetting(field, stated[field], sentry[field])),
  );
}

/** The PUT body that sets `fields` to their stated values. */
export function securityPatch(
  stated: SettingValues,
  fields: readonly SettingField[],
): UpdateProjectSecurityBody {
  return Object.fromEntries(
    fields.map((field) => [field, stated[field]]),
  ) as UpdateProjectSecurityBody;
}

/** `field: Sentry's value → stated value` for each field; the token's values are never shown. */
export function describeChanges(
  fields: readonly SettingField[],
  from: SettingValues,
  to: SettingValues,
): string {
  return fields
    .map((field) =>
      field === "securityToken"
        ? "securityToken (values not shown)"
        : `${field} ${JSON.stringify(from[field] ?? null)} → ${JSON.stringify(to[field] ?? null)}`,
    )
    .join("; ");
}

/** Sentry's settings from a project's details. */
export function settingsOf(details: ProjectDetails): SentrySettings {
  return {
    allowedDomains: [...details.allowedDomains],
    scrapeJavaScript: details.scrapeJavaScript,
    securityToken: details.securityToken,
    securityTokenHeader: details.securityTokenHeader,
    verifySSL: details.verifySSL,
    scrubIPAddresses: details.scrubIPAddresses,
  };
}

/** Sentry's settings from the state, token included. */
export function settingsInState(olds: ProjectSecurityOutputs): SentrySettings {
  return { ...olds.current, securityToken: olds.currentSecurityToken };
}

/** The resource state from the inputs and the project as Sentry answered. Pure. */
export function projectSecurityOutputs(
  inputs: ProjectSecurityInputs,
  details: ProjectDetails,
  previous: PreviousSettings,
): ProjectSecurityOutputs {
  const { securityToken, ...current } = settingsOf(details);
  return {
    ...inputs,
    projectId: details.id,
    current: current satisfies CurrentSettings,
    currentSecurityToken: securityToken,
    previous,
  };
}

/** The resource id: `<organization>/<project>`, also what `ProjectSecurity.get` takes. */
export function projectSecurityId(organization: string, project: string): string {
  return `${organization}/${project}`;
}

/** Splits an `<organization>/<project>` id, or explains the expected form. */
export function parseProjectSecurityId(id: string): { organization: string; project: string } {
  const parts = id.split("/");
  if (parts.length !== 2 || parts.some((part) => part.trim() === "")) {
    throw new Error(
      `"${id}" is not a project security id: expected "<organization>/<project>", such as "acme/web" (slugs as in the project's URL).`,
    );
  }
  const [organization, project] = parts as [string, string];
  return { organization, project };
}
