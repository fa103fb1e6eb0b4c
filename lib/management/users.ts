// People in Auth0: finding, creating and updating their accounts, and the organizations they
// belong to. The SDK's shapes stay here; callers get the few fields the app reads.
import 'server-only';
import { randomBytes } from 'node:crypto';
import { call, isNotFound } from '@/lib/management/client';
import type { UndoStack } from '@/lib/core/undo';

export interface Auth0User {
  userId: string;
  email?: string;
  name?: string;
  givenName?: string;
  familyName?: string;
  emailVerified: boolean;
  /** The connections the person has an identity in (database, enterprise, ...). */
  connections: string[];
  appMetadata: Record<string, unknown>;
}

type SdkUser = {
  user_id?: string; email?: string; name?: string; given_name?: string; family_name?: string; email_verified?: boolean;
  identities?: { connection?: string }[]; app_metadata?: unknown;
};

function toUser(u: SdkUser & { user_id: string }): Auth0User {
  return {
    userId: u.user_id,
    email: u.email,
    name: u.name,
    givenName: u.given_name,
    familyName: u.family_name,
    emailVerified: u.email_verified === true,
    connections: (u.identities ?? []).map((i) => i.connection).filter((c): c is string => !!c),
    appMetadata: (u.app_metadata as Record<string, unknown> | undefined) ?? {},
  };
}

/** Every account with exactly this address (Auth0 compares it case-sensitively; database users are stored lower-cased). */
export async function findUsersByEmail(email: string): Promise<Auth0User[]> {
  const users = await call((api) => api.users.listUsersByEmail({ email }));
  return users.filter((u): u is typeof u & { user_id: string } => !!u.user_id).map(toUser);
}

/** The account, or null when Auth0 has none with this id. */
export async function getUser(userId: string): Promise<Auth0User | null> {
  try {
    const u = await call((api) => api.users.get(userId));
    return toUser({ ...u, user_id: u.user_id ?? userId });
  } catch (error) {
    if (isNotFound(error)) return null;
    throw error;
  }
}

export interface UserProfile { email: string; name: string; givenName?: string; familyName?: string }

/**
 * A new account in `connection` with an unverified address and a password nobody knows (the
 * person sets their own through a reset, or signs in with SSO); deleted again on undo. Auth0
 * answers 409 (isConflict) when the connection already has a user with this address.
 */
export async function createUser(connection: string, profile: UserProfile, appMetadata: Record<string, unknown>, undo: UndoStack): Promise<string> {
  const created = await call((api) =>
    api.users.create({
      connection,
      email: profile.email,
      name: profile.name,
      ...(profile.givenName ? { given_name: profile.givenName } : {}),
      ...(profile.familyName ? { family_name: profile.familyName } : {}),
      password: `${randomBytes(24).toString('base64url')}aA1!`,
      email_verified: false,
      app_metadata: appMetadata,
    }),
  );
  const userId = created.user_id!;
  undo.push('create user', () => call((api) => api.users.delete(userId)));
  return userId;
}

/** Writes name (and the address when it changed); the old values come back on undo. */
export async function updateUserProfile(userId: string, before: UserProfile, after: UserProfile, undo: UndoStack): Promise<void> {
  const body = (p: UserProfile) => ({
    name: p.name,
    ...(p.givenName ? { given_name: p.givenName } : {}),
    ...(p.familyName ? { family_name: p.familyName } : {}),
  });
  const emailChanged = after.email !== before.email;
  await call((api) => api.users.update(userId, { ...body(after), ...(emailChanged ? { email: after.email } : {}) }));
  undo.push('update user', () => call((api) => api.users.update(userId, { ...body(before), ...(emailChanged ? { email: before.email } : {}) })));
}

/**
 * Auth0 organization ids the user is a member of (up to 1,000: ten pages). `GET
 * /users/{id}/organizations` is the documented list of a user's memberships
 * (https://auth0.com/docs/manage-users/organizations/configure-organizations/retrieve-user-membership),
 * so it is also the one membership test: a member-roles lookup answering 200 [] does not prove it.
 */
export async function organizationIdsOfUser(userId: string): Promise<string[]> {
  return call(async (api) => {
    const ids: string[] = [];
    let page = await api.users.organizations.list(userId, { per_page: 100 });
    for (let pages = 0; pages < 10; pages++) {
      for (const org of page.data) if (org.id) ids.push(org.id);
      if (!page.hasNextPage()) break;
      page = await page.getNextPage();
    }
    return ids;
  });
}

/** PATCH /api/v2/users/{id} with `name` only: a person renaming themself on the account page. */
export async function renameUser(userId: string, name: string): Promise<void> {
  await call((api) => api.users.update(userId, { name }));
}

/**
 * DELETE /api/v2/users/{id}/sessions (delete:sessions): every Auth0 (SSO) session of the user
 * ends, on every device, so their next sign-in asks for credentials again
 * (https://auth0.com/docs/api/management/v2/users/delete-sessions-for-user). Refresh tokens are
 * a separate resource; the app uses none. A user already gone has no sessions left.
 */
export async function endAuth0Sessions(userId: string): Promise<void> {
  try {
    await call((api) => api.users.sessions.delete(userId));
  } catch (error) {
    if (!isNotFound(error)) throw error;
  }
}

/**
 * DELETE /api/v2/users/{id} (delete:users): the account and, with it, its Auth0 organization
 * memberships and factors. One already gone counts as deleted.
 */
export async function deleteUser(userId: string): Promise<void> {
  try {
    await call((api) => api.users.delete(userId));
  } catch (error) {
    if (!isNotFound(error)) throw error;
  }
}
