// Member changes with the membership cache ON (as in production): a removed or demoted member
// is refused on their very next request in the same process, and an admin can sign a member,
// or everyone, out. Against the local tenant's Management API and a real database.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWorld, type World } from '@/lib/testing/world';

let w: World;
let members: typeof import('@/lib/admin/members');
let membership: typeof import('@/lib/auth/membership');
let revocation: typeof import('@/lib/auth/revocation');
let DomainError: typeof import('@/lib/core/errors').DomainError;

beforeAll(async () => {
  w = await startWorld({ settings: { MEMBERSHIP_CACHE_SECONDS: '60' } });
  members = await import('@/lib/admin/members');
  membership = await import('@/lib/auth/membership');
  revocation = await import('@/lib/auth/revocation');
  ({ DomainError } = await import('@/lib/core/errors'));
});
afterAll(async () => w?.close());

const sessionOf = (userId: string) => ({ userId, issuedAt: new Date(Date.now() - 60_000), proof: 'session' as const });
const auditOf = (slug: string, action: string) => w.prisma.auditEvent.findMany({ where: { tenantId: w.org(slug).id, action } });

describe('with the membership cache on', () => {
  it('a demoted member has the new role on their very next request', async () => {
    const admin = await w.ctx('acme', 'alice@acme.test');
    const bob = w.userId('bob@acme.test');
    expect(await membership.activeMembership(w.org('acme').id, sessionOf(bob))).toMatchObject({ roles: ['org_member'] }); // cached now
    await members.changeRoles(admin, { userId: bob, roles: ['org_readonly'] });
    expect(await membership.activeMembership(w.org('acme').id, sessionOf(bob))).toMatchObject({ roles: ['org_readonly'] });
    await members.changeRoles(admin, { userId: bob, roles: ['org_member'] });
  });

  it('a removed member is refused on their very next request', async () => {
    const admin = await w.ctx('acme', 'alice@acme.test');
    const carol = w.userId('carol@example.test');
    expect(await membership.activeMembership(w.org('acme').id, sessionOf(carol))).not.toBeNull(); // cached now
    await members.removeMember(admin, { userId: carol });
    expect(await membership.activeMembership(w.org('acme').id, sessionOf(carol))).toBeNull();
  });
});

describe('signing people out', () => {
  it('"Sign out of all sessions" ends the member’s sessions in this organization, with an audit event', async () => {
    const admin = await w.ctx('acme', 'alice@acme.test');
    const bob = w.userId('bob@acme.test');
    const session = { sid: 'bobs-laptop', userId: bob, auth0OrgId: w.org('acme').auth0OrgId, createdAt: Math.floor(Date.now() / 1000) - 60 };
    expect(await revocation.isRevoked(session)).toBe(false);
    await members.signOutMember(admin, { userId: bob });
    expect(await revocation.isRevoked(session)).toBe(true);
    expect(await revocation.isRevoked({ ...session, auth0OrgId: w.org('globex').auth0OrgId })).toBe(false);
    const [event] = await auditOf('acme', 'member.signed_out');
    expect(event).toMatchObject({ actor: admin.principal.id, target: bob, details: { email: 'bob@acme.test' } });
  });

  it('a sign-in in the same second as the sign-out is a new session: only what began before the cut-off is ended', async () => {
    const admin = await w.ctx('acme', 'alice@acme.test');
    const bob = w.userId('bob@acme.test');
    const signedOutAt = Date.now();
    await members.signOutMember(admin, { userId: bob });
    const cutOff = (await w.prisma.sessionRevocation.findUniqueOrThrow({ where: { key: `member:${w.org('acme').auth0OrgId}:${bob}` } })).before.getTime();
    expect(cutOff).toBeGreaterThanOrEqual(signedOutAt);
    const second = Math.floor(cutOff / 1000);
    const session = (startedAtMs: number) => ({ userId: bob, auth0OrgId: w.org('acme').auth0OrgId, createdAt: second, startedAtMs });
    // Both began in the cut-off's second (the SDK's createdAt is the same); the millisecond decides.
    expect(await revocation.isRevoked(session(cutOff - 1))).toBe(true);
    expect(await revocation.isRevoked(session(cutOff + 1))).toBe(false);
    // A session saved before sessions carried milliseconds: whole seconds, the stricter reading.
    expect(await revocation.isRevoked({ userId: bob, auth0OrgId: w.org('acme').auth0OrgId, createdAt: second })).toBe(true);
  });

  it('only members of this organization can be signed out by its admins', async () => {
    const admin = await w.ctx('acme', 'alice@acme.test');
    const dave = w.userId('dave@globex.test'); // a Globex member
    const error = await members.signOutMember(admin, { userId: dave }).catch((e) => e);
    expect(error).toBeInstanceOf(DomainError);
    const session = { userId: dave, auth0OrgId: w.org('acme').auth0OrgId, createdAt: Math.floor(Date.now() / 1000) - 60 };
    expect(await revocation.isRevoked(session)).toBe(false);
  });

  it('"Sign out everyone" ends every session in the organization, with an audit event', async () => {
    const admin = await w.ctx('globex', 'carol@example.test');
    const someone = { userId: w.userId('dave@globex.test'), auth0OrgId: w.org('globex').auth0OrgId, createdAt: Math.floor(Date.now() / 1000) - 60 };
    await members.signOutOrganization(admin);
    expect(await revocation.isRevoked(someone)).toBe(true);
    expect(await revocation.isRevoked({ ...someone, auth0OrgId: w.org('acme').auth0OrgId })).toBe(false);
    expect(await auditOf('globex', 'organization.signed_out')).toHaveLength(1);
  });
});
