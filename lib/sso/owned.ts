// The ownership check every SSO read and change starts with: a connection or domain is
// looked up by its id AND the caller's organization, so another organization's id is simply
// "not found" (never read, never changed, and nothing says it exists).
import 'server-only';
import { withTenant } from '@/lib/data/scope';
import { domainOwnedBy } from '@/lib/data/domains';
import { connectionOwnedBy } from '@/lib/data/sso-connections';
import type { TenantContext } from '@/lib/core/context';
import { DomainError } from '@/lib/core/errors';

export const CONNECTION_NOT_FOUND = 'This single sign-on connection does not exist (it may have been deleted).';
export const DOMAIN_NOT_FOUND = 'This domain is not on your organization’s list (it may have been removed).';

/** Nothing with this id in the caller's organization (pages answer 404, forms show the message). */
export class NotFoundInOrganization extends DomainError {
  constructor(message: string) {
    super(message);
    this.name = 'NotFoundInOrganization';
  }
}

export async function ownedConnection(ctx: TenantContext, id: string) {
  const row = await withTenant(ctx, (t) => connectionOwnedBy(t, id));
  if (!row) throw new NotFoundInOrganization(CONNECTION_NOT_FOUND);
  return row;
}

export async function ownedDomain(ctx: TenantContext, id: string) {
  const row = await withTenant(ctx, (t) => domainOwnedBy(t, id));
  if (!row) throw new NotFoundInOrganization(DOMAIN_NOT_FOUND);
  return row;
}

export type OwnedConnection = Awaited<ReturnType<typeof ownedConnection>>;
export type OwnedDomain = Awaited<ReturnType<typeof ownedDomain>>;
