// Creating a tenant: our Organization row and the Auth0 organization, together or not at
// all. The slug's unique index in our database is the referee when two people race for
// the same slug; Auth0's 409 on the organization name is the second line.
import 'server-only';
import { saveSecurityPolicy } from '@/lib/data/security-policy';
import { DEFAULT_SECURITY_POLICY } from '@/lib/security/policy';
import { policyFromMetadata } from '@/lib/security/policy-metadata';
import { randomBytes } from 'node:crypto';
import { recordAudit } from '@/lib/data/audit';
import { organizationBySlug, organizationWithIdOrSlug } from '@/lib/data/directory';
import { addMember } from '@/lib/data/memberships';
import { withTenant } from '@/lib/data/scope';
import { config } from '@/lib/config';
import { UndoStack } from '@/lib/core/undo';
import type { ClientInfo } from '@/lib/core/context';
import { ManagementApiError } from '@/lib/management/errors';
import { findConnectionByName } from '@/lib/management/connections';
import { createOrganizationWithOwner, listOrganizations, OrganizationNameTaken } from '@/lib/management/organizations';
import { MissingRole } from '@/lib/management/roles';
import { slugProblem, describeSlugProblem } from '@/lib/tenancy/slug';

export type SlugAvailability = { available: true } | { available: false; reason: 'format' | 'reserved' | 'taken'; message: string };

export async function checkSlug(slug: string): Promise<SlugAvailability> {
  const problem = slugProblem(slug);
  if (problem) return { available: false, reason: problem, message: describeSlugProblem(problem) };
  const existing = await organizationBySlug(slug);
  return existing ? { available: false, reason: 'taken', message: 'That address is taken. Please choose another.' } : { available: true };
}

export class ProvisioningError extends Error {
  constructor(readonly field: 'slug' | 'displayName' | null, message: string) {
    super(message);
  }
}

const newTenantId = () => `ten_${randomBytes(10).toString('hex')}`;
const pendingOrgId = (tenantId: string) => `pending:${tenantId}`;

function isUniqueViolation(error: unknown) {
  return typeof error === 'object' && error !== null && 'code' in error && (error as { code: string }).code === 'P2002';
}

/**
 * Creates the organization `slug`, enables the database connection on it and makes
 * `owner` its org_admin. On any failure, undoes what was done and throws ProvisioningError.
 */
export async function createOrganization(input: { slug: string; displayName: string; owner: { userId: string; email?: string; name?: string; client?: ClientInfo } }) {
  const { slug, displayName, owner } = input;
  const problem = slugProblem(slug);
  if (problem) throw new ProvisioningError('slug', describeSlugProblem(problem));
  const tenantId = newTenantId();

  // 1. Claim the slug locally (unique index): the loser of a race stops here.
  try {
    await withTenant(tenantId, (t) => t.organization.create({ data: { id: tenantId, slug, displayName, auth0OrgId: pendingOrgId(tenantId) } }));
  } catch (error) {
    if (isUniqueViolation(error)) throw new ProvisioningError('slug', 'That address is taken. Please choose another.');
    throw error;
  }

  const undo = new UndoStack();
  try {
    // 2. The Auth0 organization, with our id in its metadata and the database connection;
    // 3. the owner becomes a member with org_admin.
    const connectionId = await databaseConnectionId();
    const auth0OrgId = await createOrganizationWithOwner({ name: slug, displayName, tenantId, connectionId, ownerUserId: owner.userId }, undo).catch((error) => {
      if (error instanceof OrganizationNameTaken) throw new ProvisioningError('slug', 'That address is taken. Please choose another.');
      if (error instanceof MissingRole) throw new ProvisioningError(null, error.message);
      throw error;
    });
    // 4. Our row gets the real id; membership and audit in the same transaction.
    await withTenant(tenantId, async (t) => {
      await t.organization.update({ where: { id: tenantId }, data: { auth0OrgId } });
      await addMember(t, { userId: owner.userId, email: owner.email, name: owner.name, roles: ['org_admin'], source: 'signup' });
      await recordAudit(t, { type: 'user', id: owner.userId, name: owner.name ?? owner.email ?? null, email: owner.email ?? null, client: owner.client }, 'organization.created', slug, { displayName });
    });
    return { tenantId, auth0OrgId, slug };
  } catch (error) {
    // Undo in reverse order; the Auth0 org goes first so no orphan is left behind.
    await undo.rollback();
    await withTenant(tenantId, (t) => t.organization.delete({ where: { id: tenantId } })).catch((e) => console.error('provisioning: could not remove row', tenantId, e));
    if (error instanceof ProvisioningError) throw error;
    console.error('provisioning failed:', error);
    // The Management API's messages already say what to do ("try again in 20 s").
    const reason = error instanceof ManagementApiError ? error.message.replace(/\s*Nothing was changed;.*$/, '') : 'Something went wrong on our side.';
    throw new ProvisioningError(null, `We could not create the organization. ${reason} Nothing was created; please try again.`.replace(/\.\s*\./g, '.'));
  }
}

let connectionIdCache: string | undefined;
async function databaseConnectionId(): Promise<string> {
  if (connectionIdCache) return connectionIdCache;
  const name = config().auth0.dbConnection;
  const connection = await findConnectionByName(name);
  if (!connection) throw new ProvisioningError(null, `The Auth0 connection ${name} does not exist (AUTH0_DB_CONNECTION).`);
  connectionIdCache = connection.id;
  return connection.id;
}

/**
 * Registers Auth0 organizations that carry metadata.tenantId but have no row yet (the
 * local tenant's demo organizations; or recovery after restoring a database).
 */
export async function importTenantsFromAuth0(): Promise<string[]> {
  const imported: string[] = [];
  for (const org of await listOrganizations()) {
    const tenantId = org.tenantId;
    if (!tenantId) continue;
    const existing = await organizationWithIdOrSlug(tenantId, org.name);
    if (existing) continue;
    const data = {
      id: tenantId, auth0OrgId: org.id, slug: org.name, displayName: org.displayName ?? org.name,
      logoUrl: org.logoUrl || null, primaryColor: org.primaryColor ?? null,
      pageBackgroundColor: org.pageBackgroundColor ?? null,
    };
    // The sign-in policy Auth0 enforces (the demo organization that requires MFA) is the
    // app's to enforce too: it comes along.
    const policy = policyFromMetadata(org.metadata);
    await withTenant(tenantId, async (t) => {
      await t.organization.create({ data });
      if (policy.mfa !== 'off' || policy.signInMethods !== 'any') await saveSecurityPolicy(t, { ...DEFAULT_SECURITY_POLICY, ...policy });
    });
    imported.push(org.name);
  }
  return imported;
}
