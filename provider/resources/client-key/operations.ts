import { isDeepStrictEqual } from "node:util";
import { clientKeySubject } from "../../audit/subject";
import { ProviderContext } from "../../runtime/context";
import { keyFromSharedList } from "../../runtime/key-cache";
import { PartialStateError } from "../../sentry-errors";
import type { UpdateClientKeyBody } from "../../sentry";
import {
  adoptKey,
  createKeyOnce,
  findKey,
  finishKey,
  pickLoaderOptions,
  retireKey,
  UnconfirmedCreateError,
} from "./key-lifecycle";
import { clientKeyId, clientKeyOutputs, parseClientKeyId } from "./outputs";
import { ClientKeyInputs, ClientKeyOutputs } from "./types";

/** Creates (or adopts) the key and applies the settings Sentry does not take on create. */
export async function createClientKey(
  ctx: ProviderContext,
  inputs: ClientKeyInputs,
): Promise<{ id: string; outs: ClientKeyOutputs }> {
  const client = ctx.client();
  const { organization, project, existingKeyId } = inputs;
  const created = existingKeyId
    ? await adoptKey(client, { organization, project, keyId: existingKeyId })
    : await createKeyOnce(client, inputs).catch((err: unknown) => {
        // The key may exist: its id goes to state, so the next `up` finds it or makes it.
        if (!(err instanceof UnconfirmedCreateError)) throw err;
        const id = clientKeyId(organization, project, err.keyId);
        throw new PartialStateError(id, { ...inputs, keyId: err.keyId }, err);
      });
  const id = clientKeyId(organization, project, created.id);
  const subject = clientKeySubject(inputs, created.id);
  const reason = (inputs.auditUrn && ctx.reasons.get(inputs.auditUrn)) || "new";
  await ctx.audit.record({ ...subject, action: existingKeyId ? "adopted" : "created", reason });
  try {
    const finished = await finishKey(ctx, inputs, created);
    await ctx.audit.record({
      ...subject,
      action: "verified",
      detail: `Sentry reports the key ${finished.isActive ? "active" : "inactive, as asked"}`,
    });
    ctx.log(
      `${existingKeyId ? "adopted" : "created"} client key ${created.id} in ${organization}/${project}`,
    );
    return { id, outs: clientKeyOutputs(finished, inputs) };
  } catch (err) {
    // The key exists: keep it in state (as created) so the next `up` finishes it instead of orphaning it.
    throw new PartialStateError(id, { ...clientKeyOutputs(created, inputs) }, err);
  }
}

/** Reads the key for `pulumi refresh`; a key deleted out of band drops from state. */
export async function readClientKey(
  ctx: ProviderContext,
  id: string,
  props: Partial<ClientKeyOutputs>,
): Promise<{ id?: string; props?: ClientKeyOutputs; inputs?: ClientKeyInputs }> {
  const where = parseClientKeyId(id);
  const client = ctx.client();
  // A refresh reads many keys of one project: they share one list, a GET only for keys not on it.
  const key = (await keyFromSharedList(client, where)) ?? (await findKey(client, where));
  if (!key) {
    ctx.log(
      `client key ${where.keyId} no longer exists in ${where.organization}/${where.project}: dropping it from state`,
    );
    return { id: "" };
  }
  const inputs: ClientKeyInputs = {
    organization: where.organization,
    project: where.project,
    name: key.name,
    isActive: key.isActive,
    onReplace: props.onReplace ?? "delete",
    ...(props.rotateEvery ? { rotateEvery: props.rotateEvery } : {}),
    ...(props.rotationTriggers ? { rotationTriggers: props.rotationTriggers } : {}),
    ...(key.rateLimit
      ? { rateLimit: { window: key.rateLimit.window, count: key.rateLimit.count } }
      : {}),
    ...(props.browserSdkVersion ? { browserSdkVersion: key.browserSdkVersion } : {}),
    ...(props.dynamicSdkLoaderOptions
      ? { dynamicSdkLoaderOptions: pickLoaderOptions(key, props.dynamicSdkLoaderOptions) }
      : {}),
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
  if (!olds.createdAt) {
    // A create Sentry never confirmed left only the id: find the key, or make it under that id.
    const where = { organization, project, keyId };
    const key = (await findKey(client, where)) ?? (await createKeyOnce(client, news, keyId));
    return clientKeyOutputs(await finishKey(ctx, news, key), news);
  }
  const patch = inPlacePatch(olds, news);
  const key =
    Object.keys(patch).length > 0
      ? await client.clientKeys.update(organization, project, keyId, patch)
      : await client.clientKeys.get(organization, project, keyId);
  return clientKeyOutputs(key, news, olds.createdAt);
}

/** The Sentry update for the fields that changed between the state and the new inputs. Pure. */
export function inPlacePatch(olds: ClientKeyOutputs, news: ClientKeyInputs): UpdateClientKeyBody {
  const patch: UpdateClientKeyBody = {};
  if (news.name !== olds.name) patch.name = news.name;
  if (news.isActive !== olds.isActive) patch.isActive = news.isActive;
  if (!isDeepStrictEqual(news.rateLimit, olds.rateLimit)) patch.rateLimit = news.rateLimit ?? null;
  if (news.browserSdkVersion && news.browserSdkVersion !== olds.currentBrowserSdkVersion) {
    patch.browserSdkVersion = news.browserSdkVersion;
  }
  const options = news.dynamicSdkLoaderOptions;
  if (options && !isDeepStrictEqual(options, olds.dynamicSdkLoaderOptions)) {
    patch.dynamicSdkLoaderOptions = options;
  }
  return patch;
}

/** Deletes or deactivates the key (per `onReplace`) and confirms it. */
export async function deleteClientKey(
  ctx: ProviderContext,
  id: string,
  props: Partial<ClientKeyOutputs>,
): Promise<void> {
  const urn = props.auditUrn;
  await retireKey(ctx, parseClientKeyId(id), props.onReplace ?? "delete", {
    subject: clientKeySubject(props),
    // A delete in the same run as a replacing diff retires the replaced key; otherwise a destroy.
    reason: urn && ctx.reasons.has(urn) ? "replaced" : "manual",
  });
}
