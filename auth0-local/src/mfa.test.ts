// The authenticator-app factor's rules: RFC 6238 codes within one step of drift, each code
// once, recovery codes hashed and single-use, a recovery code never outliving the last factor.
import { describe, expect, test } from 'vitest';
import {
  AlreadyEnrolledError, currentCode, enrolTotp, matchingStep, newTotpSecret, otpauthUri, redeemRecoveryCode, removeFactors, verifyTotpCode,
} from './mfa.js';
import { emptyState, TenantStore } from './store.js';

const T = Date.parse('2026-06-01T12:00:10Z');
const STEP = Math.floor(T / 30_000);
const now = new Date(T).toISOString();

function storeWithUser() {
  const store = new TenantStore(null, emptyState());
  return { store, userId: 'auth0|u1' };
}

describe('TOTP codes', () => {
  test('one step of drift either way; malformed or far codes refused', () => {
    const secret = newTotpSecret();
    expect(matchingStep(secret, currentCode(secret, T), T)).toBe(STEP);
    expect(matchingStep(secret, currentCode(secret, T - 30_000), T)).toBe(STEP - 1);
    expect(matchingStep(secret, currentCode(secret, T + 30_000), T)).toBe(STEP + 1);
    expect(matchingStep(secret, currentCode(secret, T + 90_000), T)).toBeUndefined();
    expect(matchingStep(secret, ` ${currentCode(secret, T).slice(0, 3)} ${currentCode(secret, T).slice(3)} `, T)).toBe(STEP);
    for (const bad of ['', '12345', '1234567', 'abcdef']) expect(matchingStep(secret, bad, T)).toBeUndefined();
    expect(otpauthUri(secret, 'bob@acme.test', 'Tenantry')).toMatch(new RegExp(`^otpauth://totp/Tenantry:bob%40acme\\.test\\?issuer=Tenantry&secret=${secret}&algorithm=SHA1&digits=6&period=30$`));
  });

  test('a code is accepted once, and never one older than the last accepted', async () => {
    const { store, userId } = storeWithUser();
    const secret = newTotpSecret();
    await enrolTotp(store, userId, secret, STEP, now);
    expect(verifyTotpCode(store, userId, currentCode(secret, T), now, T)).toBe(false); // the enrolment used it
    expect(verifyTotpCode(store, userId, currentCode(secret, T + 30_000), now, T)).toBe(true);
    expect(verifyTotpCode(store, userId, currentCode(secret, T + 30_000), now, T)).toBe(false);
    expect(verifyTotpCode(store, userId, currentCode(secret, T - 30_000), now, T)).toBe(false);
    await expect(enrolTotp(store, userId, newTotpSecret(), STEP, now)).rejects.toBeInstanceOf(AlreadyEnrolledError);
  });
});

describe('recovery codes', () => {
  test('stored hashed, redeemed once for a new one; removed with the last factor', async () => {
    const { store, userId } = storeWithUser();
    const code = await enrolTotp(store, userId, newTotpSecret(), STEP, now);
    expect(JSON.stringify(store.state)).not.toContain(code);
    const next = await redeemRecoveryCode(store, userId, code, now);
    expect(next).toMatch(/^[A-Z0-9]{24}$/);
    expect(await redeemRecoveryCode(store, userId, code, now)).toBeUndefined();
    expect(await redeemRecoveryCode(store, userId, next!, now)).toMatch(/^[A-Z0-9]{24}$/);

    expect(removeFactors(store, userId, (m) => m.type === 'totp')).toBe(2);
    expect(store.authenticationMethodsOf(userId)).toEqual([]);
  });
});
