// Invitations to an Auth0 organization. Auth0 keeps them, sends the mail, checks the ticket at
// login and adds the membership with the invited roles.
import 'server-only';
import { config } from '@/lib/config';
import type { Role } from '@/lib/core/permissions';
import type { UndoStack } from '@/lib/core/undo';
import { call, isNotFound } from '@/lib/management/client';
import { missingRole, roleIdsOf } from '@/lib/management/roles';

export interface Invitation {
  id: string;
  email: string;
  inviter: string;
  /** Auth0 role ids (roleNamesOf turns them into names). */
  roleIds: string[];
  connectionId?: string;
  /** ISO dates as Auth0 gives them. */
  createdAt?: string;
  expiresAt?: string;
}

type SdkInvitation = { id?: string; invitee?: { email?: string }; inviter?: { name?: string }; roles?: string[]; created_at?: string; expires_at?: string; connection_id?: string };

function toInvitation(inv: SdkInvitation): Invitation {
  return {
    id: inv.id!,
    email: inv.invitee?.email ?? '',
    inviter: inv.inviter?.name ?? '',
    roleIds: inv.roles ?? [],
    ...(inv.connection_id ? { connectionId: inv.connection_id } : {}),
    createdAt: inv.created_at,
    expiresAt: inv.expires_at,
  };
}

async function create(auth0OrgId: string, input: { inviter: string; email: string; connectionId?: string; roleIds: string[] }, undo: UndoStack): Promise<Invitation> {
  const created = await call((api) =>
    api.organizations.invitations.create(auth0OrgId, {
      inviter: { name: input.inviter },
      invitee: { email: input.email },
      client_id: config().auth0.clientId,
      ...(input.connectionId ? { connection_id: input.connectionId } : {}),
      roles: input.roleIds,
      send_invitation_email: true,
    }),
  );
  undo.push('create invitation', () => deleteInvitation(auth0OrgId, created.id!));
  return toInvitation(created);
}

/**
 * Invites `email` to the organization with these roles (through `connectionId` only, when
 * given) for Tenantry's application; Auth0 mails the link. Revoked again on undo.
 */
export async function createInvitation(
  auth0OrgId: string,
  input: { inviter: string; email: string; roles: readonly Role[]; connectionId?: string },
  undo: UndoStack,
): Promise<Invitation> {
  const roleIds = await roleIdsOf(input.roles, missingRole);
  return create(auth0OrgId, { ...input, roleIds }, undo);
}

/**
 * A fresh invitation (new link, new expiry, new mail) for the same address, roles and
 * connection, in place of `old`: the new one is created first and revoked on undo.
 */
export async function reissueInvitation(auth0OrgId: string, old: Invitation, inviter: string, undo: UndoStack): Promise<Invitation> {
  const created = await create(auth0OrgId, { inviter, email: old.email, connectionId: old.connectionId, roleIds: old.roleIds }, undo);
  await deleteInvitation(auth0OrgId, old.id);
  return created;
}

/** The newest 100 invitations not yet accepted or revoked (Auth0 keeps expired ones too). */
export async function listInvitations(auth0OrgId: string): Promise<Invitation[]> {
  const page = await call((api) => api.organizations.invitations.list(auth0OrgId, { page: 0, per_page: 100, sort: 'created_at:-1' }));
  return page.data.map(toInvitation);
}

/** The invitation, or null when it is gone (accepted, revoked, replaced) or belongs to another organization. */
export async function getInvitation(auth0OrgId: string, id: string): Promise<Invitation | null> {
  try {
    return toInvitation(await call((api) => api.organizations.invitations.get(auth0OrgId, id)));
  } catch (error) {
    if (isNotFound(error)) return null;
    throw error;
  }
}

export async function deleteInvitation(auth0OrgId: string, id: string): Promise<void> {
  await call((api) => api.organizations.invitations.delete(auth0OrgId, id));
}
