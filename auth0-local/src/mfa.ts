// Multi-factor authentication with an authenticator app (Auth0's "One-time Password" factor,
// `otp` in Actions, `totp` in the Management API) and its recovery code, as Auth0 keeps them:
//   https://auth0.com/docs/secure/multi-factor-authentication/multi-factor-authentication-factors/configure-otp-notifications-for-mfa
//   https://auth0.com/docs/secure/multi-factor-authentication/configure-recovery-codes-for-mfa
// TOTP per RFC 6238 (SHA-1, 6 digits, 30 s) through `otpauth`; the QR code through `qrcode`.
// Codes are checked against real time, not the tenant's test clock: the authenticator app that
// computes them lives in real time.
import { Secret, TOTP } from 'otpauth';
import QRCode from 'qrcode';
import { randomBytes } from 'node:crypto';
import { hashPassword, newId, verifyPassword, type AuthenticationMethod, type TenantStore } from './store.js';

const PERIOD = 30;
const DIGITS = 6;
/** One step either side, for clock drift between the phone and the tenant. */
const WINDOW = 1;
const RECOVERY_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
/** Auth0's recovery codes are 24 characters. */
const RECOVERY_LENGTH = 24;

export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

function totp(secret: string, label = 'user', issuer = 'Tenantry'): TOTP {
  return new TOTP({ issuer, label, algorithm: 'SHA1', digits: DIGITS, period: PERIOD, secret: Secret.fromBase32(secret) });
}

/** The otpauth:// URI authenticator apps read from the QR code. */
export function otpauthUri(secret: string, accountName: string, issuer: string): string {
  return totp(secret, accountName, issuer).toString();
}

export function qrCodeDataUrl(uri: string): Promise<string> {
  return QRCode.toDataURL(uri, { errorCorrectionLevel: 'M', margin: 1, width: 200 });
}

/** The time step a code matches (within the window), or undefined. */
export function matchingStep(secret: string, code: string, nowMs = Date.now()): number | undefined {
  const token = code.replace(/\s+/g, '');
  if (!/^\d{6}$/.test(token)) return undefined;
  const delta = totp(secret).validate({ token, timestamp: nowMs, window: WINDOW });
  if (delta === null) return undefined;
  return Math.floor(nowMs / 1000 / PERIOD) + delta;
}

/** What a test or a person's phone shows for a secret at `nowMs`. */
export function currentCode(secret: string, nowMs = Date.now()): string {
  return totp(secret).generate({ timestamp: nowMs });
}

export function newRecoveryCode(): string {
  const bytes = randomBytes(RECOVERY_LENGTH);
  let out = '';
  for (let i = 0; i < RECOVERY_LENGTH; i++) out += RECOVERY_ALPHABET[bytes[i]! % RECOVERY_ALPHABET.length];
  return out;
}

const normalizeRecovery = (code: string) => code.replace(/[\s-]+/g, '').toUpperCase();

export function confirmedTotp(store: TenantStore, userId: string): AuthenticationMethod | undefined {
  return store.authenticationMethodsOf(userId).find((m) => m.type === 'totp' && m.confirmed);
}

/** Factors the user can be challenged with (the recovery code is a fallback, not a factor). */
export function hasEnrolledFactor(store: TenantStore, userId: string): boolean {
  return !!confirmedTotp(store, userId);
}

/**
 * Enrols an authenticator app whose first code (at `step`) the user has just shown, with a new
 * recovery code. Returns the recovery code: it is shown this once and only its hash is kept.
 */
export async function enrolTotp(store: TenantStore, userId: string, secret: string, step: number, nowIso: string): Promise<string> {
  const recoveryCode = newRecoveryCode();
  const codeHash = await hashPassword(recoveryCode);
  store.mutate((s) => {
    if (s.authenticationMethods.some((m) => m.user_id === userId && m.type === 'totp' && m.confirmed)) {
      throw new AlreadyEnrolledError();
    }
    s.authenticationMethods = s.authenticationMethods.filter((m) => !(m.user_id === userId && m.type === 'recovery-code'));
    s.authenticationMethods.push(
      { id: `totp|${newId.enrollment()}`, user_id: userId, type: 'totp', confirmed: true, secret, created_at: nowIso, last_auth_at: nowIso, last_step: step },
      { id: `recovery-code|${newId.enrollment()}`, user_id: userId, type: 'recovery-code', confirmed: true, code_hash: codeHash, created_at: nowIso },
    );
  });
  return recoveryCode;
}

export class AlreadyEnrolledError extends Error {
  constructor() { super('The user already has an authenticator app enrolled.'); }
}

/** Checks a code of the user's authenticator app; a code (time step) is accepted once. */
export function verifyTotpCode(store: TenantStore, userId: string, code: string, nowIso: string, nowMs = Date.now()): boolean {
  const method = confirmedTotp(store, userId);
  if (!method?.secret) return false;
  const step = matchingStep(method.secret, code, nowMs);
  if (step === undefined || (method.last_step !== undefined && step <= method.last_step)) return false;
  store.mutate((s) => {
    const m = s.authenticationMethods.find((x) => x.id === method.id);
    if (m) { m.last_step = step; m.last_auth_at = nowIso; }
  });
  return true;
}

/**
 * Signs in with the recovery code: it works once, and the user gets a new one (shown once),
 * as Auth0 does. Returns the new code, or undefined when the code is wrong.
 */
export async function redeemRecoveryCode(store: TenantStore, userId: string, code: string, nowIso: string): Promise<string | undefined> {
  const current = store.authenticationMethodsOf(userId).find((m) => m.type === 'recovery-code');
  if (!current?.code_hash || !(await verifyPassword(normalizeRecovery(code), current.code_hash))) return undefined;
  const next = newRecoveryCode();
  const nextHash = await hashPassword(next);
  let redeemed = false;
  store.mutate((s) => {
    // Re-checked inside the write: two racing uses of one code cannot both win.
    const m = s.authenticationMethods.find((x) => x.id === current.id && x.code_hash === current.code_hash);
    if (!m) return;
    m.code_hash = nextHash;
    m.last_auth_at = nowIso;
    redeemed = true;
  });
  return redeemed ? next : undefined;
}

/** A new recovery code replacing the old one (Management API recovery-code-regeneration). */
export async function regenerateRecoveryCode(store: TenantStore, userId: string, nowIso: string): Promise<string | undefined> {
  if (!hasEnrolledFactor(store, userId)) return undefined;
  const next = newRecoveryCode();
  const nextHash = await hashPassword(next);
  store.mutate((s) => {
    s.authenticationMethods = s.authenticationMethods.filter((m) => !(m.user_id === userId && m.type === 'recovery-code'));
    s.authenticationMethods.push({ id: `recovery-code|${newId.enrollment()}`, user_id: userId, type: 'recovery-code', confirmed: true, code_hash: nextHash, created_at: nowIso });
  });
  return next;
}

/**
 * Removes factors matching `which`; a recovery code left without any factor goes too (it could
 * only ever sign in past a factor the user no longer has).
 */
export function removeFactors(store: TenantStore, userId: string, which: (m: AuthenticationMethod) => boolean): number {
  return store.mutate((s) => {
    const before = s.authenticationMethods.length;
    s.authenticationMethods = s.authenticationMethods.filter((m) => m.user_id !== userId || !which(m));
    const factorsLeft = s.authenticationMethods.some((m) => m.user_id === userId && m.type !== 'recovery-code');
    if (!factorsLeft) s.authenticationMethods = s.authenticationMethods.filter((m) => !(m.user_id === userId && m.type === 'recovery-code'));
    return before - s.authenticationMethods.length;
  });
}

/** The Management API's authentication method (secrets and hashes never leave the tenant). */
export function authenticationMethodJson(m: AuthenticationMethod): Record<string, unknown> {
  return {
    id: m.id,
    type: m.type,
    confirmed: m.confirmed,
    ...(m.type === 'totp' ? { name: 'Authenticator app' } : {}),
    created_at: m.created_at,
    ...(m.type === 'totp' ? { enrolled_at: m.created_at } : {}),
    ...(m.last_auth_at ? { last_auth_at: m.last_auth_at } : {}),
  };
}

/** The Guardian enrollment id behind an authentication method id (`totp|dev_x` -> `dev_x`). */
export const enrollmentIdOf = (m: AuthenticationMethod) => m.id.slice(m.id.indexOf('|') + 1);

/** GET /users/{id}/enrollments: Guardian's view of an OTP factor. */
export function enrollmentJson(m: AuthenticationMethod): Record<string, unknown> {
  return {
    id: enrollmentIdOf(m),
    status: m.confirmed ? 'confirmed' : 'pending',
    type: 'authenticator',
    auth_method: 'authenticator',
    enrolled_at: m.created_at,
    ...(m.last_auth_at ? { last_auth: m.last_auth_at } : {}),
  };
}
