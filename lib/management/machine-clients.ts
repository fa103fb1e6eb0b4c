// Machine-to-machine applications that belong to one organization (an organization's API
// keys): Auth0's "Machine-to-Machine Access for Organizations". Each key is an application of
// type non_interactive with one client grant to the Tenantry API whose organization_usage is
// `require` and allow_any_organization false, associated with that organization only, so a
// token request must name it and gets its org_id; any other organization is refused by Auth0.
// https://auth0.com/docs/manage-users/organizations/organizations-for-m2m-applications
// https://auth0.com/docs/manage-users/organizations/organizations-for-m2m-applications/configure-your-application-for-m2m-access
// https://auth0.com/docs/manage-users/organizations/organizations-for-m2m-applications/authorize-m2m-access
import 'server-only';
import type { UndoStack } from '@/lib/core/undo';
import { call, isNotFound, ManagementApiError } from '@/lib/management/client';

export interface MachineCredentials {
  clientId: string;
  /** Answered by Auth0 on create and rotate only: shown to the admin once, never stored. */
  clientSecret: string;
}

/**
 * Creates the application, its grant of `scopes` on `audience`, and the association with
 * `auth0OrgId`. On undo the application is deleted (Auth0 deletes its grant with it).
 */
export async function createOrganizationMachineClient(
  input: { name: string; auth0OrgId: string; audience: string; scopes: readonly string[] },
  undo: UndoStack,
): Promise<MachineCredentials> {
  const client = await call((api) => api.clients.create({
    name: input.name,
    app_type: 'non_interactive',
    grant_types: ['client_credentials'],
  }));
  const clientId = client.client_id;
  const clientSecret = client.client_secret;
  if (!clientId || !clientSecret) throw new ManagementApiError('Auth0 did not answer the new application’s credentials.', 502, undefined);
  undo.push('create machine client', () => deleteMachineClient(clientId));
  const grant = await call((api) => api.clientGrants.create({
    client_id: clientId,
    audience: input.audience,
    scope: [...input.scopes],
    organization_usage: 'require',
    allow_any_organization: false,
  }));
  await call((api) => api.organizations.clientGrants.create(input.auth0OrgId, { grant_id: grant.id! }));
  return { clientId, clientSecret };
}

/** A new secret for the application; the old one stops working. */
export async function rotateMachineClientSecret(clientId: string): Promise<string> {
  const rotated = await call((api) => api.clients.rotateSecret(clientId));
  if (!rotated.client_secret) throw new ManagementApiError('Auth0 did not answer the new secret.', 502, undefined);
  return rotated.client_secret;
}

/**
 * Deletes the application (its grants and organization association go with it). Already gone
 * counts as deleted. Tokens it was issued stay valid JWTs until they expire: the app refuses
 * them itself (lib/auth/authorize.ts reads the key's row).
 */
export async function deleteMachineClient(clientId: string): Promise<void> {
  await call((api) => api.clients.delete(clientId)).catch((error) => {
    if (!isNotFound(error)) throw error;
  });
}
