// An organization's security policy: what its org admins set on /settings/security and what
// the post-login Action (at Auth0), middleware and the session check (in the app) enforce.
// Edge-safe and pure: the policy's shape, its defaults, the app's global bounds, and the
// validation of an admin's form input (field errors, never an exception).
import { z } from 'zod';
import { InvalidCidr, parseCidr } from '@/lib/security/cidr';

export type MfaRequirement = 'off' | 'required';
export type SignInMethods = 'any' | 'sso_only';

export interface SecurityPolicy {
  /** Multi-factor authentication for members at sign-in. */
  mfa: MfaRequirement;
  /** With MFA required: people who sign in through one of the organization's SSO connections are exempt (their IdP does MFA). */
  mfaSsoExempt: boolean;
  /** "sso_only": members sign in through the organization's SSO connections; password sign-in is refused except for the break-glass admins. */
  signInMethods: SignInMethods;
  /** Auth0 user ids of the admins who may still sign in with a password while SSO only is on. */
  breakGlassUserIds: string[];
  /** Maximum session age in minutes (null: the app's global maximum). */
  sessionMaxAgeMinutes: number | null;
  /** Idle timeout in minutes (null: the app's global idle timeout). */
  sessionIdleMinutes: number | null;
  /** CIDR ranges allowed to reach the tenant's host; empty: no allowlist. */
  ipAllowlist: string[];
  /** Whether the allowlist also applies to the SCIM endpoint (identity providers call it from their own addresses). */
  ipAllowlistAppliesToScim: boolean;
}

export const DEFAULT_SECURITY_POLICY: SecurityPolicy = Object.freeze({
  mfa: 'off',
  mfaSsoExempt: false,
  signInMethods: 'any',
  breakGlassUserIds: [],
  sessionMaxAgeMinutes: null,
  sessionIdleMinutes: null,
  ipAllowlist: [],
  ipAllowlistAppliesToScim: false,
}) as SecurityPolicy;

/**
 * The app's global bounds (lib/auth/auth0.ts SESSION_LIFETIME: 3 days absolute, 1 day idle),
 * in minutes. An organization may only shorten them.
 */
export const SESSION_POLICY_BOUNDS = {
  maxAgeMinutes: { min: 15, max: 3 * 24 * 60 },
  idleMinutes: { min: 5, max: 24 * 60 },
} as const;

/**
 * At most this many break-glass admins: the post-login Action reads them from the Auth0
 * organization's metadata, whose values are limited to 255 characters
 * (https://auth0.com/docs/manage-users/organizations/configure-organizations/metadata).
 */
export const MAX_BREAK_GLASS_ADMINS = 5;
/** At most this many allowlist ranges (the list travels to middleware with the tenant). */
export const MAX_ALLOWLIST_RANGES = 50;

const minutes = (label: string, bounds: { min: number; max: number }) =>
  z
    .string()
    .trim()
    .transform((s, ctx) => {
      if (s === '') return null;
      if (!/^\d+$/.test(s)) {
        ctx.addIssue({ code: 'custom', message: `${label} must be a whole number of minutes.` });
        return z.NEVER;
      }
      const n = Number(s);
      if (n < bounds.min || n > bounds.max) {
        ctx.addIssue({ code: 'custom', message: `${label} must be between ${bounds.min} and ${bounds.max} minutes.` });
        return z.NEVER;
      }
      return n;
    });

/** The allowlist as typed: one range per line (or comma-separated); canonical ranges out. */
const allowlist = z.string().transform((text, ctx) => {
  const entries = text.split(/[\s,]+/).map((s) => s.trim()).filter(Boolean);
  const ranges: string[] = [];
  for (const entry of entries) {
    try {
      const { text: canonical } = parseCidr(entry);
      if (!ranges.includes(canonical)) ranges.push(canonical);
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: error instanceof InvalidCidr ? error.message : `“${entry}” is not a valid IP range.` });
      return z.NEVER;
    }
  }
  if (ranges.length > MAX_ALLOWLIST_RANGES) {
    ctx.addIssue({ code: 'custom', message: `At most ${MAX_ALLOWLIST_RANGES} ranges.` });
    return z.NEVER;
  }
  return ranges;
});

/** The form's fields, as strings (checkboxes: "on" or absent). */
export const securityPolicyForm = z
  .object({
    mfa: z.enum(['off', 'required'], { message: 'Choose whether MFA is required.' }),
    mfaSsoExempt: z.string().optional().transform((v) => v === 'on' || v === 'true'),
    signInMethods: z.enum(['any', 'sso_only'], { message: 'Choose the allowed sign-in methods.' }),
    breakGlassUserIds: z.array(z.string().trim().min(1)).default([]),
    sessionMaxAgeMinutes: minutes('Maximum session age', SESSION_POLICY_BOUNDS.maxAgeMinutes),
    sessionIdleMinutes: minutes('Idle timeout', SESSION_POLICY_BOUNDS.idleMinutes),
    ipAllowlist: allowlist,
    ipAllowlistAppliesToScim: z.string().optional().transform((v) => v === 'on' || v === 'true'),
  })
  .superRefine((p, ctx) => {
    const breakGlass = [...new Set(p.breakGlassUserIds)];
    if (p.signInMethods === 'sso_only' && breakGlass.length === 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['breakGlassUserIds'],
        message: 'Name at least one break-glass admin: if your identity provider is down, they are the only way back in.',
      });
    }
    if (breakGlass.length > MAX_BREAK_GLASS_ADMINS) {
      ctx.addIssue({ code: 'custom', path: ['breakGlassUserIds'], message: `At most ${MAX_BREAK_GLASS_ADMINS} break-glass admins.` });
    }
    if (p.sessionMaxAgeMinutes !== null && p.sessionIdleMinutes !== null && p.sessionIdleMinutes > p.sessionMaxAgeMinutes) {
      ctx.addIssue({ code: 'custom', path: ['sessionIdleMinutes'], message: 'The idle timeout cannot be longer than the maximum session age.' });
    }
  })
  .transform((p): SecurityPolicy => ({ ...p, breakGlassUserIds: [...new Set(p.breakGlassUserIds)] }));

/** Whether a session is past this policy's lifetime: its age or its idle time. */
export function sessionExpiredBy(
  policy: Pick<SecurityPolicy, 'sessionMaxAgeMinutes' | 'sessionIdleMinutes'>,
  session: { startedAtMs: number; lastSeenAtMs: number },
  nowMs: number,
): 'max_age' | 'idle' | null {
  if (policy.sessionMaxAgeMinutes !== null && nowMs - session.startedAtMs > policy.sessionMaxAgeMinutes * 60_000) return 'max_age';
  if (policy.sessionIdleMinutes !== null && nowMs - session.lastSeenAtMs > policy.sessionIdleMinutes * 60_000) return 'idle';
  return null;
}
