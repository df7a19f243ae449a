import { randomBytes } from "node:crypto";
import { orgAuthTokenSubject } from "../../audit/subject";
import { createOnce } from "../../lifecycle/create-once";
import { provision } from "../../lifecycle/provision";
import { retire } from "../../lifecycle/retire";
import { UnconfirmedCreateError } from "../../lifecycle/unconfirmed";
import type { ProviderContext } from "../../runtime/context";
import type { OrgAuthToken, SentryClient } from "../../sentry";
import { isNotFound } from "../../sentry/outcome";
import { orgAuthTokenId, orgAuthTokenOutputs, parseOrgAuthTokenId } from "./outputs";
import type { OrgAuthTokenInputs, OrgAuthTokenOutputs, UnconfirmedTokenCreate } from "./types";

/**
 * Creates the token. Its value is shown only in the create response, so a token whose response was
 * lost is useless: it is found (same name, new since we started) and revoked, then created again.
 * When even that cannot be done, the engine keeps what finds it, and the next run revokes it.
 */
export async function createOrgAuthToken(
  ctx: ProviderContext,
  inputs: OrgAuthTokenInputs,
): Promise<{ id: string; outs: OrgAuthTokenOutputs }> {
  const client = ctx.client();
  const { organization, name } = inputs;
  const before = (await client.orgAuthTokens.list(organization)).map((t) => t.id);
  const created = await provision(ctx, {
    make: () =>
      createOnce({
        create: () => client.orgAuthTokens.create(organization, { name }),
        // Even after the last attempt: a token Sentry made but never showed us is revoked, not left.
        reconcile: async (failure) => {
          await revokeLost(ctx, { organization, name, tokensBefore: before }).catch(
            (cleanup: unknown) => {
              throw new UnconfirmedCreateError(
                undefined,
                failure,
                `${messageOf(failure)}; then listing the organization's tokens to revoke one it may have made failed too (${messageOf(cleanup)})`,
              );
            },
          );
          return undefined;
        },
      }),
    adopts: false,
    reason: ctx.run.rotationReason(inputs.auditUrn) ?? "new",
    subject: (token) => orgAuthTokenSubject({ ...inputs, ...token, tokenId: token.id }),
    // The create response is the proof: Sentry returned the token with its scopes.
    finish: async (token) => token,
    verified: (token) => `scopes ${token.scopes.join(", ")}`,
    // Sentry picks token ids: the state keeps what tells the lost token apart, for the next run.
    unconfirmed: () => ({
      id: orgAuthTokenId(organization, `unconfirmed-${randomBytes(6).toString("hex")}`),
      state: { ...inputs, unconfirmedCreate: { tokensBefore: before } },
    }),
    unfinished: (token) => ({
      id: orgAuthTokenId(organization, token.id),
      state: { ...orgAuthTokenOutputs(token, token.token, inputs) },
    }),
  });
  return {
    id: orgAuthTokenId(organization, created.id),
    outs: orgAuthTokenOutputs(created, created.token, inputs),
  };
}

// Revokes every token named `name` that was not there before the create: the ones it made.
async function revokeLost(
  ctx: ProviderContext,
  lost: { organization: string; name: string } & UnconfirmedTokenCreate,
): Promise<void> {
  const client = ctx.client();
  const tokens = (await client.orgAuthTokens.list(lost.organization)).filter(
    (t) => !lost.tokensBefore.includes(t.id) && t.name === lost.name,
  );
  for (const token of tokens) {
    await deleteIfPresent(client, lost.organization, token.id);
    ctx.log(`revoked org auth token ${token.id} whose value was lost with its create response`);
  }
}

/** Reads the token for refresh and import; a token revoked out of band drops from state. */
export async function readOrgAuthToken(
  ctx: ProviderContext,
  id: string,
  props: Partial<OrgAuthTokenOutputs>,
): Promise<{ id?: string; props?: OrgAuthTokenOutputs; inputs?: OrgAuthTokenInputs }> {
  // A create Sentry never confirmed is the next `up`'s business (it revokes what it made).
  if (props.unconfirmedCreate) return { id, props: props as OrgAuthTokenOutputs };
  const { organization, tokenId } = parseOrgAuthTokenId(id);
  const token = await findToken(ctx.client(), organization, tokenId);
  if (!token) {
    ctx.log(`org auth token ${tokenId} was revoked in ${organization}: dropping it from state`);
    return { id: "" };
  }
  const inputs: OrgAuthTokenInputs = {
    organization,
    name: token.name,
    ...(props.rotateEvery ? { rotateEvery: props.rotateEvery } : {}),
    ...(props.rotationTriggers ? { rotationTriggers: props.rotationTriggers } : {}),
    ...(props.rotationWindow ? { rotationWindow: props.rotationWindow } : {}),
  };
  // An imported token's value cannot be read back: it stays empty until the next rotation.
  return { id, props: orgAuthTokenOutputs(token, props.token ?? "", inputs), inputs };
}

/** Renames the token (the only in-place change Sentry allows). */
export async function updateOrgAuthToken(
  ctx: ProviderContext,
  id: string,
  olds: OrgAuthTokenOutputs,
  news: OrgAuthTokenInputs,
): Promise<OrgAuthTokenOutputs> {
  const { organization, tokenId } = parseOrgAuthTokenId(id);
  const client = ctx.client();
  if (news.name !== olds.name)
    await client.orgAuthTokens.update(organization, tokenId, { name: news.name });
  const token = await client.orgAuthTokens.get(organization, tokenId);
  return orgAuthTokenOutputs(token, olds.token, news);
}

/**
 * Revokes the token (Sentry soft-deletes it); returns once Sentry no longer knows it. For a create
 * Sentry never confirmed, revokes the token that create made, if it made one.
 */
export async function deleteOrgAuthToken(
  ctx: ProviderContext,
  id: string,
  props: Partial<OrgAuthTokenOutputs> = {},
): Promise<void> {
  const { organization, tokenId } = parseOrgAuthTokenId(id);
  const reason = ctx.run.rotationReason(props.auditUrn) ? "replaced" : "manual";
  if (props.unconfirmedCreate) {
    await revokeLost(ctx, {
      organization,
      name: props.name ?? "",
      tokensBefore: props.unconfirmedCreate.tokensBefore,
    });
    return;
  }
  const client = ctx.client();
  await retire(ctx, {
    subject: orgAuthTokenSubject({ ...props, organization, tokenId }),
    action: "deleted",
    reason,
    remove: () => client.orgAuthTokens.delete(organization, tokenId),
    retiredAs: async () =>
      (await findToken(client, organization, tokenId)) ? undefined : "Sentry no longer knows it",
    stillAlive: `org auth token ${tokenId} in ${organization} is still active after revocation; revoke it in Sentry (Settings > Auth Tokens) and run \`pulumi up\` again.`,
  });
}

async function deleteIfPresent(client: SentryClient, organization: string, tokenId: string) {
  try {
    await client.orgAuthTokens.delete(organization, tokenId);
  } catch (err) {
    if (!isNotFound(err)) throw err;
  }
}

async function findToken(
  client: SentryClient,
  organization: string,
  tokenId: string,
): Promise<OrgAuthToken | undefined> {
  try {
    return await client.orgAuthTokens.get(organization, tokenId);
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
