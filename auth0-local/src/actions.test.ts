// What a login runs: the deployed version of the Actions bound to post-login, as on Auth0. The
// seed binds the app's built Action file (lib/auth/post-login-action.cjs) at start.
import { ManagementClient } from 'auth0';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { readPostLoginActionArtifact } from '@/lib/auth/post-login-action-build';
import { httpFetch } from '../testing/management-api-harness.js';
import type { LocalTenant } from './server.js';
import { loadActionCode, runPostLoginActions, type PostLoginAction, type PostLoginEvent } from './actions.js';
import { API, startTenant } from '../testing/local-tenant.js';
import { callbackParams, exchange, startLogin, submitLogin } from '../testing/sign-in.js';

const PROVISIONER = { id: 'tenantry-local-provisioner', secret: 'local-provisioner-secret-not-for-production-000' };
let tenant: LocalTenant;
let api: ManagementClient;

beforeAll(async () => {
  tenant = await startTenant();
  api = new ManagementClient({ domain: `localhost:${tenant.port}`, clientId: PROVISIONER.id, clientSecret: PROVISIONER.secret, fetch: httpFetch(tenant.port), maxRetries: 0 });
});
afterAll(async () => { await tenant.close(); });
beforeEach(async () => { await tenant.reset(); });

async function acmeLogin(email = 'alice@acme.test') {
  const acme = tenant.store.orgByName('acme')!;
  const started = await startLogin(tenant, { organization: acme.id, audience: API });
  return { started, page: await submitLogin(started, email) };
}

describe('post-login Actions on the local tenant', () => {
  test('the seed deploys and binds the committed built file, byte for byte, and logins carry its claims', async () => {
    const bindings = (await api.actions.triggers.bindings.list('post-login')).data;
    expect(bindings.map((b) => b.action!.name)).toEqual(['tenantry-post-login']);
    expect(bindings[0]!.action!.deployed_version!.code).toBe(readPostLoginActionArtifact());

    const { started, page } = await acmeLogin();
    const tokens = await exchange(started, page);
    expect(tokens.claims()).toMatchObject({ 'https://tenantry.dev/tenantId': 'ten_demo_acme', 'https://tenantry.dev/roles': ['org_admin'] });
    expect(decodeJwt(tokens.access_token)).toMatchObject({ 'https://tenantry.dev/org_name': 'acme' });
  });

  test('a newly deployed version runs at the next login; a draft does not', async () => {
    const [binding] = (await api.actions.triggers.bindings.list('post-login')).data;
    const id = binding!.action!.id!;
    await api.actions.update(id, { code: 'exports.onExecutePostLogin = async (event, api) => { api.access.deny("closed for maintenance"); };' });
    const { started, page: draftOnly } = await acmeLogin();
    expect(callbackParams(draftOnly).get('error')).toBeNull(); // only the draft changed
    await exchange(started, draftOnly);

    await api.actions.deploy(id);
    const { page: deployed } = await acmeLogin();
    expect(Object.fromEntries(callbackParams(deployed))).toMatchObject({ error: 'access_denied', error_description: 'closed for maintenance' });
  });

  test('an Action that throws ends the login; an unbound Action does not run', async () => {
    const thrower = await api.actions.create({
      name: 'thrower', supported_triggers: [{ id: 'post-login', version: 'v3' }], code: 'exports.onExecutePostLogin = async () => { throw new Error("boom"); };',
    });
    await api.actions.deploy(thrower.id!);
    let { page } = await acmeLogin();
    expect(callbackParams(page).get('error')).toBeNull(); // deployed but not bound

    await api.actions.triggers.bindings.updateMany('post-login', { bindings: [{ ref: { type: 'action_name', value: 'tenantry-post-login' } }, { ref: { type: 'action_id', value: thrower.id! } }] });
    ({ page } = await acmeLogin());
    expect(callbackParams(page).get('error')).toBe('access_denied');
    expect(callbackParams(page).get('error_description')).toMatch(/boom/);

    await api.actions.triggers.bindings.updateMany('post-login', { bindings: [] });
    const { started, page: free } = await acmeLogin();
    const claims = (await exchange(started, free)).claims()!;
    expect(claims.org_id).toBeDefined();
    expect(claims['https://tenantry.dev/tenantId']).toBeUndefined();
  });
});

describe('MFA requests from Actions (api.multifactor, api.authentication)', () => {
  const event = { user: { user_id: 'auth0|1' }, authorization: { roles: [] }, client: { client_id: 'c', name: 'c', metadata: {} },
    connection: { id: 'con', name: 'db', strategy: 'auth0' }, transaction: { protocol: 'oidc-basic-profile', requested_scopes: [] },
    stats: { logins_count: 0 }, tenant: { id: 'local' }, authentication: { methods: [{ name: 'pwd', timestamp: '2026-01-01T00:00:00Z' }] } } as PostLoginEvent;
  const action = (name: string, body: string): PostLoginAction =>
    ({ name, secrets: {}, onExecutePostLogin: loadActionCode(`exports.onExecutePostLogin = async (event, api) => { ${body} };`, name) });

  test('enable runs the whole chain; a challenge stops it after its Action and says where to resume', async () => {
    const enable = await runPostLoginActions([action('a', "api.multifactor.enable('any', { allowRememberBrowser: true })"), action('b', "api.idToken.setCustomClaim('https://t/b', 1)")], event);
    expect(enable).toMatchObject({ mfa: { kind: 'enable', factors: ['any'], allowRememberBrowser: true }, idClaims: { 'https://t/b': 1 } });
    expect(enable.resumeAt).toBeUndefined();

    const chain = [action('a', "api.multifactor.enable('any')"), action('b', "api.authentication.challengeWith({ type: 'otp' }, { additionalFactors: [{ type: 'phone' }] })"), action('c', "api.idToken.setCustomClaim('https://t/c', 1)")];
    const challenged = await runPostLoginActions(chain, event);
    expect(challenged).toMatchObject({ mfa: { kind: 'challenge', factors: ['otp'] }, resumeAt: 2 });
    expect(challenged.idClaims).toEqual({});
    // Resumed after MFA: the rest runs, and requests already met in this transaction are ignored.
    const after = { ...event, authentication: { methods: [...event.authentication!.methods, { name: 'mfa', timestamp: '2026-01-01T00:00:01Z' }] } };
    const resumed = await runPostLoginActions(chain, after, { from: 2, prior: { idClaims: { 'https://t/a': 1 }, atClaims: {} } });
    expect(resumed).toEqual({ idClaims: { 'https://t/a': 1, 'https://t/c': 1 }, atClaims: {} });
    // ...unless the caller says they cannot be met (a refresh-token exchange).
    expect((await runPostLoginActions(chain, after, { mfaSatisfied: false })).mfa).toMatchObject({ kind: 'challenge' });
  });

  test('bad arguments fail the login as a throwing Action does', async () => {
    for (const body of [
      "api.authentication.challengeWith({ type: 'otp' }, { additionalFactors: 'otp' })",
      "api.authentication.challengeWith({ type: 'carrier-pigeon' })",
      "api.authentication.challengeWith({ type: 'push-notification' })",
      'api.authentication.challengeWithAny([])',
      "api.multifactor.enable('duo')",
      'api.multifactor.enable()',
      "api.authentication.enrollWith({ type: 'otp' })",
    ]) {
      const outcome = await runPostLoginActions([action('x', body)], event);
      expect(outcome.denied, body).toMatch(/^post-login Action x failed: /);
    }
  });
});
