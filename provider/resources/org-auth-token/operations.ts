import { orgAuthTokenSubject } from "../../audit/subject";
import { ProviderContext } from "../../runtime/context";
import { isNotFound, mayHaveBeenApplied } from "../../sentry-errors";
import type { NewOrgAuthToken, OrgAuthToken, SentryClient } from "../../sentry";
import { orgAuthTokenId, orgAuthTokenOutputs, parseOrgAuthTokenId } from "./outputs";
import { OrgAuthTokenInputs, OrgAuthTokenOutputs } from "./types";

const CREATE_ATTEMPTS = 3;
const VERIFY_ATTEMPTS = 5;
const VERIFY_DELAY_MS = 500;

/**
 * Creates the token. Its value is shown only in the create response, so a token whose response was
 * lost is useless: it is found (same name, new since we started) and revoked, then created again.
 */
export async function createOrgAuthToken(
  ctx: ProviderContext,
  inputs: OrgAuthTokenInputs,
): Promise<{ id: string; outs: OrgAuthTokenOutputs }> {
  const client = ctx.client();
  const before = new Set((await client.orgAuthTokens.list(inputs.organization)).map((t) => t.id));
  for (let attempt = 1; ; attempt++) {
    let created: NewOrgAuthToken;
    try {
      created = await client.orgAuthTokens.create(inputs.organization, { name: inputs.name });
    } catch (err) {
      if (!mayHaveBeenApplied(err)) throw err;
      // Even after the last attempt: a token Sentry made but never showed us is revoked, not left.
      await revokeLost(ctx, client, inputs, before).catch((cleanup: unknown) => {
        throw new Error(
          `${(err as Error).message}; then listing the organization's tokens to revoke one it may have made failed too (${(cleanup as Error).message}): look in Sentry (Settings > Auth Tokens) for a token named "${inputs.name}" created just now and revoke it`,
        );
      });
      if (attempt >= CREATE_ATTEMPTS) throw err;
      continue;
    }
    const subject = orgAuthTokenSubject({ ...inputs, ...created, tokenId: created.id });
    const reason = (inputs.auditUrn && ctx.reasons.get(inputs.auditUrn)) || "new";
    await ctx.audit.record({ ...subject, action: "created", reason });
    // The create response is the proof: Sentry returned the token with its scopes.
    await ctx.audit.record({
      ...subject,
      action: "verified",
      detail: `scopes ${created.scopes.join(", ")}`,
    });
    return {
      id: orgAuthTokenId(inputs.organization, created.id),
      outs: orgAuthTokenOutputs(created, created.token, inputs),
    };
  }
}

async function revokeLost(
  ctx: ProviderContext,
  client: SentryClient,
  inputs: OrgAuthTokenInputs,
  before: Set<string>,
): Promise<void> {
  const lost = (await client.orgAuthTokens.list(inputs.organization)).filter(
    (t) => !before.has(t.id) && t.name === inputs.name,
  );
  for (const token of lost) {
    await deleteIfPresent(client, inputs.organization, token.id);
    ctx.log(`revoked org auth token ${token.id} whose value was lost with its create response`);
  }
}

/** Reads the token for refresh and import; a token revoked out of band drops from state. */
export async function readOrgAuthToken(
  ctx: ProviderContext,
  id: string,
  props: Partial<OrgAuthTokenOutputs>,
): Promise<{ id?: string; props?: OrgAuthTokenOutputs; inputs?: OrgAuthTokenInputs }> {
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

/** Revokes the token (Sentry soft-deletes it); returns once Sentry no longer knows it. */
export async function deleteOrgAuthToken(
  ctx: ProviderContext,
  id: string,
  props: Partial<OrgAuthTokenOutputs> = {},
): Promise<void> {
  const { organization, tokenId } = parseOrgAuthTokenId(id);
  const client = ctx.client();
  await deleteIfPresent(client, organization, tokenId);
  const subject = orgAuthTokenSubject({ ...props, organization, tokenId });
  const urn = props.auditUrn;
  const reason = urn && ctx.reasons.has(urn) ? "replaced" : "manual";
  await ctx.audit.record({ ...subject, action: "deleted", reason });
  for (let attempt = 1; attempt <= VERIFY_ATTEMPTS; attempt++) {
    if (!(await findToken(client, organization, tokenId))) {
      await ctx.audit.record({
        ...subject,
        action: "verified-dead",
        detail: "Sentry no longer knows it",
      });
      return;
    }
    await ctx.sleep(VERIFY_DELAY_MS * attempt);
  }
  throw new Error(
    `org auth token ${tokenId} in ${organization} is still active after revocation; revoke it in Sentry (Settings > Auth Tokens) and run \`pulumi up\` again.`,
  );
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
