// The database side of admission (lib/admission) and of the authorizer's membership read
// (lib/auth/membership.ts): one person's Membership row in one tenant, and the two writes
// that admit them. Every query names the tenant.
import 'server-only';
import { recordAudit, type AuditActor, type AuditDetails } from '@/lib/data/audit';
import type { ClientInfo } from '@/lib/core/context';
import { withTenant } from '@/lib/data/scope';

/** What the authorizer needs to know about a member. */
export interface MembershipRecord {
  roles: string[];
  email: string | null;
  name: string | null;
  removedAt: Date | null;
  lastLoginAt: Date | null;
  /**
   * The organization's MFA rule (its security policy), read with the row so authorize() needs
   * no second query (and cached with it). Set by findMembership only.
   */
  orgMfa?: { required: boolean; ssoExempt: boolean };
}

const RECORD_FIELDS = { roles: true, email: true, name: true, removedAt: true, lastLoginAt: true } as const;

/** Who is being admitted, as their token or session names them. */
export interface Arrival {
  userId: string;
  email?: string;
  name?: string;
  /** Where they arrived from (the sign-in's or the API call's request). */
  client?: ClientInfo;
}

/** The person's row in this tenant, removed or not; null when there is none. */
export async function findMembership(tenantId: string, userId: string): Promise<MembershipRecord | null> {
  return withTenant(tenantId, async (t) => {
    const row = await t.memberships.findFirst({ where: { userId }, select: RECORD_FIELDS });
    if (!row) return null;
    const org = await t.organization.findFirst({ select: { mfaPolicy: true, mfaSsoExempt: true } });
    return { ...row, orgMfa: { required: org?.mfaPolicy === 'required', ssoExempt: org?.mfaSsoExempt ?? false } };
  });
}

/** The person arriving is the actor of their own arrival. */
const arriving = (person: Arrival): AuditActor => ({ type: 'user', id: person.userId, name: person.name ?? person.email ?? null, email: person.email ?? null, client: person.client });
const recordArrival = (t: Parameters<typeof recordAudit>[0], person: Arrival, action: 'member.login' | 'member.joined', details: AuditDetails) =>
  recordAudit(t, arriving(person), action, person.userId, details);

/** A member signed in again: `at` becomes their last login, with the name and email they now have. */
export async function recordLogin(tenantId: string, person: Arrival, at: Date): Promise<MembershipRecord> {
  return withTenant(tenantId, async (t) => {
    const row = await t.memberships.update({
      where: { tenantId_userId: { tenantId: tenantId, userId: person.userId } },
      data: { lastLoginAt: at, ...(person.email ? { email: person.email } : {}), ...(person.name ? { name: person.name } : {}) },
      select: RECORD_FIELDS,
    });
    await recordArrival(t, person, 'member.login', {});
    return row;
  });
}

export interface Joining {
  roles: string[];
  /** Set when the roles came from an SSO connection's default role (just in time). */
  connection?: string;
  at: Date;
}

/**
 * Records a person who joined in Auth0 (or rejoined after a removal) as a member with `roles`.
 * Null when the organization no longer exists (deleted while middleware still had it cached).
 */
export async function recordJoin(tenantId: string, person: Arrival, joining: Joining): Promise<MembershipRecord | null> {
  const { roles, connection, at } = joining;
  const source = connection ? 'sso' : 'login';
  return withTenant(tenantId, async (t) => {
    if (!(await t.organization.findFirst({ select: { id: true } }))) return null;
    const row = await t.memberships.upsert({
      where: { tenantId_userId: { tenantId: tenantId, userId: person.userId } },
      create: { tenantId: tenantId, userId: person.userId, email: person.email, name: person.name, roles, source, lastLoginAt: at },
      update: { roles, ...(connection ? { source } : {}), removedAt: null, email: person.email, name: person.name, lastLoginAt: at },
      select: RECORD_FIELDS,
    });
    // The email lets the webhook outbox tell an accepted invitation (lib/data/webhook-outbox.ts).
    await recordArrival(t, person, 'member.joined', { roles, ...(connection ? { connection } : {}), ...(person.email ? { email: person.email } : {}) });
    return row;
  });
}
