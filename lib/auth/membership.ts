// Membership as the app sees it: the Membership table, kept in step with Auth0.
//  - Signup, invitations, SCIM and admin changes write it directly.
//  - A person who joined in Auth0 (invitation accepted, auto-membership) is recorded on
//    their first request, from the roles in their freshly signed token. One who arrived
//    role-less through an SSO connection with auto-membership gets its default role.
//  - Removal sets removedAt; credentials issued before that are refused from the next
//    request on. A later login (after being re-invited) carries a newer token and rejoins.
// Lookups are cached for MEMBERSHIP_CACHE_SECONDS. A change clears the cache of the process
// that makes it, so it applies there on the next request; other instances see it once their
// entry expires, within MEMBERSHIP_CACHE_SECONDS.
import 'server-only';
import { withTenant } from '@/lib/data/scope';
import { config } from '@/lib/config';
import { isRole } from '@/lib/auth/permissions';
import { justInTimeGrant } from '@/lib/sso/just-in-time';

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

interface CachedMembership { roles: string[]; email: string | null; name: string | null; removedAt: Date | null; lastLoginAt: Date | null }

type MembershipCache = Map<string, { value: CachedMembership | null; expires: number }>;
// One cache per process. The build bundles this module into several chunks (route handlers,
// pages and actions), each with its own module state: a module-level Map would exist once
// per chunk, and forgetMembership() would clear only the copy of the chunk that called it.
const CACHE_KEY = Symbol.for('tenantry.membershipCache');
const processWide = globalThis as typeof globalThis & { [CACHE_KEY]?: MembershipCache };
const cache: MembershipCache = (processWide[CACHE_KEY] ??= new Map());
const key = (orgId: string, userId: string) => `${orgId}\u0000${userId}`;

export function forgetMembership(orgId: string, userId: string): void {
  cache.delete(key(orgId, userId));
}

async function load(orgId: string, userId: string): Promise<CachedMembership | null> {
  const k = key(orgId, userId);
  const hit = cache.get(k);
  if (hit && hit.expires > Date.now()) return hit.value;
  const row = await withTenant(orgId, (t) => t.memberships.findUnique({
    where: { orgId_userId: { orgId, userId } },
    select: { roles: true, email: true, name: true, removedAt: true, lastLoginAt: true },
  }));
  const ttl = config().membershipCacheSeconds * 1000;
  if (ttl > 0) cache.set(k, { value: row, expires: Date.now() + ttl });
  return row;
}

/** The member's current roles, or null when they are not (or no longer) a member. */
export async function activeMembership(orgId: string, evidence: MembershipEvidence): Promise<CachedMembership | null> {
  const row = await load(orgId, evidence.userId);
  const claimsForThisOrg = evidence.claimedTenantId === orgId && Array.isArray(evidence.claimedRoles);
  const roles = (evidence.claimedRoles ?? []).filter(isRole);

  if (row && !row.removedAt) {
    if (!row.lastLoginAt || row.lastLoginAt < evidence.issuedAt) await recordLogin(orgId, evidence);
    return row;
  }
  // Not known yet, or removed: only a token issued by Auth0 for this org after the removal
  // proves (re-)admission.
  if (!claimsForThisOrg) return null;
  if (row?.removedAt && (evidence.proof !== 'session' || evidence.issuedAt <= row.removedAt)) return null;
  const jit = roles.length === 0 ? await justInTimeGrant(orgId, evidence.userId) : null;
  if (jit) roles.push(jit.role);
  const source = jit ? 'sso' : 'login';
  const saved = await withTenant(orgId, async (t) => {
    // The organization may have been deleted while middleware still had it cached: then
    // there is nothing to join.
    if (!(await t.organization.findUnique({ where: { id: orgId }, select: { id: true } }))) return null;
    const m = await t.memberships.upsert({
      where: { orgId_userId: { orgId, userId: evidence.userId } },
      create: { orgId, userId: evidence.userId, email: evidence.email, name: evidence.name, roles, source, lastLoginAt: new Date() },
      update: { roles, ...(jit ? { source } : {}), removedAt: null, email: evidence.email, name: evidence.name, lastLoginAt: new Date() },
      select: { roles: true, email: true, name: true, removedAt: true, lastLoginAt: true },
    });
    await t.auditEvents.create({
      data: { orgId, actor: evidence.userId, actorName: evidence.name ?? evidence.email, action: 'member.joined', target: evidence.userId, details: jit ? { roles, connection: jit.connection } : { roles } },
    });
    return m;
  });
  forgetMembership(orgId, evidence.userId);
  return saved;
}

async function recordLogin(orgId: string, evidence: MembershipEvidence): Promise<void> {
  await withTenant(orgId, async (t) => {
    await t.memberships.update({
      where: { orgId_userId: { orgId, userId: evidence.userId } },
      data: { lastLoginAt: new Date(), ...(evidence.email ? { email: evidence.email } : {}), ...(evidence.name ? { name: evidence.name } : {}) },
    });
    await t.auditEvents.create({
      data: { orgId, actor: evidence.userId, actorName: evidence.name ?? evidence.email, action: 'member.login', target: evidence.userId, details: {} },
    });
  });
  forgetMembership(orgId, evidence.userId);
}
