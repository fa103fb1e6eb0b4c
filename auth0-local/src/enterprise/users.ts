// Just-in-time users of enterprise connections: created on the first sign-in through the
// connection, their profile refreshed from the IdP on every later one (as Auth0 does).
import type { Runtime } from '../runtime.js';
import { defaultPicture, nicknameOf } from '../seed.js';
import type { Connection, User } from '../store.js';

/** What an upstream IdP told us about the person, already mapped to Auth0's profile names. */
export interface UpstreamProfile {
  /** NameID (SAML) or sub (OIDC). */
  id: string;
  email?: string | undefined;
  email_verified?: boolean | undefined;
  name?: string | undefined;
  given_name?: string | undefined;
  family_name?: string | undefined;
  nickname?: string | undefined;
  picture?: string | undefined;
}

/** `samlp|<connection>|<nameID>` or `oidc|<connection>|<sub>`. */
export function enterpriseUserId(conn: Connection, upstreamId: string): string {
  return `${conn.strategy}|${conn.name}|${upstreamId}`;
}

export function upsertEnterpriseUser(rt: Runtime, conn: Connection, p: UpstreamProfile): User {
  const userId = enterpriseUserId(conn, p.id);
  const nowIso = new Date(rt.now() * 1000).toISOString();
  const email = (p.email ?? '').trim().toLowerCase();
  const given = p.given_name?.trim() || undefined;
  const family = p.family_name?.trim() || undefined;
  const name = p.name?.trim() || [given, family].filter(Boolean).join(' ') || email || p.id;
  return rt.store.mutate((s) => {
    let user = s.users.find((u) => u.user_id === userId);
    if (!user) {
      user = {
        user_id: userId,
        email,
        email_verified: p.email_verified ?? false,
        name,
        nickname: p.nickname?.trim() || (email ? nicknameOf(email) : name),
        picture: p.picture ?? defaultPicture(name || email),
        connection: conn.name,
        app_metadata: {},
        user_metadata: {},
        identities: [{ provider: conn.strategy, user_id: `${conn.name}|${p.id}`, connection: conn.name, isSocial: false }],
        created_at: nowIso,
        updated_at: nowIso,
        logins_count: 0,
      };
      if (given) user.given_name = given;
      if (family) user.family_name = family;
      s.users.push(user);
    } else {
      // The IdP is the source of truth for the profile (Auth0 updates it on each login).
      user.email = email;
      if (p.email_verified !== undefined) user.email_verified = p.email_verified;
      user.name = name;
      if (p.nickname?.trim()) user.nickname = p.nickname.trim();
      if (p.picture) user.picture = p.picture;
      if (given) user.given_name = given; else delete user.given_name;
      if (family) user.family_name = family; else delete user.family_name;
      user.updated_at = nowIso;
    }
    return structuredClone(user);
  });
}
