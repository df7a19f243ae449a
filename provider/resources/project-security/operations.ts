import { projectSecuritySubject } from "../../audit/subject";
import { type ProviderContext } from "../../runtime/context";
import { isNotFound } from "../../sentry/outcome";
import {
  describeChanges,
  differingSettings,
  parseProjectSecurityId,
  projectSecurityId,
  projectSecurityOutputs,
  securityPatch,
  settingsInState,
  settingsOf,
  SETTING_FIELDS,
  type SettingField,
} from "./settings";
import type { ManagedSettings, ProjectSecurityInputs, ProjectSecurityOutputs } from "./types";

/** Reads the project, remembers its settings for `onDelete: "restore"`, applies the stated ones. */
export async function createProjectSecurity(
  ctx: ProviderContext,
  inputs: ProjectSecurityInputs,
): Promise<{ id: string; outs: ProjectSecurityOutputs }> {
  const { organization, project } = inputs;
  const client = ctx.client();
  const before = await client.projects.get(organization, project);
  const previous = settingsOf(before);
  const fields = differingSettings(inputs, previous);
  const after =
    fields.length > 0
      ? await client.projects.updateSecurity(organization, project, securityPatch(inputs, fields))
      : before;
  await ctx.audit.record({
    ...projectSecuritySubject(inputs),
    action: "settings-changed",
    reason: "new",
    detail: fields.length > 0 ? describeChanges(fields, previous, inputs) : "already as stated",
  });
  return {
    id: projectSecurityId(organization, project),
    outs: projectSecurityOutputs(inputs, after, previous),
  };
}

/**
 * Sets the stated settings Sentry does not hold. The reason is `drift` when the program still
 * states what it stated before (someone changed Sentry), `manual` when the program changed.
 */
export async function updateProjectSecurity(
  ctx: ProviderContext,
  id: string,
  olds: ProjectSecurityOutputs,
  news: ProjectSecurityInputs,
): Promise<ProjectSecurityOutputs> {
  const { organization, project } = parseProjectSecurityId(id);
  const client = ctx.client();
  const sentry = settingsInState(olds);
  const fields = differingSettings(news, sentry);
  if (fields.length === 0) return { ...olds, ...news };
  const after = await client.projects.updateSecurity(
    organization,
    project,
    securityPatch(news, fields),
  );
  const restated = fields.every((field) => sameStated(field, olds, news));
  await ctx.audit.record({
    ...projectSecuritySubject(news),
    action: "settings-changed",
    reason: restated ? "drift" : "manual",
    detail: describeChanges(fields, sentry, news),
  });
  return projectSecurityOutputs(news, after, olds.previous);
}

/**
 * Reads Sentry's settings: for `pulumi refresh` (a drift is recorded in the audit trail and the
 * next `up` sets the stated values again), and for `ProjectSecurity.get` (read-only adoption: the
 * settings as they are, nothing changed). A project deleted out of band drops from state.
 */
export async function readProjectSecurity(
  ctx: ProviderContext,
  id: string,
  props: Partial<ProjectSecurityOutputs>,
): Promise<{ id?: string; props?: ProjectSecurityOutputs; inputs?: ProjectSecurityInputs }> {
  const { organization, project } = parseProjectSecurityId(id);
  const managed = props.current !== undefined;
  let details;
  try {
    details = await ctx.client().projects.get(organization, project);
  } catch (err) {
    if (!(managed && isNotFound(err))) throw err;
    ctx.log(
      `project ${organization}/${project} no longer exists: dropping its security settings from state`,
    );
    return { id: "" };
  }
  const sentry = settingsOf(details);
  const inputs: ProjectSecurityInputs = managed
    ? statedInputs(props, organization, project)
    : adoptedInputs(sentry, organization, project, props);
  if (managed) {
    const drifted = differingSettings(inputs, sentry);
    if (drifted.length > 0) {
      await ctx.audit.record({
        ...projectSecuritySubject(inputs),
        action: "drift-detected",
        reason: "drift",
        detail: `changed outside the program: ${describeChanges(drifted, inputs, sentry)}`,
        hint: "the next `pulumi up` sets the stated values again; change the program to keep Sentry's",
      });
    }
  }
  return {
    id,
    props: projectSecurityOutputs(inputs, details, props.previous ?? sentry),
    inputs,
  };
}

/** Keeps the settings (`onDelete: "keep"`), or puts back what the project had before. */
export async function deleteProjectSecurity(
  ctx: ProviderContext,
  id: string,
  props: Partial<ProjectSecurityOutputs>,
): Promise<void> {
  const { organization, project } = parseProjectSecurityId(id);
  const subject = projectSecuritySubject({ ...props, organization, project });
  if (props.onDelete !== "restore" || !props.previous) {
    await ctx.audit.record({
      ...subject,
      action: "released",
      detail: "no longer managed; the settings stay as they are in Sentry (onDelete: keep)",
    });
    return;
  }
  const fields = SETTING_FIELDS.filter((field) => props[field] !== undefined);
  const previous = props.previous;
  const patch = securityPatch(previous, fields);
  try {
    await ctx.client().projects.updateSecurity(organization, project, patch);
  } catch (err) {
    if (!isNotFound(err)) throw err;
    ctx.log(`project ${organization}/${project} no longer exists: nothing to restore`);
    return;
  }
  await ctx.audit.record({
    ...subject,
    action: "settings-restored",
    detail: describeChanges(fields, props.current ?? {}, previous),
  });
}

function sameStated(
  field: SettingField,
  olds: ProjectSecurityOutputs,
  news: ProjectSecurityInputs,
) {
  return JSON.stringify(olds[field]) === JSON.stringify(news[field]);
}

function statedInputs(
  props: Partial<ProjectSecurityOutputs>,
  organization: string,
  project: string,
): ProjectSecurityInputs {
  const stated = Object.fromEntries(
    SETTING_FIELDS.filter((field) => props[field] !== undefined).map((f) => [f, props[f]]),
  ) as Partial<ManagedSettings>;
  return {
    organization,
    project,
    allowedDomains: props.allowedDomains ?? [],
    ...stated,
    onDelete: props.onDelete ?? "keep",
    ...(props.auditUrn ? { auditUrn: props.auditUrn } : {}),
  };
}

// A read-only adoption states what Sentry holds (the token stays only in currentSecurityToken).
function adoptedInputs(
  sentry: ReturnType<typeof settingsOf>,
  organization: string,
  project: string,
  props: Partial<ProjectSecurityOutputs>,
): ProjectSecurityInputs {
  return {
    organization,
    project,
    allowedDomains: sentry.allowedDomains,
    scrapeJavaScript: sentry.scrapeJavaScript,
    ...(sentry.securityTokenHeader === null
      ? {}
      : { securityTokenHeader: sentry.securityTokenHeader }),
    verifySSL: sentry.verifySSL,
    scrubIPAddresses: sentry.scrubIPAddresses,
    onDelete: props.onDelete ?? "keep",
    ...(props.auditUrn ? { auditUrn: props.auditUrn } : {}),
  };
}
