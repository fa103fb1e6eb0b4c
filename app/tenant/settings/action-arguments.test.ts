// A server action is a public POST endpoint: React decodes whatever the client posts into its
// arguments, bound ids included. Every action checks every argument (lib/http/forms.ts
// serverAction) before anything runs: an object where an id belongs, something else where the
// form belongs, or a NUL character in a field gets a clear answer and changes nothing.
// Runs the real actions, authorize() and database (see lib/testing/world.ts).
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { ACME, ALICE, BOB, as, form, request, seedAcmeAndGlobex, startWorld, stopWorld } from '@/lib/testing/world';
import { MALFORMED_ACTION_MESSAGE } from '@/lib/http/forms';

vi.mock('next/headers', () => ({ headers: async () => request.headers, cookies: async () => ({ get: () => undefined, getAll: () => [] }) }));
vi.mock('next/cache', () => ({ refresh: vi.fn(), revalidatePath: vi.fn() }));
vi.mock('next/navigation', () => ({ redirect: vi.fn(), forbidden: vi.fn(), notFound: vi.fn() }));

const CONNECTION = 'sso_acme_1';
const TOKEN = 'scim_acme_1';

let prisma: Awaited<ReturnType<typeof import('@/lib/db/client').db>>;
let projects: typeof import('@/app/tenant/projects/actions');
let members: typeof import('@/app/tenant/settings/members/actions');
let sso: typeof import('@/app/tenant/settings/sso/actions');
let organization: typeof import('@/app/tenant/settings/organization/actions');
let scim: typeof import('@/app/tenant/settings/scim/actions');
let invitations: typeof import('@/app/tenant/settings/invitations/actions');
let domains: typeof import('@/app/tenant/settings/sso/domains/actions');

beforeAll(async () => {
  ({ prisma } = await startWorld({ auth0: 'stand-in-issuer', settings: { MEMBERSHIP_CACHE_SECONDS: '0' } }));
  projects = await import('@/app/tenant/projects/actions');
  members = await import('@/app/tenant/settings/members/actions');
  sso = await import('@/app/tenant/settings/sso/actions');
  organization = await import('@/app/tenant/settings/organization/actions');
  scim = await import('@/app/tenant/settings/scim/actions');
  invitations = await import('@/app/tenant/settings/invitations/actions');
  domains = await import('@/app/tenant/settings/sso/domains/actions');
  await seedAcmeAndGlobex(prisma);
  await prisma.project.createMany({ data: ['Apollo', 'Gemini'].map((name) => ({ tenantId: ACME.tenantId, name, createdBy: ALICE })) });
  await prisma.ssoConnection.create({ data: { id: CONNECTION, tenantId: ACME.tenantId, auth0ConnectionId: 'con_acme0000000001', name: 'acme-saml', strategy: 'samlp', displayName: 'Acme Okta', createdBy: ALICE } });
  await prisma.scimToken.create({ data: { id: TOKEN, tenantId: ACME.tenantId, name: 'Okta', tokenHash: 'h', prefix: 'p', createdBy: ALICE } });
});

afterAll(stopWorld);

// Nothing was written: every row is still there and no audit event was recorded.
afterEach(async () => {
  expect(await prisma.project.count({ where: { tenantId: ACME.tenantId } })).toBe(2);
  expect(await prisma.membership.findUniqueOrThrow({ where: { tenantId_userId: { tenantId: ACME.tenantId, userId: BOB } } })).toMatchObject({ removedAt: null, roles: ['org_member'] });
  expect(await prisma.ssoConnection.findUniqueOrThrow({ where: { id: CONNECTION } })).toMatchObject({ displayName: 'Acme Okta' });
  expect(await prisma.scimToken.findUniqueOrThrow({ where: { id: TOKEN } })).toMatchObject({ revokedAt: null });
  expect(await prisma.organization.findUniqueOrThrow({ where: { id: ACME.tenantId } })).toMatchObject({ displayName: 'acme' });
  expect(await prisma.auditEvent.count()).toBe(0);
});

// What a crafted request can decode to: anything (the types below are what the form sends).
type AnyAction = (...args: unknown[]) => Promise<{ ok?: boolean; message?: string; fields?: Record<string, string> }>;
const call = (action: unknown, ...args: unknown[]) => (action as AnyAction)(...args);

describe('an argument of the wrong type is refused before anything runs', () => {
  const cases: [string, () => unknown, unknown[]][] = [
    ['delete project: an object as the bound id', () => projects.deleteProject, [{ not: 'x' }, {}, form({})]],
    ['delete project: an array as the bound id', () => projects.deleteProject, [['x'], {}, form({})]],
    ['delete project: a number as the bound id', () => projects.deleteProject, [1, {}, form({})]],
    ['delete project: no form', () => projects.deleteProject, ['abc']],
    ['update project: an object as the bound id', () => projects.updateProject, [{ not: 'x' }, {}, form({ name: 'Pwned' })]],
    ['create project: a plain object instead of the form', () => projects.createProject, [{}, { name: 'Pwned' }]],
    ['remove member: a plain object instead of the form', () => members.removeMemberAction, [{}, { userId: BOB }]],
    ['remove member: a string as the previous state', () => members.removeMemberAction, ['x', form({ userId: BOB })]],
    ['remove member: an extra argument', () => members.removeMemberAction, [{}, form({ userId: BOB }), 'extra']],
    ['delete connection: a plain object instead of the form', () => sso.deleteConnectionAction, [{}, { id: CONNECTION }]],
    ['delete connection: an array as the previous state', () => sso.deleteConnectionAction, [[], form({ id: CONNECTION })]],
    ['delete connection: nothing at all', () => sso.deleteConnectionAction, []],
  ];
  it.each(cases)('%s', async (_name, action, args) => {
    await as(ALICE, ACME);
    const state = await call(action(), ...args);
    expect(state).toEqual({ message: MALFORMED_ACTION_MESSAGE });
  });
});

describe('a NUL character in a field is a field error, not a database failure', () => {
  const nul = '\u0000';
  const cases: [string, () => unknown, Record<string, string | string[]>, string][] = [
    ['remove member: user id', () => members.removeMemberAction, { userId: `${BOB}${nul}` }, 'userId'],
    ['change roles: user id', () => members.changeMemberRoles, { userId: `${BOB}${nul}`, roles: ['org_admin'] }, 'userId'],
    ['invite: connection', () => invitations.inviteAction, { email: 'new@example.test', roles: ['org_member'], connection: `con${nul}` }, 'connection'],
    ['revoke SCIM token: id', () => scim.revokeScimTokenAction, { id: `${TOKEN}${nul}` }, 'id'],
    ['create SCIM token: name', () => scim.createScimTokenAction, { name: `Okta${nul}` }, 'name'],
    ['delete connection: id', () => sso.deleteConnectionAction, { id: `${CONNECTION}${nul}` }, 'id'],
    ['disable connection: id', () => sso.setConnectionEnabledAction, { id: `${CONNECTION}${nul}`, enable: 'false' }, 'id'],
    ['edit connection: display name', () => sso.updateConnectionAction, { id: CONNECTION, strategy: 'oidc', displayName: `Pwned${nul}`, issuer: 'https://idp.example.test', clientId: 'c' }, 'displayName'],
    ['route domain: connection id', () => domains.chooseDomainConnectionAction, { id: 'dom_1', connectionId: `x${nul}` }, 'connectionId'],
    ['organization: display name', () => organization.updateOrganizationAction, { displayName: `Pwned${nul}`, primaryColor: '#000000', pageBackgroundColor: '#ffffff' }, 'displayName'],
    ['create project: name', () => projects.createProject, { name: `Pwned${nul}` }, 'name'],
  ];
  it.each(cases)('%s', async (_name, action, fields, field) => {
    await as(ALICE, ACME);
    const state = await call(action(), {}, form(fields));
    expect(state.ok).toBeUndefined();
    expect(state.fields?.[field]).toMatch(/not allowed \(NUL\)/);
  });
});

it('a well-formed call still works (the checks refuse only what the form never sends)', async () => {
  await as(ALICE, ACME);
  const project = await prisma.project.create({ data: { tenantId: ACME.tenantId, name: 'Temporary', createdBy: ALICE } });
  const state = await projects.deleteProject(project.id, {}, form({}));
  expect(state).toBeUndefined(); // redirect() (mocked here) ends a successful delete
  expect(await prisma.project.findUnique({ where: { id: project.id } })).toBeNull();
  await prisma.auditEvent.deleteMany();
});
