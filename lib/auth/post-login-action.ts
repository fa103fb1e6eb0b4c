// Tenantry's post-login Action. Deploy the body of onExecutePostLogin to Auth0 as a
// post-login Action (Actions > Library > Build custom) for a real tenant; the local Auth0
// tenant loads this very module, so local and real tokens carry the same claims.
// Keep it self-contained: Auth0 runs it in its own sandbox, without the app's modules.

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
