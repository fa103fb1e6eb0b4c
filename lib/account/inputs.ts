// What the account page's forms may send (zod): checked before anything is asked of Auth0.
import { z } from 'zod';

export const nameInput = z.object({
  name: z.string({ error: 'Name is required' }).trim().min(1, 'Name is required').max(100, 'Name is at most 100 characters'),
});

export const organizationInput = z.object({
  tenantId: z.string({ error: 'Organization is required' }).min(1, 'Organization is required').max(100).regex(/^[A-Za-z0-9_-]+$/, 'Not an organization of ours'),
});

// Auth0 authentication method ids: "<type>|<id>" (totp|dev_x, recovery-code|dev_y, ...).
export const factorInput = z.object({
  factorId: z.string({ error: 'Factor is required' }).min(1, 'Factor is required').max(200).regex(/^[A-Za-z0-9_|:.-]+$/, 'Not a factor id'),
});

export const deleteAccountInput = z.object({
  confirmEmail: z.string({ error: 'Type your email address to confirm' }).trim().min(1, 'Type your email address to confirm').max(320),
});
