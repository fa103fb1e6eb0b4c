// Auth0 hides a connection's `options` from a token without read:connections_options
// (https://auth0.com/docs/troubleshoot/product-lifecycle/deprecations-and-migrations/migrate-connection-options-scope).
// A change built from such an answer would replace the certificate or client secret with
// nearly nothing: the app must refuse instead, and leave Auth0's connection as it was.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startWorld, type World } from '@/lib/testing/world';
import { M2M } from '@/auth0-local/testing/management-api-harness';
import { startSamlIdp, type SamlIdp } from '@/auth0-local/testing/index';

let w: World;
let saml: SamlIdp;

beforeAll(async () => {
  [w, saml] = await Promise.all([startWorld(), startSamlIdp()]);
  // A grant as the README's older instructions gave it: everything but the options scopes' read half.
  w.harness.store.mutate((s) => {
    const grant = s.clientGrants.find((g) => g.client_id === M2M.id)!;
    grant.scope = grant.scope.filter((x) => x !== 'read:connections_options');
  });
});
afterAll(async () => {
  await w?.close();
  await saml?.close();
});

it('refuses to edit a connection or sync domains when Auth0 leaves the options out, and changes nothing there', async () => {
  const sso = await import('@/lib/sso/connections');
  const inputs = await import('@/lib/sso/inputs');
  const admin = await w.ctx('acme', 'alice@acme.test');
  const settings = (extra: Record<string, unknown>) =>
    inputs.samlInput('create').parse({ displayName: 'Acme Okta', autoMembership: 'on', defaultRole: 'org_member', signInUrl: saml.signInUrl, certificate: saml.certificatePem, ...extra });
  const row = await sso.createSamlConnection(admin, settings({}));
  const stored = () => w.harness.store.connectionById(row.auth0ConnectionId)!;
  const before = structuredClone(stored().options);
  expect(before.signingCert).toBeTruthy();

  // The edit form without a new certificate: built from an options-less GET it would drop the certificate.
  const update = await sso.updateSamlConnection(admin, row.id, inputs.samlInput('edit').parse({ displayName: 'Renamed', autoMembership: 'on', defaultRole: 'org_member', signInUrl: saml.signInUrl })).catch((e) => e);
  expect(update.message).toBe(sso.OPTIONS_SCOPE_MISSING);
  await expect(sso.connectionSettings(admin, row.id)).rejects.toThrow(sso.OPTIONS_SCOPE_MISSING);
  const { allOrNothing } = await import('@/lib/core/undo');
  await expect(allOrNothing((undo) => sso.syncDomainAliases(admin, undo, ['acme.test']))).rejects.toThrow(sso.OPTIONS_SCOPE_MISSING);

  expect(stored().options).toEqual(before);
  expect(stored().display_name).toBe('Acme Okta');
  expect(stored().enabled_clients).toEqual(['tenantry-local-app']);
});
