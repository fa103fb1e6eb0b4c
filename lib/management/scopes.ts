// The Management API scopes Tenantry needs, derived from the SDK methods it calls.
// scopes.test.ts reads every `api.<method>(` call in lib/ and app/ and fails when one is missing
// from the lists below (or listed but no longer called), so a new call cannot ship without its
// scope reaching the M2M grant: `npm run auth0:provision` grants exactly APP_SCOPES, and the local
// tenant's seed (auth0-local/tenant.config.json) must equal it.

/**
 * The scopes each `auth0` ManagementClient method needs, from the "Scopes" of its endpoint's page
 * under https://auth0.com/docs/api/management/v2. Connection options are a separate right since
 * July 2025: GET /connections[/{id}] omits `options` without read:connections_options, and a PATCH
 * carrying `options` needs update:connections_options; Tenantry reads and writes options (SSO).
 */
export const METHOD_SCOPES: Readonly<Record<string, readonly string[]>> = {
  'organizations.list': ['read:organizations'],
  'organizations.get': ['read:organizations'],
  'organizations.getByName': ['read:organizations'],
  'organizations.create': ['create:organizations'],
  'organizations.update': ['update:organizations'],
  'organizations.delete': ['delete:organizations'],
  'organizations.members.list': ['read:organization_members'],
  'organizations.members.create': ['create:organization_members'],
  'organizations.members.delete': ['delete:organization_members'],
  'organizations.members.roles.list': ['read:organization_member_roles'],
  'organizations.members.roles.assign': ['create:organization_member_roles'],
  'organizations.members.roles.delete': ['delete:organization_member_roles'],
  'organizations.invitations.list': ['read:organization_invitations'],
  'organizations.invitations.get': ['read:organization_invitations'],
  'organizations.invitations.create': ['create:organization_invitations'],
  'organizations.invitations.delete': ['delete:organization_invitations'],
  'organizations.enabledConnections.list': ['read:organization_connections'],
  'organizations.enabledConnections.get': ['read:organization_connections'],
  'organizations.enabledConnections.add': ['create:organization_connections'],
  'organizations.enabledConnections.update': ['update:organization_connections'],
  'organizations.enabledConnections.delete': ['delete:organization_connections'],
  'connections.list': ['read:connections', 'read:connections_options'],
  'connections.get': ['read:connections', 'read:connections_options'],
  'connections.create': ['create:connections'],
  'connections.update': ['update:connections', 'update:connections_options'],
  'connections.delete': ['delete:connections'],
  'connections.clients.get': ['read:connections'],
  'connections.clients.update': ['update:connections'],
  'users.list': ['read:users'],
  'users.get': ['read:users'],
  'users.listUsersByEmail': ['read:users'],
  'users.create': ['create:users'],
  'users.update': ['update:users'],
  'users.delete': ['delete:users'],
  'users.organizations.list': ['read:organizations'],
  // The account page: https://auth0.com/docs/secure/multi-factor-authentication/manage-mfa-auth0-apis/manage-authentication-methods-with-management-api,
  // https://auth0.com/docs/api/management/v2/guardian/post-ticket, https://auth0.com/docs/api/management/v2/tickets/post-password-change
  'users.authenticationMethods.list': ['read:authentication_methods'],
  'users.authenticationMethods.delete': ['delete:authentication_methods'],
  'guardian.enrollments.createTicket': ['create:guardian_enrollment_tickets'],
  'tickets.changePassword': ['create:user_tickets'],
  // "Sign out everywhere": https://auth0.com/docs/api/management/v2/users/delete-sessions-for-user
  'users.sessions.delete': ['delete:sessions'],
  'roles.list': ['read:roles'],
  'roles.create': ['create:roles'],
  'roles.permissions.list': ['read:roles'],
  'roles.permissions.add': ['update:roles'],
  'resourceServers.list': ['read:resource_servers'],
  'resourceServers.create': ['create:resource_servers'],
  'resourceServers.update': ['update:resource_servers'],
  'clients.list': ['read:clients'],
  'clients.get': ['read:clients'],
  'clients.create': ['create:clients'],
  'clients.update': ['update:clients'],
  // https://auth0.com/docs/api/management/v2/clients/post-rotate-secret
  'clients.rotateSecret': ['update:client_keys'],
  'clients.delete': ['delete:clients'],
  'clientGrants.list': ['read:client_grants'],
  'clientGrants.create': ['create:client_grants'],
  'clientGrants.update': ['update:client_grants'],
  'clientGrants.delete': ['delete:client_grants'],
  // Machine-to-machine access for organizations:
  // https://auth0.com/docs/manage-users/organizations/organizations-for-m2m-applications/authorize-m2m-access
  'organizations.clientGrants.create': ['create:organization_client_grants'],
  'actions.list': ['read:actions'],
  'actions.get': ['read:actions'],
  'actions.create': ['create:actions'],
  'actions.update': ['update:actions'],
  'actions.deploy': ['create:actions'],
  'actions.triggers.bindings.list': ['read:actions'],
  'actions.triggers.bindings.updateMany': ['update:actions'],
  // https://auth0.com/docs/api/management/v2/guardian/get-factors, .../guardian/put-factors-by-name
  'guardian.factors.list': ['read:guardian_factors'],
  'guardian.factors.set': ['update:guardian_factors'],
};

/** The methods the running app calls: the gateway modules in lib/management, all but provisioning. */
export const APP_METHODS = [
  'organizations.list', 'organizations.get', 'organizations.create', 'organizations.update', 'organizations.delete',
  'organizations.members.list', 'organizations.members.create', 'organizations.members.delete',
  'organizations.members.roles.list', 'organizations.members.roles.assign', 'organizations.members.roles.delete',
  'organizations.invitations.list', 'organizations.invitations.get', 'organizations.invitations.create', 'organizations.invitations.delete',
  'organizations.enabledConnections.list', 'organizations.enabledConnections.add', 'organizations.enabledConnections.update', 'organizations.enabledConnections.delete',
  'connections.list', 'connections.get', 'connections.create', 'connections.update', 'connections.delete', 'connections.clients.update',
  'users.get', 'users.listUsersByEmail', 'users.create', 'users.update', 'users.delete', 'users.organizations.list',
  'users.authenticationMethods.list', 'users.authenticationMethods.delete', 'guardian.enrollments.createTicket', 'tickets.changePassword',
  'users.sessions.delete',
  'roles.list',
  // API keys (lib/management/machine-clients.ts): an application per key, its grant, associated with the organization.
  'clients.create', 'clients.rotateSecret', 'clients.delete', 'clientGrants.create', 'organizations.clientGrants.create',
] as const;

/** The methods `npm run auth0:provision` calls (lib/management/provision.ts), with the bootstrap credentials. */
export const PROVISION_METHODS = [
  'resourceServers.list', 'resourceServers.create', 'resourceServers.update',
  'roles.list', 'roles.create', 'roles.permissions.list', 'roles.permissions.add',
  'clients.list', 'clients.get', 'clients.create', 'clients.update',
  'clientGrants.list', 'clientGrants.create', 'clientGrants.update',
  'actions.list', 'actions.create', 'actions.update', 'actions.deploy',
  'actions.triggers.bindings.list', 'actions.triggers.bindings.updateMany',
  'guardian.factors.list', 'guardian.factors.set',
] as const;

/** Files whose Management API calls run with the provisioning credentials. */
export const PROVISION_FILES = ['lib/management/provision.ts'];

export function scopesFor(methods: readonly string[]): string[] {
  const out = new Set<string>();
  for (const method of methods) {
    const scopes = METHOD_SCOPES[method];
    if (!scopes) throw new Error(`No scope known for the Management API method ${method}: add it to METHOD_SCOPES in lib/management/scopes.ts`);
    scopes.forEach((s) => out.add(s));
  }
  return [...out].sort();
}

/** Exactly what the app's M2M application is granted on the Management API. */
export const APP_SCOPES: readonly string[] = scopesFor(APP_METHODS);
/** What the M2M application that runs `npm run auth0:provision` needs (created by hand, once). */
export const PROVISION_SCOPES: readonly string[] = scopesFor(PROVISION_METHODS);
