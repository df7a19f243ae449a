/**
 * The Sentry-side life of one client key, shared by ClientKey and ClientKeyPair: create without
 * duplicates, finish its settings, find it, and retire it with proof that it is gone or inactive.
 */
import { randomBytes } from "node:crypto";
import { isDeepStrictEqual } from "node:util";
import type { AuditReason } from "../../audit/event";
import type { AuditSubject } from "../../audit/subject";
import { ProviderContext } from "../../runtime/context";
import { isNotFound, mayHaveBeenApplied } from "../../sentry-errors";
import type { ProjectKey, SentryClient, UpdateClientKeyBody } from "../../sentry";
import { ClientKeyInputs, LoaderOptions, OnReplace } from "./types";

const CREATE_ATTEMPTS = 3;
const VERIFY_ATTEMPTS = 5;
const VERIFY_DELAY_MS = 500;

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
 * A create Sentry may have applied, whose lookup failed too: the key may exist under `keyId`.
 * Whoever records the resource keeps that id, so the next run finds the key or makes it.
 */
export class UnconfirmedCreateError extends Error {
  constructor(
    readonly keyId: string,
    cause: unknown,
  ) {
    super(cause instanceof Error ? cause.message : String(cause));
    this.name = "UnconfirmedCreateError";
  }
}

/**
 * Creates a key with an id chosen here (or given), so that a create whose response was lost is
 * recognised by id and adopted instead of being made twice; throws UnconfirmedCreateError when
 * that cannot be told.
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
  for (let attempt = 1; ; attempt++) {
    try {
      return await client.clientKeys.create(inputs.organization, inputs.project, body);
    } catch (err) {
      if (!mayHaveBeenApplied(err)) throw err;
      // Even after the last attempt: find out whether it made the key before giving up.
      const existing = await findKey(client, where).catch(() => {
        throw new UnconfirmedCreateError(keyId, err);
      });
      if (existing) return existing;
      if (attempt >= CREATE_ATTEMPTS) throw err;
    }
  }
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
  audit: { subject: AuditSubject; reason: AuditReason },
): Promise<void> {
  const client = ctx.client();
  const { organization, project, keyId } = where;
  try {
    if (mode === "deactivate") {
      await client.clientKeys.update(organization, project, keyId, { isActive: false });
    } else {
      await client.clientKeys.delete(organization, project, keyId);
    }
  } catch (err) {
    if (!isNotFound(err)) throw err;
  }
  const subject = { ...audit.subject, organization, project, keyId };
  const action = mode === "deactivate" ? "deactivated" : "deleted";
  await ctx.audit.record({ ...subject, action, reason: audit.reason });
  for (let attempt = 1; attempt <= VERIFY_ATTEMPTS; attempt++) {
    const key = await findKey(client, where);
    if (!key || (mode === "deactivate" && !key.isActive)) {
      await ctx.audit.record({
        ...subject,
        action: "verified-dead",
        detail: key
          ? "Sentry reports it inactive: events sent with it are refused"
          : "Sentry no longer knows it",
      });
      return;
    }
    await ctx.sleep(VERIFY_DELAY_MS * attempt);
  }
  throw new Error(
    `client key ${keyId} in ${organization}/${project} is still ${mode === "deactivate" ? "active after deactivation" : "present after deletion"}; check it in Sentry (Project Settings > Client Keys) and run \`pulumi up\` again.`,
  );
}

/** Sentry's loader options, limited to the flags the user set (the others are Sentry's business). */
export function pickLoaderOptions(key: ProjectKey, wanted: LoaderOptions): LoaderOptions {
  const actual = key.dynamicSdkLoaderOptions as unknown as Record<string, boolean | undefined>;
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
