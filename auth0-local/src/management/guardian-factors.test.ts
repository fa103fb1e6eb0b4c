// GET /guardian/factors and PUT /guardian/factors/{name}: Auth0's shapes and scopes, the state kept.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ManagementClient } from 'auth0';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { PROVISIONER, READONLY_M2M, startHarness, stateAfter, type Harness } from '../../testing/management-api-harness';
import { emptyState, TenantStore } from '../store';

let h: Harness;
let pc: ManagementClient;
beforeAll(async () => {
  h = await startHarness();
  pc = h.client(PROVISIONER);
});
afterAll(async () => { await h.close(); });

describe('guardian factors', () => {
  test('a new tenant lists every factor off; PUT switches one on and answers { enabled }', async () => {
    const before = await pc.guardian.factors.list();
    expect(before.map((f) => f.name).sort()).toEqual(['duo', 'email', 'otp', 'push-notification', 'recovery-code', 'sms', 'webauthn-platform', 'webauthn-roaming']);
    expect(before.every((f) => f.enabled === false && f.trial_expired === false)).toBe(true);

    expect(await pc.guardian.factors.set('otp', { enabled: true })).toEqual({ enabled: true });
    expect(h.store.state.guardianFactors.otp).toBe(true);
    const after = await pc.guardian.factors.list();
    expect(after.find((f) => f.name === 'otp')).toEqual({ name: 'otp', enabled: true, trial_expired: false });
    expect(after.find((f) => f.name === 'recovery-code')?.enabled).toBe(false);

    expect(await pc.guardian.factors.set('otp', { enabled: false })).toEqual({ enabled: false });
    expect(h.store.state.guardianFactors.otp).toBe(false);
  });

  test('an unknown factor or a bad body is 400 and changes nothing', async () => {
    for (const call of [
      () => pc.guardian.factors.set('totp' as never, { enabled: true }),
      () => pc.guardian.factors.set('otp', {} as never),
      () => pc.guardian.factors.set('otp', { enabled: 'yes' } as never),
      () => pc.guardian.factors.set('otp', { enabled: true, extra: 1 } as never),
    ]) {
      const r = await stateAfter(h.store, call);
      expect(r.changed).toBe(false);
      expect((r.error as { statusCode?: number }).statusCode).toBe(400);
    }
  });

  test('reading needs read:guardian_factors, switching needs update:guardian_factors (403 insufficient_scope, nothing changes)', async () => {
    const ro = h.client(READONLY_M2M);
    await expect(ro.guardian.factors.list()).rejects.toMatchObject({ statusCode: 403, body: { errorCode: 'insufficient_scope' } });
    const r = await stateAfter(h.store, () => ro.guardian.factors.set('otp', { enabled: true }));
    expect(r.changed).toBe(false);
    expect(r.error).toMatchObject({ statusCode: 403, body: { errorCode: 'insufficient_scope', message: expect.stringContaining('update:guardian_factors') } });
  });
});

describe('a saved state', () => {
  test('written before factors were kept keeps its MFA working (otp, recovery-code on); a saved choice is kept as is', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tenantry-factors-'));
    const { guardianFactors: _omitted, ...older } = emptyState();
    writeFileSync(join(dir, 'old.json'), JSON.stringify(older));
    expect(new TenantStore(join(dir, 'old.json')).state.guardianFactors).toMatchObject({ otp: true, 'recovery-code': true, sms: false });
    writeFileSync(join(dir, 'new.json'), JSON.stringify(emptyState()));
    expect(new TenantStore(join(dir, 'new.json')).state.guardianFactors).toMatchObject({ otp: false, 'recovery-code': false });
  });
});
