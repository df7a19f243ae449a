import { randomBytes } from "node:crypto";
import { isDeepStrictEqual } from "node:util";
import { ProviderContext } from "../../runtime/context";
import { isNotFound, mayHaveBeenApplied, PartialCreateError } from "../../sentry-errors";
import type { ProjectKey, SentryClient, UpdateClientKeyBody } from "../../sentry";
import { clientKeyId, clientKeyOutputs, parseClientKeyId } from "./outputs";
import { ClientKeyInputs, ClientKeyOutputs, LoaderOptions } from "./types";

const CREATE_ATTEMPTS = 3;
const VERIFY_ATTEMPTS = 5;
const VERIFY_DELAY_MS = 500;

/**
 * Creates the key, then reads it back. The key id (its public key) is chosen here and sent with the
 * create, so a create whose response was lost is recognised by id and adopted, never duplicated.
 */
export async function createClientKey(
  ctx: ProviderContext,
  inputs: ClientKeyInputs,
): Promise<{ id: string; outs: ClientKeyOutputs }> {
  const client = ctx.client();
  const created = inputs.existingKeyId
    ? await adopt(client, inputs, inputs.existingKeyId)
    : await createOnce(client, inputs);
  const id = clientKeyId(inputs.organization, inputs.project, created.id);
  try {
    const patch = settingsPatch(inputs, created);
    const finished = hasChanges(patch)
      ? await client.clientKeys.update(
          inputs.organization,
          inputs.project,
          created.id,
          patch,
          created,
        )
      : await client.clientKeys.get(inputs.organization, inputs.project, created.id);
    warnIfIgnored(ctx, inputs, finished);
    ctx.log(
      `${inputs.existingKeyId ? "adopted" : "created"} client key ${created.id} in ${inputs.organization}/${inputs.project}`,
    );
    return { id, outs: clientKeyOutputs(finished, inputs) };
  } catch (err) {
    // The key exists: keep it in state (as created) so the next `up` finishes it instead of orphaning it.
    throw new PartialCreateError(id, { ...clientKeyOutputs(created, inputs) }, err);
  }
}

async function adopt(
  client: SentryClient,
  inputs: ClientKeyInputs,
  keyId: string,
): Promise<ProjectKey> {
  const key = await findKey(client, inputs.organization, inputs.project, keyId);
  if (!key) {
    throw new Error(
      `existingKeyId: no key ${keyId} in ${inputs.organization}/${inputs.project}; check the id (the part before "@" in the DSN) and the project, or remove existingKeyId to create a new key.`,
    );
  }
  return key;
}

async function createOnce(client: SentryClient, inputs: ClientKeyInputs): Promise<ProjectKey> {
  const publicKey = randomBytes(16).toString("hex");
  const body = {
    name: inputs.name,
    ...(inputs.rateLimit ? { rateLimit: inputs.rateLimit } : {}),
    public: publicKey,
  };
  for (let attempt = 1; ; attempt++) {
    try {
      return await client.clientKeys.create(inputs.organization, inputs.project, body);
    } catch (err) {
      if (!mayHaveBeenApplied(err) || attempt >= CREATE_ATTEMPTS) throw err;
      const existing = await findKey(client, inputs.organization, inputs.project, publicKey);
      if (existing) return existing;
    }
  }
}

// What Sentry does not take on create (activation, loader version and options), as one update.
function settingsPatch(inputs: ClientKeyInputs, key: ProjectKey): UpdateClientKeyBody {
  const patch: UpdateClientKeyBody = {};
  if (inputs.isActive !== key.isActive) patch.isActive = inputs.isActive;
  if (inputs.browserSdkVersion && inputs.browserSdkVersion !== key.browserSdkVersion) {
    patch.browserSdkVersion = inputs.browserSdkVersion;
  }
  const options = inputs.dynamicSdkLoaderOptions;
  if (options && !sameValue(options, pickLoaderOptions(key, options))) {
    patch.dynamicSdkLoaderOptions = options;
  }
  return patch;
}

/** Reads the key for `pulumi refresh` and `pulumi import`; a key deleted out of band drops from state. */
export async function readClientKey(
  ctx: ProviderContext,
  id: string,
  props: Partial<ClientKeyOutputs>,
): Promise<{ id?: string; props?: ClientKeyOutputs; inputs?: ClientKeyInputs }> {
  const { organization, project, keyId } = parseClientKeyId(id);
  const key = await findKey(ctx.client(), organization, project, keyId);
  if (!key) {
    ctx.log(
      `client key ${keyId} no longer exists in ${organization}/${project}: dropping it from state`,
    );
    return {};
  }
  const inputs: ClientKeyInputs = {
    organization,
    project,
    name: key.name,
    isActive: key.isActive,
    onReplace: props.onReplace ?? "delete",
    ...optional("rotateEvery", props.rotateEvery),
    ...optional("rotationTriggers", props.rotationTriggers),
    ...optional("rateLimit", key.rateLimit),
    ...optional("browserSdkVersion", props.browserSdkVersion && key.browserSdkVersion),
    ...optional(
      "dynamicSdkLoaderOptions",
      props.dynamicSdkLoaderOptions && pickLoaderOptions(key, props.dynamicSdkLoaderOptions),
    ),
  };
  return { id, props: clientKeyOutputs(key, inputs, props.createdAt), inputs };
}

/** Applies in-place changes; the client sends the current browserSdkVersion back (Sentry resets it otherwise). */
export async function updateClientKey(
  ctx: ProviderContext,
  id: string,
  olds: ClientKeyOutputs,
  news: ClientKeyInputs,
): Promise<ClientKeyOutputs> {
  const { organization, project, keyId } = parseClientKeyId(id);
  const client = ctx.client();
  const patch: UpdateClientKeyBody = {};
  if (news.name !== olds.name) patch.name = news.name;
  if (news.isActive !== olds.isActive) patch.isActive = news.isActive;
  if (!sameValue(news.rateLimit, olds.rateLimit)) patch.rateLimit = news.rateLimit ?? null;
  if (news.browserSdkVersion && news.browserSdkVersion !== olds.currentBrowserSdkVersion) {
    patch.browserSdkVersion = news.browserSdkVersion;
  }
  const options = news.dynamicSdkLoaderOptions;
  if (options && !sameValue(options, olds.dynamicSdkLoaderOptions)) {
    patch.dynamicSdkLoaderOptions = options;
  }
  const key = hasChanges(patch)
    ? await client.clientKeys.update(organization, project, keyId, patch)
    : await client.clientKeys.get(organization, project, keyId);
  warnIfIgnored(ctx, news, key);
  return clientKeyOutputs(key, news, olds.createdAt);
}

/**
 * Removes the key (or deactivates it, per `onReplace`); a key already gone counts as done. Returns
 * only once Sentry confirms the key is gone or inactive.
 */
export async function deleteClientKey(
  ctx: ProviderContext,
  id: string,
  props: Partial<ClientKeyOutputs>,
): Promise<void> {
  const { organization, project, keyId } = parseClientKeyId(id);
  const client = ctx.client();
  const deactivate = props.onReplace === "deactivate";
  try {
    if (deactivate) {
      await client.clientKeys.update(organization, project, keyId, { isActive: false });
    } else {
      await client.clientKeys.delete(organization, project, keyId);
    }
  } catch (err) {
    if (!isNotFound(err)) throw err;
  }
  await verifyRetired(ctx, client, { organization, project, keyId }, deactivate);
  ctx.log(
    `${deactivate ? "deactivated" : "deleted"} client key ${keyId} in ${organization}/${project}`,
  );
}

async function verifyRetired(
  ctx: ProviderContext,
  client: SentryClient,
  where: { organization: string; project: string; keyId: string },
  deactivate: boolean,
): Promise<void> {
  for (let attempt = 1; attempt <= VERIFY_ATTEMPTS; attempt++) {
    const key = await findKey(client, where.organization, where.project, where.keyId);
    if (!key || (deactivate && !key.isActive)) return;
    await ctx.sleep(VERIFY_DELAY_MS * attempt);
  }
  throw new Error(
    `client key ${where.keyId} in ${where.organization}/${where.project} is still ${deactivate ? "active" : "present"} after ${deactivate ? "deactivation" : "deletion"}; check it in Sentry (Project Settings > Client Keys) and run \`pulumi up\` again.`,
  );
}

async function findKey(
  client: SentryClient,
  organization: string,
  project: string,
  keyId: string,
): Promise<ProjectKey | undefined> {
  try {
    return await client.clientKeys.get(organization, project, keyId);
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
}

// Sentry stores a key's rate limit only with the projects:rate-limits feature; say so rather than drift.
function warnIfIgnored(ctx: ProviderContext, inputs: ClientKeyInputs, key: ProjectKey): void {
  if (inputs.rateLimit && !key.rateLimit) {
    ctx.log(
      `warning: Sentry did not store the rate limit of key ${key.id} (the organization may lack the rate-limits feature)`,
    );
  }
}

/** Sentry's loader options, limited to the flags the user set (the others are Sentry's business). */
function pickLoaderOptions(key: ProjectKey, wanted: LoaderOptions): LoaderOptions {
  const actual = key.dynamicSdkLoaderOptions as unknown as Record<string, boolean | undefined>;
  return Object.fromEntries(Object.keys(wanted).map((flag) => [flag, actual[flag] ?? false]));
}

function optional<K extends string, V>(key: K, value: V | undefined | null | false | "") {
  return value === undefined || value === null || value === false || value === ""
    ? {}
    : ({ [key]: value } as { [P in K]: V });
}

function hasChanges(patch: object): boolean {
  return Object.keys(patch).length > 0;
}

function sameValue(a: unknown, b: unknown): boolean {
  return isDeepStrictEqual(a, b);
}
