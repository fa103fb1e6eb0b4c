// Form inputs of the admin console, validated with zod. Messages are written for the page.
import { z } from 'zod';
import { ROLES, type Role } from '@/lib/core/permissions';

/** Checkbox groups arrive as repeated fields (FormData.getAll). */
export const rolesField = z
  .array(z.enum(ROLES, { error: 'Unknown role' }), { error: 'Choose at least one role' })
  .min(1, 'Choose at least one role')
  .transform((roles): Role[] => [...new Set(roles)]);

export const emailField = z
  .string({ error: 'Email is required' })
  .trim()
  .toLowerCase()
  .min(1, 'Email is required')
  .max(254, 'Email: at most 254 characters')
  .pipe(z.email({ error: 'Enter a valid email address' }));

export const userIdField = z.string({ error: 'Member is required' }).trim().min(1, 'Member is required').max(255, 'Member id is too long');

/** The connection an invitee must use: "" (any), "database", or one of the org's SSO connection ids. */
export const invitationConnectionField = z.string().trim().max(64, 'Unknown connection').default('');
export const inviteInput = z.object({ email: emailField, roles: rolesField, connection: invitationConnectionField });
export const rolesInput = z.object({ userId: userIdField, roles: rolesField });

const HEX_COLOR = /^#[0-9a-fA-F]{6}$/;
const color = (label: string) =>
  z
    .string({ error: `${label} is required` })
    .trim()
    .regex(HEX_COLOR, `${label}: use a colour like #4f46e5`)
    .transform((c) => c.toLowerCase());

/** https anywhere; plain http only for this machine (local development). */
export function logoUrlProblem(value: string): string | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'Logo URL: enter a full address starting with https://';
  }
  if (url.protocol === 'https:') return null;
  const local = url.hostname === 'localhost' || url.hostname.endsWith('.localhost') || url.hostname === '127.0.0.1';
  if (url.protocol === 'http:' && local) return null;
  return 'Logo URL must start with https://';
}

export const organizationInput = z.object({
  displayName: z
    .string({ error: 'Display name is required' })
    .trim()
    .min(1, 'Display name is required')
    .max(255, 'Display name: at most 255 characters'),
  logoUrl: z
    .string()
    .trim()
    .max(2000, 'Logo URL: at most 2000 characters')
    .superRefine((value, ctx) => {
      const problem = value ? logoUrlProblem(value) : null;
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    })
    .transform((v) => v || null)
    .default(''),
  primaryColor: color('Primary colour'),
  pageBackgroundColor: color('Page colour'),
});
export type OrganizationInput = z.infer<typeof organizationInput>;

export const deleteOrganizationInput = z.object({
  confirmSlug: z.string({ error: 'Type the organization address to confirm' }).trim().min(1, 'Type the organization address to confirm'),
});
