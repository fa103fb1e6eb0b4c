// The demo seeding `npm run dev` does, against the local tenant's seed (in process) and a real
// database: every seeded Auth0 member is registered with their roles, each demo organization
// gets sample projects, and a second run changes nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWorld, type World } from '@/lib/testing/world';

let w: World;
let demo: typeof import('./demo-workspace');

beforeAll(async () => {
  w = await startWorld();
  demo = await import('./demo-workspace');
  // A fresh `npm run dev`: the organizations are registered, nobody has signed in yet.
  await w.prisma.membership.deleteMany();
});
afterAll(async () => w?.close());

const membersOf = async (slug: string) =>
  (await w.prisma.membership.findMany({ where: { tenantId: w.org(slug).id }, orderBy: { email: 'asc' } })).map((m) => ({ email: m.email, roles: m.roles, removed: !!m.removedAt }));
const projectsOf = async (slug: string) => (await w.prisma.project.findMany({ where: { tenantId: w.org(slug).id }, orderBy: { name: 'asc' } })).map((p) => p.name);

describe('seedDemoWorkspace', () => {
  it('registers the seeded members with their Auth0 roles and adds sample projects', async () => {
    expect(await demo.seedDemoWorkspace(['acme', 'globex'])).toEqual([
      { slug: 'acme', members: 3, projects: demo.SAMPLE_PROJECTS.length },
      { slug: 'globex', members: 2, projects: demo.SAMPLE_PROJECTS.length },
    ]);
    // As in auth0-local/tenant.config.json.
    expect(await membersOf('acme')).toEqual([
      { email: 'alice@acme.test', roles: ['org_admin'], removed: false },
      { email: 'bob@acme.test', roles: ['org_member'], removed: false },
      { email: 'carol@example.test', roles: ['org_member'], removed: false },
    ]);
    expect(await membersOf('globex')).toEqual([
      { email: 'carol@example.test', roles: ['org_admin'], removed: false },
      { email: 'dave@globex.test', roles: ['org_readonly'], removed: false },
    ]);
    const samples = demo.SAMPLE_PROJECTS.map((p) => p.name).sort();
    expect(await projectsOf('acme')).toEqual(samples);
    expect(await projectsOf('globex')).toEqual(samples);
    expect((await w.prisma.project.findFirstOrThrow({ where: { tenantId: w.org('acme').id } })).createdBy).toBe('alice@acme.test');
  });

  it('is idempotent, keeps what people changed since, and never revives a removed member', async () => {
    const acme = w.org('acme').id;
    await w.prisma.membership.update({ where: { tenantId_userId: { tenantId: acme, userId: w.userId('bob@acme.test') } }, data: { removedAt: new Date() } });
    await w.prisma.project.deleteMany({ where: { tenantId: acme, name: 'Security review' } });

    expect(await demo.seedDemoWorkspace(['acme', 'globex'])).toEqual([
      { slug: 'acme', members: 0, projects: 0 },
      { slug: 'globex', members: 0, projects: 0 },
    ]);
    expect((await membersOf('acme')).find((m) => m.email === 'bob@acme.test')).toMatchObject({ removed: true });
    expect(await projectsOf('acme')).toEqual(['Customer onboarding', 'Website relaunch']);
    expect(await w.prisma.membership.count()).toBe(5);
  });

  it('skips organizations that are not registered here', async () => {
    expect(await demo.seedDemoWorkspace(['no-such-org'])).toEqual([]);
  });
});

describe('registerSeededApiKeys', () => {
  it('makes the seeded API client a key of each organization its grant names, once; a revoked one stays revoked', async () => {
    expect(await demo.registerSeededApiKeys()).toEqual(['acme: tenantry-local-api-client', 'globex: tenantry-local-api-client']);
    const keys = await w.prisma.apiKey.findMany({ orderBy: { tenantId: 'asc' } });
    expect(keys.map((k) => [k.tenantId, k.auth0ClientId, k.permissions])).toEqual([
      [w.org('acme').id, 'tenantry-local-api-client', ['projects:read', 'projects:write']],
      [w.org('globex').id, 'tenantry-local-api-client', ['projects:read', 'projects:write']],
    ]);
    await w.prisma.apiKey.updateMany({ where: { tenantId: w.org('acme').id }, data: { revokedAt: new Date() } });
    expect(await demo.registerSeededApiKeys()).toEqual([]);
    expect(await w.prisma.apiKey.count({ where: { revokedAt: null } })).toBe(1);
  });
});
