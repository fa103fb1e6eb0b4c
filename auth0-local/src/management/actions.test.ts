// The Actions Management API: scopes, wire shapes, deploy (refusing code Auth0 could not run),
// and bindings (only deployed Actions), through the auth0 SDK where it can.
import { ManagementClient } from 'auth0';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { readPostLoginActionArtifact } from '@/lib/auth/post-login-action-build';
import { httpFetch, startHarness, stateAfter, type Harness } from '../../testing/management-api-harness';

let h: Harness;
let sdk: ManagementClient;
const ALL = 'read:actions create:actions update:actions';
const CJS = 'exports.onExecutePostLogin = async (event, api) => { api.idToken.setCustomClaim("https://x.test/a", 1); };';

beforeAll(async () => {
  h = await startHarness();
  sdk = new ManagementClient({ domain: h.domain, token: await h.token(ALL), fetch: httpFetch(h.port), maxRetries: 0 });
});
afterAll(async () => { await h.close(); });

const fail = <T>(p: Promise<T>) => p.then(() => { throw new Error('expected a failure'); }, (e: any) => e);

describe('actions', () => {
  test('create, read, list, update and deploy with Auth0\'s shapes; secret values never come back', async () => {
    const created = await sdk.actions.create({
      name: 'shapes', supported_triggers: [{ id: 'post-login', version: 'v3' }], code: CJS, secrets: [{ name: 'KEY', value: 's3cret' }],
    });
    expect(created).toMatchObject({
      name: 'shapes', supported_triggers: [{ id: 'post-login', version: 'v3' }], code: CJS, runtime: 'node22',
      all_changes_deployed: false, status: 'built', secrets: [{ name: 'KEY' }],
    });
    expect(JSON.stringify(created)).not.toContain('s3cret');
    expect(created.deployed_version).toBeUndefined();

    const version = await sdk.actions.deploy(created.id!);
    expect(version).toMatchObject({ action_id: created.id, number: 1, deployed: true, status: 'built', code: CJS, secrets: [{ name: 'KEY' }] });
    expect(JSON.stringify(version)).not.toContain('s3cret');
    expect(await sdk.actions.get(created.id!)).toMatchObject({ all_changes_deployed: true, deployed_version: { number: 1 } });

    const patched = await sdk.actions.update(created.id!, { code: `${CJS}\n// v2` });
    expect(patched).toMatchObject({ all_changes_deployed: false, deployed_version: { number: 1, code: CJS } });

    const listed = await sdk.actions.list({ actionName: 'shapes' });
    expect(listed.data.map((a) => a.id)).toEqual([created.id]);
    expect((await sdk.actions.list({ triggerId: 'credentials-exchange' })).data).toEqual([]);
  });

  test('scopes: read:actions to read, create:actions to create and deploy, update:actions to update and bind', async () => {
    const read = await h.token('read:actions');
    expect((await h.api('GET', '/api/v2/actions/actions', { token: read })).status).toBe(200);
    const denied = await h.api('POST', '/api/v2/actions/actions', { token: read, body: { name: 'x', supported_triggers: [{ id: 'post-login' }] } });
    expect(denied).toMatchObject({ status: 403, body: { errorCode: 'insufficient_scope', message: 'Insufficient scope; expected any of: create:actions.' } });
    expect((await h.api('PATCH', '/api/v2/actions/triggers/post-login/bindings', { token: read, body: { bindings: [] } })).status).toBe(403);
    expect((await h.api('GET', '/api/v2/actions/triggers/post-login/bindings', { token: await h.token('create:actions') })).status).toBe(403);
  });

  test('a duplicate name is 409; an unknown id is 404; a bad body is 400', async () => {
    await sdk.actions.create({ name: 'dupe', supported_triggers: [{ id: 'post-login' }], code: CJS });
    expect((await fail(sdk.actions.create({ name: 'dupe', supported_triggers: [{ id: 'post-login' }] }))).statusCode).toBe(409);
    expect((await fail(sdk.actions.get('00000000-0000-0000-0000-000000000000'))).statusCode).toBe(404);
    const bad = await h.api('POST', '/api/v2/actions/actions', { token: await h.token(ALL), body: { name: 'x' } });
    expect(bad).toMatchObject({ status: 400, body: { errorCode: 'invalid_body' } });
  });

  test('deploying TypeScript or ESM is refused as Auth0 cannot run it, and nothing changes', async () => {
    for (const [name, code] of [
      ['esm', 'export const onExecutePostLogin = async (event, api) => {};'],
      ['ts', 'exports.onExecutePostLogin = async (event: unknown, api: unknown) => {};'],
      ['no-handler', 'exports.somethingElse = () => {};'],
    ]) {
      const a = await sdk.actions.create({ name: name!, supported_triggers: [{ id: 'post-login' }], code: code! });
      const r = await stateAfter(h.store, () => sdk.actions.deploy(a.id!));
      expect(r.changed).toBe(false);
      expect((r.error as any).statusCode).toBe(400);
      expect((r.error as any).body.message).toMatch(/could not be built/);
    }
  });

  test('the built post-login Action deploys as it is', async () => {
    const a = await sdk.actions.create({ name: 'built', supported_triggers: [{ id: 'post-login' }], code: readPostLoginActionArtifact() });
    expect((await sdk.actions.deploy(a.id!)).deployed).toBe(true);
  });
});

describe('bindings', () => {
  test('only a deployed action can be bound; bindings are replaced in order and refer by id or name', async () => {
    const draft = await sdk.actions.create({ name: 'draft-only', supported_triggers: [{ id: 'post-login' }], code: CJS });
    const r = await stateAfter(h.store, () => sdk.actions.triggers.bindings.updateMany('post-login', { bindings: [{ ref: { type: 'action_id', value: draft.id! } }] }));
    expect(r.changed).toBe(false);
    expect((r.error as any).statusCode).toBe(400);
    expect((r.error as any).body.message).toMatch(/has not been deployed/);

    const one = await sdk.actions.create({ name: 'first', supported_triggers: [{ id: 'post-login' }], code: CJS, deploy: true } as never);
    const two = await sdk.actions.create({ name: 'second', supported_triggers: [{ id: 'post-login' }], code: CJS });
    await sdk.actions.deploy(two.id!);
    const res = await sdk.actions.triggers.bindings.updateMany('post-login', {
      bindings: [{ ref: { type: 'action_name', value: 'second' }, display_name: 'Second' }, { ref: { type: 'action_id', value: one.id! } }],
    });
    expect(res.bindings!.map((b) => [b.display_name, b.action!.name, b.trigger_id])).toEqual([['Second', 'second', 'post-login'], ['first', 'first', 'post-login']]);
    const listed = await sdk.actions.triggers.bindings.list('post-login');
    expect(listed.data.map((b) => b.action!.id)).toEqual([two.id, one.id]);
    // an action bound twice is refused
    expect((await fail(sdk.actions.triggers.bindings.updateMany('post-login', { bindings: [{ ref: { type: 'action_id', value: one.id! } }, { ref: { type: 'action_name', value: 'first' } }] }))).statusCode).toBe(400);
    await sdk.actions.triggers.bindings.updateMany('post-login', { bindings: [] });
    expect((await sdk.actions.triggers.bindings.list('post-login')).data).toEqual([]);
  });

  test('an unknown trigger is 400', async () => {
    expect((await h.api('GET', '/api/v2/actions/triggers/not-a-trigger/bindings', { token: await h.token(ALL) })).status).toBe(400);
  });
});
