import {
  changedFields,
  fieldsOfClass,
  type DiffClasses,
  type DiffDecision,
} from "../../diff-helpers";
import { describeChanges, differingSettings, settingsInState } from "./settings";
import type { ProjectSecurityInputs, ProjectSecurityOutputs } from "./types";

/** How a change of each ProjectSecurity input is applied. */
export const PROJECT_SECURITY_DIFF_CLASSES = {
  organization: "replace",
  project: "replace",
  // Each stated setting is compared with what Sentry held at the last apply or refresh, so a
  // change made in Sentry's UI (drift) shows as an update too: see diffProjectSecurity.
  allowedDomains: "own-rule",
  scrapeJavaScript: "own-rule",
  securityToken: "own-rule",
  securityTokenHeader: "own-rule",
  verifySSL: "own-rule",
  scrubIPAddresses: "own-rule",
  onDelete: "update",
} as const satisfies DiffClasses<ProjectSecurityInputs, "auditUrn">;

const REPLACE_FIELDS = fieldsOfClass(PROJECT_SECURITY_DIFF_CLASSES, "replace");
const UPDATE_FIELDS = fieldsOfClass(PROJECT_SECURITY_DIFF_CLASSES, "update");

/**
 * Decides what a ProjectSecurity needs: another project (replace), the stated settings Sentry
 * does not hold (update), or nothing. Settings the program does not state are never compared.
 * Pure and offline: `pulumi refresh` (or `up --refresh`) brings Sentry's values into the state.
 */
export function diffProjectSecurity(
  olds: ProjectSecurityOutputs,
  news: ProjectSecurityInputs,
): DiffDecision {
  const replace = changedFields({ ...olds }, { ...news }, REPLACE_FIELDS);
  const settings = olds.current ? differingSettings(news, settingsInState(olds)) : [];
  const stateOnly = changedFields({ ...olds }, { ...news }, UPDATE_FIELDS);
  const reasons = [
    ...replace.map(
      (field) =>
        `${field} changed: the settings are applied to ${news.organization}/${news.project}; ${olds.organization}/${olds.project} is left as onDelete says (${olds.onDelete})`,
    ),
    ...(settings.length > 0
      ? [
          `Sentry's settings differ from the program: ${describeChanges(settings, settingsInState(olds), news)}`,
        ]
      : []),
    ...(stateOnly.length > 0 ? [`updated in place: ${stateOnly.join(", ")}`] : []),
  ];
  return {
    changes: replace.length > 0 || settings.length > 0 || stateOnly.length > 0,
    replaces: replace,
    reasons,
  };
}
