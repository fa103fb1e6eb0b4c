// Membership as the authorizer reads it: the Membership table, kept in step with Auth0.
//  - Signup, invitations, SCIM and admin changes write it directly.
//  - A person who joined in Auth0 (invitation accepted, auto-membership) is recorded by
//    admission (lib/admission), once, right after sign-in, from their freshly signed token.
//  - Removal sets removedAt; credentials issued before that are refused from the next
//    request on. A later sign-in (after being re-invited) is admitted again.
// This module only reads. standingOf() is the one rule both the authorizer and admission
// apply, so what admission would do and what authorize() lets in cannot drift apart.
// Lookups are cached for MEMBERSHIP_CACHE_SECONDS. A change clears the cache of the process
// that makes it, so it applies there on the next request; other instances see it once their
// entry expires, within MEMBERSHIP_CACHE_SECONDS.
import 'server-only';
import type { SessionData } from '@auth0/nextjs-auth0/types';
import { config } from '@/lib/config';
import { CLAIMS } from '@/lib/auth/claims';
import { sessionStartedAt } from '@/lib/auth/session-contents';
import type { AccessTokenClaims } from '@/lib/auth/bearer';
import { findMembership, type MembershipRecord } from '@/lib/data/admission';

export type { MembershipRecord };

export interface MembershipEvidence {
  userId: string;
  /** When the session or token was issued. */
  issuedAt: Date;
  /**
   * A browser session proves a sign-in at `issuedAt`; a bearer token does not (a refresh
   * grant mints new tokens with the old claims), so only a session can re-admit a person
   * who was removed.
   */
  proof: 'session' | 'bearer';
  /** Org roles and tenant id from the signed token (post-login Action claims). */
  claimedRoles?: string[];
  claimedTenantId?: string;
  email?: string;
  name?: string;
}

/** What a signed-in session says about its person. */
export function sessionEvidence(session: SessionData): MembershipEvidence {
  const user = session.user;
  return {
    userId: user.sub,
    issuedAt: sessionStartedAt(session),
    proof: 'session',
    claimedRoles: user[CLAIMS.roles] as string[] | undefined,
    claimedTenantId: user[CLAIMS.tenantId] as string | undefined,
    email: user.email,
    name: user.name,
  };
}

/** What a user's access token says about its person. */
export function tokenEvidence(claims: AccessTokenClaims): MembershipEvidence {
  return {
    userId: claims.sub,
    issuedAt: new Date((claims.iat ?? 0) * 1000),
    proof: 'bearer',
    claimedRoles: claims[CLAIMS.roles] as string[] | undefined,
    claimedTenantId: claims[CLAIMS.tenantId] as string | undefined,
  };
}

/**
 * - member: an active row; for a session, also admitted since it was created.
 * - not_admitted: the credential proves a membership admission has not recorded yet (a
 *   session that skipped the post-login step, a first token of a person who joined in Auth0).
 * - not_a_member: nothing proves a membership here.
 */
export type Standing = 'member' | 'not_admitted' | 'not_a_member';

export function standingOf(tenantId: string, row: MembershipRecord | null, evidence: MembershipEvidence): Standing {
  if (row && !row.removedAt) {
    // Admission stamps lastLoginAt at or after the session's creation.
    const admitted = evidence.proof === 'bearer' || (row.lastLoginAt !== null && row.lastLoginAt >= evidence.issuedAt);
    return admitted ? 'member' : 'not_admitted';
  }
  // Not known yet, or removed: only a token issued by Auth0 for this org (and, after a
  // removal, a sign-in after it) proves (re-)admission.
  const claimsForThisOrg = evidence.claimedTenantId === tenantId && Array.isArray(evidence.claimedRoles);
  if (!claimsForThisOrg) return 'not_a_member';
  if (row?.removedAt && (evidence.proof !== 'session' || evidence.issuedAt <= row.removedAt)) return 'not_a_member';
  return 'not_admitted';
}

type MembershipCache = Map<string, { value: MembershipRecord | null; expires: number }>;
// One cache per process. The build bundles this module into several chunks (route handlers,
// pages and actions), each with its own module state: a module-level Map would exist once
// per chunk, and forgetMembership() would clear only the copy of the chunk that called it.
const CACHE_KEY = Symbol.for('tenantry.membershipCache');
const processWide = globalThis as typeof globalThis & { [CACHE_KEY]?: MembershipCache };
const cache: MembershipCache = (processWide[CACHE_KEY] ??= new Map());
const key = (tenantId: string, userId: string) => `${tenantId}\u0000${userId}`;

export function forgetMembership(tenantId: string, userId: string): void {
  cache.delete(key(tenantId, userId));
}

/** Every cached row of this tenant (its security policy, read with them, changed). */
export function forgetTenantMemberships(tenantId: string): void {
  const prefix = key(tenantId, '');
  for (const k of cache.keys()) if (k.startsWith(prefix)) cache.delete(k);
}

/** The person's row, from the cache unless `fresh`. */
export async function loadMembership(tenantId: string, userId: string, fresh = false): Promise<MembershipRecord | null> {
  const k = key(tenantId, userId);
  const hit = cache.get(k);
  if (!fresh && hit && hit.expires > Date.now()) return hit.value;
  const row = await findMembership(tenantId, userId);
  const ttl = config().membershipCacheSeconds * 1000;
  if (ttl > 0) cache.set(k, { value: row, expires: Date.now() + ttl });
  return row;
}

/** The member's current roles, or null when they are not (or no longer) a member. */
export async function activeMembership(tenantId: string, evidence: Pick<MembershipEvidence, 'userId'>): Promise<MembershipRecord | null> {
  const row = await loadMembership(tenantId, evidence.userId);
  return row && !row.removedAt ? row : null;
}

/**
 * Where this credential stands. not_admitted is checked against the database once more:
 * admission may have just run in another instance whose change this one's cache has not
 * seen, and sending the person back to admission would loop until the entry expires.
 */
export async function membershipStanding(tenantId: string, evidence: MembershipEvidence): Promise<{ standing: Standing; membership: MembershipRecord | null }> {
  let row = await loadMembership(tenantId, evidence.userId);
  let standing = standingOf(tenantId, row, evidence);
  if (standing === 'not_admitted') {
    row = await loadMembership(tenantId, evidence.userId, true);
    standing = standingOf(tenantId, row, evidence);
  }
  return { standing, membership: row };
}
