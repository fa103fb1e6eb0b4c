// The caller's organization: display name and branding, and deleting it. Branding is kept
// in two places that must agree: our Organization row (the tenant's own pages) and the Auth0
// organization (its login page).
import 'server-only';
import type { TenantContext } from '@/lib/core/context';
import { auditFor } from '@/lib/data/audit';
import { withTenant } from '@/lib/data/scope';
import { connectionAuth0Ids } from '@/lib/data/sso-connections';
import { deleteConnection } from '@/lib/management/connections';
import { deleteOrganization as deleteAuth0Organization, updateNameAndBranding } from '@/lib/management/organizations';
import { DomainError } from '@/lib/core/errors';
import type { OrganizationInput } from '@/lib/admin/inputs';
import { allOrNothing } from '@/lib/core/undo';
import { deleteOrganizationApiKeys } from '@/lib/api-keys/keys';
import { forgetTenant } from '@/lib/tenancy/tenant-directory';

export async function organizationSettings(ctx: TenantContext) {
  const row = await withTenant(ctx, (t) => t.organization.findFirst({
    select: { slug: true, displayName: true, logoUrl: true, primaryColor: true, pageBackgroundColor: true },
  }));
  if (!row) throw new DomainError('This organization no longer exists.');
  return row;
}

/**
 * Saves name and branding to Auth0 and then to our row, with an audit event. Only
 * display_name and branding are sent: metadata (tenantId) is never part of this update,
 * because Auth0 replaces metadata as a whole.
 */
export async function updateOrganization(ctx: TenantContext, input: OrganizationInput) {
  const auth0OrgId = ctx.tenant.auth0OrgId;
  const before = await organizationSettings(ctx);
  await allOrNothing(async (undo) => {
    await updateNameAndBranding(auth0OrgId, input, undo);
    await withTenant(ctx, async (t) => {
      await t.organization.update({
        where: { id: t.tenantId },
        data: { displayName: input.displayName, logoUrl: input.logoUrl, primaryColor: input.primaryColor, pageBackgroundColor: input.pageBackgroundColor },
      });
      const changed: Record<string, { from: string | null; to: string | null }> = {};
      for (const key of ['displayName', 'logoUrl', 'primaryColor', 'pageBackgroundColor'] as const) {
        if (before[key] !== input[key]) changed[key] = { from: before[key], to: input[key] };
      }
      await auditFor(ctx)(t, 'organization.updated', before.slug, { changed });
    });
  });
}

/**
 * Deletes the organization's enterprise connections, its API keys' applications and the Auth0 organization, then our
 * Organization row, which cascades to memberships
 * and projects. The audit trail (tenantId without a foreign key) stays, with one last event
 * saying who deleted the organization. If the database step fails, trying again finishes
 * the job: an Auth0 organization that is already gone counts as deleted.
 */
export async function deleteOrganization(ctx: TenantContext, confirmSlug: string): Promise<void> {
  if (confirmSlug.trim().toLowerCase() !== ctx.tenant.slug) {
    throw new DomainError(`Type ${ctx.tenant.slug} exactly to confirm.`, 'confirmSlug');
  }
  const row = await organizationSettings(ctx);
  // The organization's enterprise connections serve only it: remove them from Auth0 first,
  // so none stays enabled for the app. Already gone counts as removed (a retry finishes).
  const connections = await withTenant(ctx, connectionAuth0Ids);
  for (const connection of connections) {
    await deleteConnection(connection.auth0ConnectionId);
  }
  // So are its API keys' applications (their rows go with the organization's row).
  const apiKeys = await deleteOrganizationApiKeys(ctx);
  await deleteAuth0Organization(ctx.tenant.auth0OrgId);
  await withTenant(ctx, async (t) => {
    const counts = {
      members: await t.memberships.count({ where: { removedAt: null } }),
      projects: await t.projects.count(),
      apiKeys,
    };
    await auditFor(ctx)(t, 'organization.deleted', row.slug, { displayName: row.displayName, auth0OrgId: ctx.tenant.auth0OrgId, ...counts });
    await t.organization.delete({ where: { id: t.tenantId } });
  });
  forgetTenant(row.slug); // the slug stops resolving here at once; elsewhere see tenant-directory.ts
}
