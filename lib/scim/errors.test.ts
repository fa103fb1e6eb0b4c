// How refusals become SCIM error answers: a rule of the organization is the client's 409, a
// role missing in Auth0 is our setup's 500 (the directory cannot fix it by sending again).
import { expect, it } from 'vitest';
import { scimErrorResponse } from '@/lib/scim/errors';
import { DomainError } from '@/lib/core/errors';
import { MissingRole } from '@/lib/management/roles';

it('a domain refusal is a 409 with its message', async () => {
  const response = scimErrorResponse(new DomainError('This is the last admin of the organization.'));
  expect(response.status).toBe(409);
  expect(await response.json()).toMatchObject({ status: '409', detail: 'This is the last admin of the organization.' });
});

it('a role missing in Auth0 is a 500 that says who can fix it', async () => {
  const response = scimErrorResponse(new MissingRole('org_admin'));
  expect(response.status).toBe(500);
  expect(await response.json()).toMatchObject({ status: '500', detail: 'The role org_admin is missing in Auth0. Ask Tenantry support to run npm run auth0:provision.' });
});
