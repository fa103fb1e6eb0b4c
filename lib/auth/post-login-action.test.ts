// The post-login Action as Auth0 runs it: the committed CommonJS build is current, self-contained,
// and, loaded the way Auth0 loads Actions, sets Tenantry's claims or ends the login.
import { describe, expect, test } from 'vitest';
import { loadActionCode, runPostLoginActions, type PostLoginEvent } from '@/auth0-local/src/actions';
import { buildPostLoginAction, readPostLoginActionArtifact } from '@/lib/auth/post-login-action-build';
import { CLAIM_NAMESPACE } from '@/lib/auth/post-login-action';

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
