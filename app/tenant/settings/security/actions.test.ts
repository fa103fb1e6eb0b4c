// The security policy action: only org:manage may change the policy (a member is refused
// before anything is read or written), and bad input comes back as field errors, each on its
// field, never an exception. Runs the real action, authorize() and database; Auth0 is not
// reachable here, so every case below must be decided before the Management API is called.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { ACME, ALICE, BOB, as, form, request, seedAcmeAndGlobex, startWorld, stopWorld } from '@/lib/testing/world';

vi.mock('next/headers', () => ({ headers: async () => request.headers, cookies: async () => ({ get: () => undefined, getAll: () => [] }) }));
vi.mock('next/cache', () => ({ refresh: vi.fn(), revalidatePath: vi.fn() }));

let prisma: Awaited<ReturnType<typeof import('@/lib/db/client').db>>;
let action: typeof import('@/app/tenant/settings/security/actions').updateSecurityPolicyAction;

beforeAll(async () => {
  ({ prisma } = await startWorld({ auth0: 'stand-in-issuer', settings: { MEMBERSHIP_CACHE_SECONDS: '0' } }));
  ({ updateSecurityPolicyAction: action } = await import('@/app/tenant/settings/security/actions'));
  await seedAcmeAndGlobex(prisma);
});
afterAll(stopWorld);
afterEach(async () => {
  // Nothing here may change the policy or write an audit event.
  expect(await prisma.auditEvent.count()).toBe(0);
  expect(await prisma.organization.findUnique({ where: { id: ACME.tenantId } })).toMatchObject({ mfaPolicy: 'off', signInMethods: 'any', ipAllowlist: [] });
});

const valid = { mfa: 'required', signInMethods: 'any', sessionMaxAgeMinutes: '', sessionIdleMinutes: '', ipAllowlist: '' };
/** As `user` on Acme's host, from `ip` (the address the one trusted proxy wrote). */
async function submit(user: string, fields: Record<string, string | string[]>, ip = '198.51.100.7') {
  await as(user, ACME);
  request.headers.set('x-forwarded-for', `10.9.9.9, ${ip}`);
  return action({}, form(fields));
}

describe('changing the security policy', () => {
  it('is refused to a member without org:manage (403 from authorize), before anything happens', async () => {
    const state = await submit(BOB, valid);
    expect(state.message).toBe('This needs the org:manage permission, which your role does not have.');
    expect(state.ok).toBeUndefined();
  });

  it.each([
    ['a malformed CIDR range', { ipAllowlist: '10.0.0.0/33' }, 'ipAllowlist', /10\.0\.0\.0\/33/],
    ['a range with host bits set', { ipAllowlist: '10.0.0.1/8' }, 'ipAllowlist', /did you mean 10\.0\.0\.0\/8/],
    ['a maximum session age out of range', { sessionMaxAgeMinutes: '5' }, 'sessionMaxAgeMinutes', /between 15 and 4320/],
    ['an idle timeout out of range', { sessionIdleMinutes: '100000' }, 'sessionIdleMinutes', /between 5 and 1440/],
    ['a timeout that is not a number', { sessionIdleMinutes: '1e3' }, 'sessionIdleMinutes', /whole number/],
    ['SSO only without a break-glass admin', { signInMethods: 'sso_only' }, 'breakGlassUserIds', /at least one break-glass admin/],
    ['SSO only without an SSO connection', { signInMethods: 'sso_only', breakGlassUserIds: [ALICE] }, 'signInMethods', /single sign-on connection/],
    ['an unknown MFA setting', { mfa: 'sometimes' }, 'mfa', /MFA/],
    ['an allowlist without the admin’s own address, unconfirmed', { ipAllowlist: '203.0.113.0/24\n2001:db8::/32' }, 'ipAllowlist', /not in this list/],
  ])('gets a field error for %s', async (_name, change, field, message) => {
    const state = await submit(ALICE, { ...valid, ...change });
    expect(state.ok).toBeUndefined();
    expect(state.fields?.[field]).toMatch(message);
    expect(state.values).toMatchObject({ mfa: (change as { mfa?: string }).mfa ?? 'required' });
  });

  it('an empty submission gets field errors, not an exception', async () => {
    const state = await submit(ALICE, {});
    expect(Object.keys(state.fields ?? {}).sort()).toEqual(['mfa', 'signInMethods']);
  });
});
