// The project server actions authorize on their own (projects:write), answer bad input and
// refusals with form messages, and redirect only after a change went through. Runs the real
// actions, authorize() and database (see lib/testing/world.ts).
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { ACME, BOB, as, form, request, seedAcmeAndGlobex, startWorld, stopWorld } from '@/lib/testing/world';

vi.mock('next/headers', () => ({ headers: async () => request.headers, cookies: async () => ({ get: () => undefined, getAll: () => [] }) }));
vi.mock('next/cache', () => ({ refresh: vi.fn(), revalidatePath: vi.fn() }));
vi.mock('next/navigation', () => ({ redirect: vi.fn(), forbidden: vi.fn(), notFound: vi.fn() }));

const READER = 'auth0|reader';

let prisma: Awaited<ReturnType<typeof import('@/lib/db/client').db>>;
let actions: typeof import('@/app/tenant/projects/actions');
let redirectTo: ReturnType<typeof vi.fn>;

beforeAll(async () => {
  ({ prisma } = await startWorld({ auth0: 'stand-in-issuer', settings: { MEMBERSHIP_CACHE_SECONDS: '0' } }));
  actions = await import('@/app/tenant/projects/actions');
  // The module registry was reset: this is the mock the actions see.
  redirectTo = vi.mocked((await import('next/navigation')).redirect) as unknown as ReturnType<typeof vi.fn>;
  await seedAcmeAndGlobex(prisma);
  await prisma.membership.create({ data: { tenantId: ACME.tenantId, userId: READER, email: 'reader@acme.test', roles: ['org_readonly'], lastLoginAt: new Date(Date.now() + 3600_000) } });
});

afterAll(stopWorld);

beforeEach(() => redirectTo.mockClear());

const names = async () => (await prisma.project.findMany({ where: { tenantId: ACME.tenantId }, orderBy: { name: 'asc' } })).map((p) => p.name);

describe('a member with projects:write', () => {
  it('creates, renames and deletes a project, redirecting after create and delete', async () => {
    await as(BOB, ACME);
    await actions.createProject({}, form({ name: 'Apollo', description: 'Moon' }));
    const apollo = await prisma.project.findFirstOrThrow({ where: { tenantId: ACME.tenantId, name: 'Apollo' } });
    expect(redirectTo).toHaveBeenCalledWith(`/projects/${apollo.id}`);

    expect(await actions.updateProject(apollo.id, {}, form({ name: 'Apollo 11', description: '' }))).toMatchObject({ ok: true, message: 'Saved.' });
    expect(await names()).toEqual(['Apollo 11']);

    redirectTo.mockClear();
    await actions.deleteProject(apollo.id, {}, form({}));
    expect(redirectTo).toHaveBeenCalledWith('/projects');
    expect(await names()).toEqual([]);
  });

  it('gets field errors and messages, and no redirect, when the change cannot be made', async () => {
    await as(BOB, ACME);
    expect((await actions.createProject({}, form({ name: '  ' })))!.fields?.name).toMatch(/Name is required/);
    await actions.createProject({}, form({ name: 'Gemini' }));
    redirectTo.mockClear();
    const duplicate = await actions.createProject({}, form({ name: 'Gemini' }));
    expect(duplicate).toMatchObject({ fields: { name: 'A project with this name already exists.' }, values: { name: 'Gemini' } });
    expect(await actions.updateProject('nope', {}, form({ name: 'X' }))).toEqual({ message: 'This project no longer exists.' });
    expect(await actions.deleteProject('nope', {}, form({}))).toEqual({ message: 'This project no longer exists.' });
    expect(redirectTo).not.toHaveBeenCalled();
    await prisma.project.deleteMany({ where: { tenantId: ACME.tenantId } });
  });
});

describe('a read-only member', () => {
  it('is refused every change, with a message and nothing written', async () => {
    await as(BOB, ACME);
    await actions.createProject({}, form({ name: 'Mercury' }));
    const mercury = await prisma.project.findFirstOrThrow({ where: { tenantId: ACME.tenantId, name: 'Mercury' } });
    redirectTo.mockClear();

    await as(READER, ACME);
    const refusal = /^This needs the projects:write permission, which your role does not have\.$/;
    expect((await actions.createProject({}, form({ name: 'Vostok' })))!.message).toMatch(refusal);
    expect((await actions.updateProject(mercury.id, {}, form({ name: 'Vostok' }))).message).toMatch(refusal);
    expect((await actions.deleteProject(mercury.id, {}, form({})))!.message).toMatch(refusal);
    expect(redirectTo).not.toHaveBeenCalled();
    expect(await names()).toEqual(['Mercury']);
  });
});
