/**
 * The Sentry-side life of one client key, shared by ClientKey and ClientKeyPair, composed from the
 * lifecycle every key kind follows (provider/lifecycle): create once, confirm, finish, retire, verify.
 */
import { randomBytes } from "node:crypto";
import { isDeepStrictEqual } from "node:util";
import type { AuditReason } from "../../audit/event";
import { clientKeySubject, type AuditSubject } from "../../audit/subject";
import { createOnce } from "../../lifecycle/create-once";
import { provision } from "../../lifecycle/provision";
import { retire } from "../../lifecycle/retire";
import { UnconfirmedCreateError, type KeptState } from "../../lifecycle/unconfirmed";
import type { ProviderContext } from "../../runtime/context";
import type { ProjectKey, SentryClient, UpdateClientKeyBody } from "../../sentry";
import { isNotFound } from "../../sentry/outcome";
import type { ClientKeyInputs, LoaderOptions, OnReplace } from "./types";

/** Where a key lives. */
export interface KeyLocation {
  organization: string;
  project: string;
  keyId: string;
}

/** The key, or undefined when Sentry answers 404. */
export async function findKey(
  client: SentryClient,
  { organization, project, keyId }: KeyLocation,
): Promise<ProjectKey | undefined> {
  try {
    return await client.clientKeys.get(organization, project, keyId);
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
}

/** An existing key to take over, or an error saying how to fix `existingKeyId`. */
export async function adoptKey(client: SentryClient, where: KeyLocation): Promise<ProjectKey> {
  const key = await findKey(client, where);
  if (!key) {
    throw new Error(
      `existingKeyId: no key ${where.keyId} in ${where.organization}/${where.project}; check the id (the part before "@" in the DSN) and the project, or remove existingKeyId to create a new key.`,
    );
  }
  return key;
}

/**
 * Creates a key with an id chosen here (or given), so that a create whose response was lost is
 * recognised by id and adopted instead of being made twice; throws UnconfirmedCreateError (with
 * that id) when it cannot be told.
 */
export async function createKeyOnce(
  client: SentryClient,
  inputs: Pick<ClientKeyInputs, "organization" | "project" | "name" | "rateLimit">,
  keyId: string = randomBytes(16).toString("hex"),
): Promise<ProjectKey> {
  const where = { organization: inputs.organization, project: inputs.project, keyId };
  const body = {
    name: inputs.name,
    ...(inputs.rateLimit ? { rateLimit: inputs.rateLimit } : {}),
    public: keyId,
  };
  return createOnce({
    create: () => client.clientKeys.create(inputs.organization, inputs.project, body),
    reconcile: (failure) =>
      findKey(client, where).catch(() => {
        throw new UnconfirmedCreateError(keyId, failure);
      }),
  });
}

/** What a new client key is for, and what the engine keeps when making it goes wrong. */
export interface KeyProvisioning {
  /** Why it is made (audit). */
  reason: AuditReason;
  /** The audit detail of its verification. */
  verified?(key: ProjectKey): string | undefined;
  /** The state that lets the next run find or make the key `keyId` Sentry never confirmed. */
  unconfirmed(keyId: string): KeptState;
  /** The state of the made key whose settings are not all applied. */
  unfinished(key: ProjectKey): KeptState;
}

/**
 * Creates (or adopts, with `existingKeyId`) a key and applies the settings Sentry does not take on
 * create, each step audited. The one path by which every client key comes to life.
 */
export async function provisionKey(
  ctx: ProviderContext,
  inputs: ClientKeyInputs,
  how: KeyProvisioning,
): Promise<ProjectKey> {
  const { organization, project, existingKeyId } = inputs;
  const client = ctx.client();
  return provision(ctx, {
    make: () =>
      existingKeyId
        ? adoptKey(client, { organization, project, keyId: existingKeyId })
        : createKeyOnce(client, inputs),
    adopts: existingKeyId !== undefined,
    reason: how.reason,
    subject: (key) => clientKeySubject(inputs, key.id),
    finish: (key) => finishKey(ctx, inputs, key),
    verified: (key) => how.verified?.(key),
    unconfirmed: (err) => how.unconfirmed(err.keyId ?? ""),
    unfinished: how.unfinished,
  });
}

/**
 * A key whose create Sentry never confirmed, on the next run: the key found under its id, or made
 * under it, then finished.
 */
export async function confirmKey(
  ctx: ProviderContext,
  inputs: ClientKeyInputs,
  keyId: string,
): Promise<ProjectKey> {
  const client = ctx.client();
  const where = { organization: inputs.organization, project: inputs.project, keyId };
  const key = (await findKey(client, where)) ?? (await createKeyOnce(client, inputs, keyId));
  return finishKey(ctx, inputs, key);
}

/** Applies what Sentry does not take on create (activation, loader version and options). */
export async function finishKey(
  ctx: ProviderContext,
  inputs: ClientKeyInputs,
  key: ProjectKey,
): Promise<ProjectKey> {
  const client = ctx.client();
  const patch: UpdateClientKeyBody = {};
  if (inputs.isActive !== key.isActive) patch.isActive = inputs.isActive;
  if (inputs.browserSdkVersion && inputs.browserSdkVersion !== key.browserSdkVersion) {
    patch.browserSdkVersion = inputs.browserSdkVersion;
  }
  const options = inputs.dynamicSdkLoaderOptions;
  if (options && !isDeepStrictEqual(options, pickLoaderOptions(key, options))) {
    patch.dynamicSdkLoaderOptions = options;
  }
  // The key in hand is Sentry's own answer (to the create, or a lookup): a read-back would only
  // add a call, and a failure of it would report a key that exists as half-made.
  const finished =
    Object.keys(patch).length > 0
      ? await client.clientKeys.update(inputs.organization, inputs.project, key.id, patch, key)
      : key;
  warnIfIgnored(ctx, inputs, finished);
  return finished;
}

/**
 * Deletes or deactivates a key (a key already gone counts as done), then returns only once Sentry
 * confirms it is gone or inactive. Both steps go to the audit trail.
 */
export async function retireKey(
  ctx: ProviderContext,
  where: KeyLocation,
  mode: OnReplace,
  audit: { subject: AuditSubject; reason: AuditReason; detail?: string },
): Promise<void> {
  const client = ctx.client();
  const { organization, project, keyId } = where;
  const deactivate = mode === "deactivate";
  await retire(ctx, {
    subject: { ...audit.subject, organization, project, keyId },
    action: deactivate ? "deactivated" : "deleted",
    reason: audit.reason,
    ...(audit.detail ? { detail: audit.detail } : {}),
    remove: async () => {
      if (deactivate) {
        await client.clientKeys.update(organization, project, keyId, { isActive: false });
      } else {
        await client.clientKeys.delete(organization, project, keyId);
      }
    },
    retiredAs: async () => {
      const key = await findKey(client, where);
      if (!key) return "Sentry no longer knows it";
      return deactivate && !key.isActive
        ? "Sentry reports it inactive: events sent with it are refused"
        : undefined;
    },
    stillAlive: `client key ${keyId} in ${organization}/${project} is still ${deactivate ? "active after deactivation" : "present after deletion"}; check it in Sentry (Project Settings > Client Keys) and run \`pulumi up\` again.`,
  });
}

/** Sentry's loader options, limited to the flags the user set (the others are Sentry's business). */
export function pickLoaderOptions(key: ProjectKey, wanted: LoaderOptions): LoaderOptions {
  const actual: Partial<Record<string, boolean>> = { ...key.dynamicSdkLoaderOptions };
  return Object.fromEntries(Object.keys(wanted).map((flag) => [flag, actual[flag] ?? false]));
}

// Sentry stores a key's rate limit only with the projects:rate-limits feature; say so rather than drift.
function warnIfIgnored(ctx: ProviderContext, inputs: ClientKeyInputs, key: ProjectKey): void {
  if (inputs.rateLimit && !key.rateLimit) {
    ctx.log(
      `warning: Sentry did not store the rate limit of key ${key.id} (the organization may lack the rate-limits feature)`,
    );
  }
}
