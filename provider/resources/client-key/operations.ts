import { isDeepStrictEqual } from "node:util";
import { clientKeySubject } from "../../audit/subject";
import { type ProviderContext } from "../../runtime/context";
import type { UpdateClientKeyBody } from "../../sentry";
import { confirmKey, findKey, pickLoaderOptions, provisionKey, retireKey } from "./key-lifecycle";
import { clientKeyId, clientKeyOutputs, parseClientKeyId } from "./outputs";
import { type ClientKeyInputs, type ClientKeyOutputs } from "./types";

/** Creates (or adopts) the key and applies the settings Sentry does not take on create. */
export async function createClientKey(
  ctx: ProviderContext,
  inputs: ClientKeyInputs,
): Promise<{ id: string; outs: ClientKeyOutputs }> {
  const { organization, project, existingKeyId } = inputs;
  const finished = await provisionKey(ctx, inputs, {
    reason: ctx.run.rotationReason(inputs.auditUrn) ?? "new",
    verified: (key) => `Sentry reports the key ${key.isActive ? "active" : "inactive, as asked"}`,
    // The key may exist: its id goes to state, so the next `up` finds it or makes it.
    unconfirmed: (keyId) => ({
      id: clientKeyId(organization, project, keyId),
      state: { ...inputs, keyId },
    }),
    // The key exists: keep it in state (as created) so the next `up` finishes it.
    unfinished: (key) => ({
      id: clientKeyId(organization, project, key.id),
      state: { ...clientKeyOutputs(key, inputs) },
    }),
  });
  ctx.log(
    `${existingKeyId ? "adopted" : "created"} client key ${finished.id} in ${organization}/${project}`,
  );
  return {
    id: clientKeyId(organization, project, finished.id),
    outs: clientKeyOutputs(finished, inputs),
  };
}

/** Reads the key for `pulumi refresh`; a key deleted out of band drops from state. */
export async function readClientKey(
  ctx: ProviderContext,
  id: string,
  props: Partial<ClientKeyOutputs>,
): Promise<{ id?: string; props?: ClientKeyOutputs; inputs?: ClientKeyInputs }> {
  const where = keyLocation(id, props);
  const client = ctx.client();
  // A refresh reads many keys of one project: they share one list, a GET only for keys not on it.
  const key = (await ctx.keyLists().find(where)) ?? (await findKey(client, where));
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
    ...(props.rotationWindow ? { rotationWindow: props.rotationWindow } : {}),
    ...(key.rateLimit
      ? { rateLimit: { window: key.rateLimit.window, count: key.rateLimit.count } }
      : {}),
    ...(props.browserSdkVersion ? { browserSdkVersion: key.browserSdkVersion } : {}),
    ...(props.dsnForms ? { dsnForms: props.dsnForms } : {}),
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
  const { organization, project, keyId } = keyLocation(id, olds);
  const client = ctx.client();
  if (!olds.createdAt) {
    // A create Sentry never confirmed left only the id: find the key, or make it under that id.
    return clientKeyOutputs(await confirmKey(ctx, news, keyId), news);
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
  await retireKey(ctx, keyLocation(id, props), props.onReplace ?? "delete", {
    subject: clientKeySubject(props),
    // A delete in the same run as a replacing diff retires the replaced key; otherwise a destroy.
    reason: ctx.run.rotationReason(urn) ? "replaced" : "manual",
  });
}

/**
 * Where the key is: the id's organization and project, and the state's key id when it has one (a
 * ClientKey switched from a pair keeps the pair's id, `org/project/pair-<hex>` or the id of the key
 * the pair started with; see client-key-pair/switch.ts).
 */
export function keyLocation(
  id: string,
  props: Partial<Pick<ClientKeyOutputs, "keyId">>,
): { organization: string; project: string; keyId: string } {
  const where = parseClientKeyId(id);
  return { ...where, keyId: props.keyId ?? where.keyId };
}
