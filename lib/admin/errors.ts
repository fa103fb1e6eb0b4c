// Errors the admin console shows as they are: a refusal that names the form field it is
// about (or none), never a stack trace. Management API failures stay ManagementApiError.
export class AdminError extends Error {
  constructor(message: string, readonly field?: string) {
    super(message);
    this.name = 'AdminError';
  }
}

/** A Tenantry role Auth0 does not have: the tenant was not provisioned. */
export function missingRole(name: string): AdminError {
  return new AdminError(`The role ${name} is missing in Auth0. Run npm run auth0:provision.`);
}
