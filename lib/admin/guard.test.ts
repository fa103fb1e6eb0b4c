// The last-admin rule under concurrency: two admins demoting or removing each other at the
// same moment. Each change passes the early check (both see another admin), reaches Auth0,
// and then meets the other in the database: the organization row lock serializes the two
// transactions and the re-check under it refuses the second, whose Auth0 change is undone.
// Runs on PGlite and, with TEST_DATABASE_URL, on Postgres (where the transactions truly
// overlap: without the lock both would commit and the organization would have no admin).
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startWorld, type World } from '@/lib/testing/world';

let w: World;
let members: typeof import('@/lib/admin/members');
let DomainError: typeof import('@/lib/core/errors').DomainError;

beforeAll(async () => {
  w = await startWorld();
  members = await import('@/lib/admin/members');
  ({ DomainError } = await import('@/lib/core/errors'));
  // Each membership write takes a while, so the two transactions overlap in the database.
  await w.prisma.$executeRawUnsafe(`
    CREATE OR REPLACE FUNCTION slow_membership_write() RETURNS trigger AS $$
    BEGIN PERFORM pg_sleep(0.3); RETURN NEW; END $$ LANGUAGE plpgsql`);
  await w.prisma.$executeRawUnsafe('CREATE TRIGGER slow_membership_write BEFORE UPDATE ON "Membership" FOR EACH ROW EXECUTE FUNCTION slow_membership_write()');
});
afterAll(async () => w?.close());
afterEach(async () => w.clearFaults());

const activeAdmins = (slug: string) =>
  w.prisma.membership.findMany({ where: { tenantId: w.org(slug).id, removedAt: null, roles: { has: 'org_admin' } }, select: { email: true } }).then((rows) => rows.map((r) => r.email));

/** Both requests read the member's Auth0 roles first: slowed, so both pass the early check before either writes. */
const slowAuth0 = () => w.fault({ path: '/\\/members\\/[^/]+\\/roles$/', method: 'GET', latency_ms: 300, times: 2 });

async function outcome(results: PromiseSettledResult<unknown>[]) {
  const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
  expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
  expect(refused).toHaveLength(1);
  expect(refused[0]!.reason).toBeInstanceOf(DomainError);
  expect(refused[0]!.reason.message).toMatch(/last admin/);
}

describe('two admins at once', () => {
  it('demoting each other: exactly one succeeds, one admin remains, in the database and in Auth0', async () => {
    const alice = await w.ctx('acme', 'alice@acme.test');
    await members.changeRoles(alice, { userId: w.userId('bob@acme.test'), roles: ['org_admin'] });
    const bob = await w.ctx('acme', 'bob@acme.test');
    expect((await activeAdmins('acme')).sort()).toEqual(['alice@acme.test', 'bob@acme.test']);

    await slowAuth0();
    const results = await Promise.allSettled([
      members.changeRoles(alice, { userId: w.userId('bob@acme.test'), roles: ['org_member'] }),
      members.changeRoles(bob, { userId: w.userId('alice@acme.test'), roles: ['org_member'] }),
    ]);
    await outcome(results);
    const [remaining] = await activeAdmins('acme');
    expect(await activeAdmins('acme')).toHaveLength(1);
    // Auth0 agrees: the refused change was put back.
    const auth0Admins = ['alice@acme.test', 'bob@acme.test'].filter((e) => w.auth0Roles('acme', e)?.includes('org_admin'));
    expect(auth0Admins).toEqual([remaining]);
  });

  it('removing each other: exactly one succeeds, one admin remains, in the database and in Auth0', async () => {
    const carol = await w.ctx('globex', 'carol@example.test');
    await members.changeRoles(carol, { userId: w.userId('dave@globex.test'), roles: ['org_admin'] });
    const dave = await w.ctx('globex', 'dave@globex.test');

    await slowAuth0();
    const results = await Promise.allSettled([
      members.removeMember(carol, { userId: w.userId('dave@globex.test') }),
      members.removeMember(dave, { userId: w.userId('carol@example.test') }),
    ]);
    await outcome(results);
    const admins = await activeAdmins('globex');
    expect(admins).toHaveLength(1);
    const auth0Admins = ['carol@example.test', 'dave@globex.test'].filter((e) => w.auth0Roles('globex', e)?.includes('org_admin'));
    expect(auth0Admins).toEqual(admins);
  });
});
