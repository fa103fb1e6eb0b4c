// Tenantry's post-login Action: the one source of truth. Auth0 runs Actions as CommonJS
// JavaScript (`exports.onExecutePostLogin = async (event, api) => {...}`), not TypeScript or
// ESM, so this file is never deployed as it is: `npm run auth0:build-action` builds it into
// post-login-action.cjs beside it (self-contained, no imports), and that built file is what
// `npm run auth0:provision` deploys to Auth0 and what the local tenant runs in its sandbox.
// post-login-action.test.ts fails when the built file is stale.
// Keep it self-contained: no imports (the build would inline them; Auth0 has none of the
// app's modules). Configuration, if ever needed, comes through `event.secrets`.

/** Namespace of Tenantry's custom claims. Auth0 requires a URL namespace that is not Auth0's. */
export const CLAIM_NAMESPACE = 'https://tenantry.dev/';

export interface PostLoginEvent {
  user: { user_id: string; email?: string; name?: string };
  organization?: { id: string; name: string; display_name?: string; metadata?: Record<string, string> };
  authorization?: { roles: string[] };
  client?: { client_id: string; name?: string };
}

export interface PostLoginApi {
  idToken: { setCustomClaim(name: string, value: unknown): void };
  accessToken: { setCustomClaim(name: string, value: unknown): void };
  access: { deny(reason: string): void };
}

export async function onExecutePostLogin(event: PostLoginEvent, api: PostLoginApi): Promise<void> {
  const org = event.organization;
  if (!org) return; // personal (B2C) login: no tenant context, no tenant claims
  const tenantId = org.metadata?.tenantId;
  if (!tenantId) {
    // An org without our tenant id was not created by Tenantry: refuse rather than guess.
    api.access.deny(`organization ${org.name} is not provisioned for this application`);
    return;
  }
  const roles = event.authorization?.roles ?? [];
  for (const token of [api.idToken, api.accessToken]) {
    token.setCustomClaim(`${CLAIM_NAMESPACE}tenantId`, tenantId);
    token.setCustomClaim(`${CLAIM_NAMESPACE}org_name`, org.name);
    token.setCustomClaim(`${CLAIM_NAMESPACE}roles`, roles);
  }
}
