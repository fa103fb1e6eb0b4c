// The post-login Action as Auth0 runs it: the committed CommonJS build is current, self-contained,
// and, loaded the way Auth0 loads Actions, sets Tenantry's claims or ends the login.
import { describe, expect, test } from 'vitest';
import { loadActionCode, runPostLoginActions, type PostLoginEvent } from '@/auth0-local/src/actions';
import { buildPostLoginAction, readPostLoginActionArtifact } from '@/lib/auth/post-login-action-build';
import { CLAIM_NAMESPACE, SSO_ONLY_DENIAL } from '@/lib/auth/post-login-action';

const event = (organization?: PostLoginEvent['organization']): PostLoginEvent => ({
  user: { user_id: 'auth0|1' }, authorization: { roles: ['org_admin'] },
  client: { client_id: 'c', name: 'c', metadata: {} }, connection: { id: 'con', name: 'db', strategy: 'auth0' },
  transaction: { protocol: 'oidc-basic-profile', requested_scopes: ['openid'] }, stats: { logins_count: 1 }, tenant: { id: 't' },
  ...(organization ? { organization } : {}),
});
const built = () => ({ name: 'tenantry-post-login', secrets: {}, onExecutePostLogin: loadActionCode(readPostLoginActionArtifact(), 'tenantry-post-login') });

describe('the built post-login Action', () => {
  test('post-login-action.cjs is the current build of post-login-action.ts (run `npm run auth0:build-action` after a change)', async () => {
    expect(readPostLoginActionArtifact()).toBe(await buildPostLoginAction());
  });

  test('is CommonJS with no imports or requires: it sets exports.onExecutePostLogin and nothing else is needed', () => {
    const code = readPostLoginActionArtifact();
    expect(code).not.toMatch(/\brequire\s*\(/);
    expect(code).not.toMatch(/^\s*(import|export)\s/m);
    expect(typeof loadActionCode(code, 'x')).toBe('function');
  });

  test('adds the tenant id, organization name and roles under the claim namespace for an organization login', async () => {
    const out = await runPostLoginActions([built()], event({ id: 'org_1', name: 'acme', display_name: 'Acme', metadata: { tenantId: 'ten_1' } }));
    expect(out.denied).toBeUndefined();
    const claims = { [`${CLAIM_NAMESPACE}tenantId`]: 'ten_1', [`${CLAIM_NAMESPACE}org_name`]: 'acme', [`${CLAIM_NAMESPACE}roles`]: ['org_admin'] };
    expect(out.idClaims).toEqual(claims);
    expect(out.atClaims).toEqual(claims);
  });

  test('denies an organization Tenantry did not create, and adds nothing to a personal login', async () => {
    expect((await runPostLoginActions([built()], event({ id: 'org_2', name: 'other', display_name: 'O', metadata: {} }))).denied).toMatch(/not provisioned/);
    expect(await runPostLoginActions([built()], event())).toEqual({ idClaims: {}, atClaims: {} });
  });
});

describe('the organization security policy, from its metadata', () => {
  const org = (metadata: Record<string, string>) => ({ id: 'org_1', name: 'acme', display_name: 'Acme', metadata: { tenantId: 'ten_1', ...metadata } });
  const login = (metadata: Record<string, string>, over: Partial<PostLoginEvent> = {}) => runPostLoginActions([built()], { ...event(org(metadata)), ...over });
  const otp = { user: { user_id: 'auth0|1', enrolledFactors: [{ type: 'otp' }, { type: 'recovery-code' }] } };
  const saml = { connection: { id: 'con_s', name: 'acme-saml', strategy: 'samlp' } };

  test('MFA off (no keys): no MFA, no SSO claim', async () => {
    const out = await login({});
    expect(out.mfa).toBeUndefined();
    expect(out.idClaims[`${CLAIM_NAMESPACE}sso_connection`]).toBeUndefined();
  });

  test('MFA required, nothing enrolled: enable() (Auth0 enrols the authenticator app)', async () => {
    expect((await login({ mfa: 'required' })).mfa).toEqual({ kind: 'enable', factors: ['any'], allowRememberBrowser: false });
  });

  test('MFA required, authenticator enrolled: a challenge in this transaction, and the chain stops until it is met', async () => {
    const out = await login({ mfa: 'required' }, otp);
    expect(out.mfa).toEqual({ kind: 'challenge', factors: ['otp'], allowRememberBrowser: false });
    expect(out.resumeAt).toBe(1);
  });

  test('MFA already done in this transaction, or a refresh-token exchange: not asked again', async () => {
    expect((await login({ mfa: 'required' }, { ...otp, authentication: { methods: [{ name: 'pwd', timestamp: 'x' }, { name: 'mfa', timestamp: 'x' }] } })).mfa).toBeUndefined();
    expect((await login({ mfa: 'required' }, { transaction: { protocol: 'oauth2-refresh-token', requested_scopes: [] } })).mfa).toBeUndefined();
  });

  test('SSO exemption: an enterprise sign-in is exempt only when the org says so; a password sign-in never', async () => {
    const exempt = await login({ mfa: 'required', mfa_sso_exempt: 'true' }, saml);
    expect(exempt.mfa).toBeUndefined();
    expect(exempt.idClaims[`${CLAIM_NAMESPACE}sso_connection`]).toBe('acme-saml');
    expect(exempt.atClaims[`${CLAIM_NAMESPACE}sso_connection`]).toBeUndefined();
    expect((await login({ mfa: 'required' }, saml)).mfa?.kind).toBe('enable');
    expect((await login({ mfa: 'required', mfa_sso_exempt: 'true' })).mfa?.kind).toBe('enable');
  });

  test('SSO only: a password sign-in is refused with the reason the app recognises; SSO and break-glass admins pass', async () => {
    const policy = { sign_in: 'sso_only', break_glass: 'auth0|admin1,auth0|admin2' };
    const refused = await login(policy);
    expect(refused.denied).toBe(SSO_ONLY_DENIAL);
    expect(refused.idClaims).toEqual({});
    expect((await login(policy, saml)).denied).toBeUndefined();
    const breakGlass = await login(policy, { user: { user_id: 'auth0|admin2' } });
    expect(breakGlass.denied).toBeUndefined();
    expect(breakGlass.idClaims[`${CLAIM_NAMESPACE}tenantId`]).toBe('ten_1');
    // A user id that merely contains a break-glass id is not one.
    expect((await login(policy, { user: { user_id: 'auth0|admin' } })).denied).toBe(SSO_ONLY_DENIAL);
    // A break-glass admin still does MFA when it is required.
    expect((await login({ ...policy, mfa: 'required' }, { user: { user_id: 'auth0|admin1' } })).mfa?.kind).toBe('enable');
  });
});

describe('the sandbox the local tenant runs Actions in', () => {
  test('refuses what Auth0 refuses: the TypeScript source, ESM exports, a file without the handler', () => {
    expect(() => loadActionCode('export const onExecutePostLogin = async () => {};', 'esm')).toThrow(/failed to load: SyntaxError/);
    expect(() => loadActionCode('exports.onExecutePostLogin = async (e: unknown) => {};', 'ts')).toThrow(/SyntaxError/);
    expect(() => loadActionCode('exports.other = 1;', 'none')).toThrow(/does not export onExecutePostLogin/);
  });

  test('gives the code only what Auth0 gives it: no app modules, no process', async () => {
    const probe = loadActionCode('exports.onExecutePostLogin = async (event, api) => { api.idToken.setCustomClaim("https://x.test/p", typeof process); require("lodash"); };', 'probe');
    const out = await runPostLoginActions([{ name: 'probe', secrets: {}, onExecutePostLogin: probe }], event());
    expect(out.idClaims).toEqual({ 'https://x.test/p': 'undefined' });
    expect(out.denied).toMatch(/Cannot find module 'lodash'/);
  });

  test('passes the deployed secrets as event.secrets', async () => {
    const fn = loadActionCode('exports.onExecutePostLogin = async (event, api) => { api.accessToken.setCustomClaim("https://x.test/s", event.secrets.KEY); };', 's');
    expect((await runPostLoginActions([{ name: 's', secrets: { KEY: 'v' }, onExecutePostLogin: fn }], event())).atClaims).toEqual({ 'https://x.test/s': 'v' });
  });
});
