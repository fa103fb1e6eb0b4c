// Auth0 organizations: creating one with its owner, its name and branding (what its login
// page shows), listing and deleting them.
import 'server-only';
import { DomainError } from '@/lib/core/errors';
import type { UndoStack } from '@/lib/core/undo';
import { call, isConflict, isNotFound } from '@/lib/management/client';
import { addMemberWithRoles } from '@/lib/management/members';
import { missingRole, roleIdsOf } from '@/lib/management/roles';

/** Auth0 already has an organization of this name (names are unique in the tenant). */
export class OrganizationNameTaken extends DomainError {
  constructor(name: string) {
    super(`An organization named ${name} already exists in Auth0.`);
    this.name = 'OrganizationNameTaken';
  }
}

/**
 * Creates the organization `name` carrying our tenant id in its metadata, with `connectionId`
 * enabled (no auto-membership) and `ownerUserId` as its org_admin. On undo the organization
 * is deleted, and its membership with it. Nothing is created when org_admin is missing.
 */
export async function createOrganizationWithOwner(
  input: { name: string; displayName: string; tenantId: string; connectionId: string; ownerUserId: string },
  undo: UndoStack,
): Promise<string> {
  await roleIdsOf(['org_admin'], missingRole);
  const org = await call((api) =>
    api.organizations.create({
      name: input.name,
      display_name: input.displayName,
      metadata: { tenantId: input.tenantId },
      enabled_connections: [{ connection_id: input.connectionId, assign_membership_on_login: false }],
    }),
  ).catch((error) => {
    if (isConflict(error)) throw new OrganizationNameTaken(input.name);
    throw error;
  });
  const auth0OrgId = org.id!;
  undo.push('create organization', () => deleteOrganization(auth0OrgId));
  await addMemberWithRoles(auth0OrgId, input.ownerUserId, ['org_admin']);
  return auth0OrgId;
}

export interface OrganizationProfile { displayName: string; logoUrl: string | null; primaryColor: string; pageBackgroundColor: string }

/** Auth0's branding object for these settings (colours always come as a pair). */
function auth0Branding(s: Omit<OrganizationProfile, 'displayName'>) {
  return { ...(s.logoUrl ? { logo_url: s.logoUrl } : {}), colors: { primary: s.primaryColor, page_background: s.pageBackgroundColor } };
}

/**
 * Sets display name and branding; the previous ones come back on undo. Only these two are
 * sent: metadata (tenantId) is never part of the update, because Auth0 replaces it as a whole.
 */
export async function updateNameAndBranding(auth0OrgId: string, profile: OrganizationProfile, undo: UndoStack): Promise<void> {
  const previous = await call((api) => api.organizations.get(auth0OrgId));
  await call((api) => api.organizations.update(auth0OrgId, { display_name: profile.displayName, branding: auth0Branding(profile) }));
  undo.push('update organization', () =>
    call((api) => api.organizations.update(auth0OrgId, {
      display_name: previous.display_name || previous.name,
      ...(previous.branding ? { branding: previous.branding } : {}),
    })),
  );
}

/** Deletes the organization (its memberships and invitations go with it). Already gone counts as deleted. */
export async function deleteOrganization(auth0OrgId: string): Promise<void> {
  await call((api) => api.organizations.delete(auth0OrgId)).catch((error) => {
    if (!isNotFound(error)) throw error;
  });
}

export interface Auth0Organization {
  id: string;
  name: string;
  displayName?: string;
  /** Our tenant id, when Tenantry (or the local tenant's seed) created it. */
  tenantId?: string;
  logoUrl?: string;
  primaryColor?: string;
  pageBackgroundColor?: string;
  /** Its metadata (string values): tenantId and the security policy the post-login Action reads. */
  metadata: Record<string, string>;
}

/** Every organization of the Auth0 tenant. */
export async function listOrganizations(): Promise<Auth0Organization[]> {
  return call(async (api) => {
    const out: Auth0Organization[] = [];
    let page = await api.organizations.list({ take: 100 });
    for (;;) {
      for (const org of page.data) {
        if (!org.id || !org.name) continue;
        out.push({
          id: org.id, name: org.name, displayName: org.display_name, tenantId: (org.metadata as Record<string, string> | undefined)?.tenantId,
          logoUrl: org.branding?.logo_url, primaryColor: org.branding?.colors?.primary, pageBackgroundColor: org.branding?.colors?.page_background,
          metadata: { ...(org.metadata as Record<string, string> | undefined) },
        });
      }
      if (!page.hasNextPage()) break;
      page = await page.getNextPage();
    }
    return out;
  });
}

/**
 * Sets (string) or removes (null) these keys of the organization's metadata and keeps every
 * other key (tenantId, other features'). Auth0's PATCH /organizations/{id} replaces `metadata`
 * as a whole, so it is read, merged and written whole. The previous metadata comes back on undo.
 */
export async function mergeOrganizationMetadata(auth0OrgId: string, patch: Record<string, string | null>, undo: UndoStack): Promise<void> {
  const previous = ((await call((api) => api.organizations.get(auth0OrgId))).metadata ?? {}) as Record<string, string>;
  const next: Record<string, string | null> = { ...previous };
  let changed = false;
  for (const [key, value] of Object.entries(patch)) {
    if ((previous[key] ?? null) === value) continue;
    changed = true;
    // A removed key is sent as null (Auth0: "not set"): removed whether Auth0 replaces or merges.
    next[key] = value;
  }
  if (!changed) return;
  await call((api) => api.organizations.update(auth0OrgId, { metadata: next }));
  undo.push('update organization metadata', () => call((api) => api.organizations.update(auth0OrgId, { metadata: previous })));
}
