// Auth0 stores database users' addresses lower-cased and GET /users-by-email matches case-
// sensitively (https://auth0.com/docs/manage-users/user-search/retrieve-users-with-get-users-by-email-endpoint):
// an address typed with capitals must reach the Management API lower-cased, or an existing
// account is missed.
import { expect, it } from 'vitest';
import { emailField, inviteInput } from '@/lib/admin/inputs';

it('lower-cases and trims the address before anything looks it up', () => {
  expect(emailField.parse('  Bob@Acme.TEST ')).toBe('bob@acme.test');
  expect(inviteInput.parse({ email: 'Carol@Example.Test', roles: ['org_member'], connection: '' }).email).toBe('carol@example.test');
});
