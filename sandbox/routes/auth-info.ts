/** `GET /api/0/`: who the token belongs to and its scopes (what `sentry-cli info` shows). */
import type { ApiRequest, ApiResponse, Route, SandboxContext } from "../context";

/** The one sandbox user every user token belongs to. */
export const SANDBOX_USER = {
  id: "1",
  name: "Sandbox Admin",
  username: "sandbox-admin",
  email: "admin@sandbox.invalid",
};

function authInfo(req: ApiRequest, ctx: SandboxContext): ApiResponse {
  const principal = req.principal;
  const user =
    principal?.kind === "user"
      ? {
          ...SANDBOX_USER,
          avatarUrl: null,
          isActive: true,
          hasPasswordAuth: false,
          isManaged: false,
          dateJoined: ctx.store.state.organizations[0]?.dateCreated ?? null,
          has2fa: false,
          isSuperuser: false,
          isStaff: false,
        }
      : null; // org auth tokens act without a user, as in Sentry
  return {
    status: 200,
    body: { version: "0", auth: principal ? { scopes: [...principal.scopes] } : null, user },
  };
}

/** The index route. */
export const authInfoRoutes: Route[] = [
  { method: "GET", pattern: /^\/api\/0\/$/, handler: authInfo },
];
